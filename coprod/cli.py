"""Command line: `python -m coprod validate [PATH ...]` and `python -m coprod report EXPORT.json --out plan.pdf`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from coprod.instruments import load_library
from coprod.paths import instruments_dir


def _validate(paths: list[Path]) -> int:
    missing = [p for p in paths if not p.exists()]
    for path in missing:
        print(f"{path}: (file): not found")
    library = load_library(*[p for p in paths if p.exists()])
    for broken in library.broken:
        for problem in broken.problems:
            print(problem)
    for instrument in library.instruments:
        print(f"{Path(instrument.path).name}: ok ({instrument.id}, {len(instrument.items)} items)", file=sys.stderr)
    if not library.instruments and not library.broken and not missing:
        print("no instrument files (*.toml) found")
        return 1
    return 1 if (library.broken or missing) else 0


def _report(export: Path, out: Path) -> int:
    """Build the same PDF the app gives, from a JSON export (a coordinator collecting several)."""
    from coprod.exchange import BadImport, import_json
    from coprod.reports import pdf_report

    try:
        instrument, doc = import_json(export.read_bytes(), load_library(instruments_dir()))
    except OSError as error:
        print(f"{export}: cannot be read: {error.strerror}")
        return 1
    except BadImport as problem:
        print(f"{export}: {problem}")
        return 1
    out.write_bytes(pdf_report(instrument, {**doc, "token": "", "code": ""}))
    print(f"{out}: written ({instrument.short_title}, {doc['title']})", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m coprod", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser("validate", help="check instrument files; one line per problem")
    validate.add_argument("paths", nargs="*", type=Path, help="files or folders (default: instruments/)")
    report = commands.add_parser("report", help="build the PDF plan from an assessment's JSON export")
    report.add_argument("export", type=Path, help="the .json file downloaded from an assessment's results")
    report.add_argument("--out", type=Path, required=True, help="where to write the PDF")
    args = parser.parse_args(argv)
    if args.command == "validate":
        return _validate(args.paths or [instruments_dir()])
    return _report(args.export, args.out)
