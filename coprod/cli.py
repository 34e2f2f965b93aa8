"""Command line: `python -m coprod validate [PATH ...]`."""

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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m coprod", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser("validate", help="check instrument files; one line per problem")
    validate.add_argument("paths", nargs="*", type=Path, help="files or folders (default: instruments/)")
    args = parser.parse_args(argv)
    if args.command == "validate":
        return _validate(args.paths or [instruments_dir()])
    return 2
