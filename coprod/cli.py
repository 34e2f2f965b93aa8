"""Command line: `python -m coprod validate [PATH ...]`, `python -m coprod report EXPORT.json --out plan.pdf`,
`python -m coprod overview EXPORT.json ... --out overview.pdf`,
`python -m coprod purge --older-than 400d [--dry-run]` and `python -m coprod migrate --from PLACE --to PLACE`
(a data folder or a postgresql:// URL each)."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from coprod.common.paths import instruments_dir
from coprod.library.loading import load_library
from coprod.storage.interface import Unavailable


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


def _read_export(export: Path, library) -> tuple | None:
    """An export's instrument and assessment, or None after saying why it cannot be read (what the
    app's rules left out of it is said too)."""
    from coprod.files.exchange import BadImport, import_json

    left_out: list[str] = []
    try:
        read = import_json(export.read_bytes(), library, left_out)
    except OSError as error:
        print(f"{export}: cannot be read: {error.strerror}")
        return None
    except BadImport as problem:
        print(f"{export}: {problem}")
        return None
    for note in left_out:
        print(f"{export}: {note}", file=sys.stderr)
    return read


def _report(export: Path, out: Path) -> int:
    """Build the same PDF the app gives, from a JSON export (a coordinator collecting several)."""
    from coprod.files.report import pdf_report

    read = _read_export(export, load_library(instruments_dir()))
    if read is None:
        return 1
    instrument, doc = read
    out.write_bytes(pdf_report(instrument, {**doc, "token": "", "code": ""}))
    print(f"{out}: written ({instrument.short_title}, {doc['title']})", file=sys.stderr)
    return 0


def _overview(exports: list[Path], out: Path, title: str) -> int:
    """An overview's PDF from teams' JSON exports, for a coordinator who collects them by email."""
    from coprod.files.overview_report import overview_pdf
    from coprod.overview.contributions import Refused, from_exports
    from coprod.overview.figures import teams_of

    library = load_library(instruments_dir())
    docs, instrument = [], None
    for export in exports:
        read = _read_export(export, library)
        if read is None:
            return 1
        found, doc = read
        if instrument is not None and found.id != instrument.id:
            print(f"{export}: is of {found.short_title}, the others of {instrument.short_title}: an overview never mixes toolkits")
            return 1
        instrument = found
        docs.append(doc)
    try:
        teams = teams_of(from_exports(instrument, docs))
    except Refused as refused:
        print(f"{refused}")
        return 1
    out.write_bytes(overview_pdf(instrument, {"title": title, "min_group": 3, "tags": []}, teams))
    print(f"{out}: written ({instrument.short_title}, {len(teams)} teams)", file=sys.stderr)
    return 0


def _days(text: str) -> float:
    """A period such as "400d" (days) or "400" as days."""
    match = re.fullmatch(r"\s*(\d+)\s*d?\s*", text)
    if not match or int(match.group(1)) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of days, such as 400d")
    return float(match.group(1))


def _count(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _purge(days: float, dry_run: bool) -> int:
    """Delete what nobody has changed for `days` days (sessions with every participant's answers)."""
    from coprod.sessions.retention import purge
    from coprod.storage.configured import configured_place, open_store

    store = open_store(configured_place())
    try:
        gone, damaged = purge(store, days, dry_run=dry_run)
    finally:
        store.close()
    assessments = sum(1 for g in gone if g.kind == "assessment")
    sessions = sum(1 for g in gone if g.kind == "session")
    verb = "would delete" if dry_run else "deleted"
    print(f"{verb} {_count(assessments, 'assessment')} and {_count(sessions, 'session')} "
          f"({_count(sum(g.documents for g in gone), 'stored document')}) not changed for {days:g} days")
    if damaged:
        print(f"{_count(damaged, 'file')} could not be read and were left for a person to look at (see recovery/)")
    return 0


def _migrate(source: str, target: str) -> int:
    """Copy every document, code and alias from one store to another, then check the copy."""
    from coprod.storage.configured import is_database_url, open_store
    from coprod.storage.migrate import copy_store

    if source == target:
        print("--from and --to name the same place; nothing to do")
        return 1
    for place in (source, target):
        if not is_database_url(place) and "://" in place:
            print(f"{place.split('://')[0]}:// is not a store: give a data folder or a postgresql:// URL")
            return 1
    if not is_database_url(source) and not Path(source).is_dir():
        print(f"{source}: no such data folder")
        return 1
    opened = []
    try:
        opened.append(open_store(source))
        opened.append(open_store(target))
        moved = copy_store(*opened)
    except Exception as error:  # noqa: BLE001 - a database that cannot be reached, a folder that cannot be written
        # Said by its own words only where those are known to name no connection detail (a driver's
        # message can repeat a connection string, password and all): the log line above says why.
        said = str(error) if isinstance(error, (Unavailable, OSError)) else f"{type(error).__name__}"
        print(f"the copy stopped: {said.rstrip('.')}. Nothing was deleted anywhere; fix the cause and run the same command again.")
        return 1
    finally:
        for store in opened:
            store.close()
    print(f"{_count(moved.documents, 'document')} ({moved.copied} written this run, the rest already there), "
          f"{_count(moved.codes, 'code')} and {_count(moved.aliases, 'link')} in the target, checked against the source")
    for token in moved.unreadable:
        print(f"not copied: document {token[:4]}… cannot be read at the source (see its recovery/ folder)")
    for problem in moved.conflicts + moved.mismatches:
        print(f"problem: {problem}")
    return 0 if moved.ok else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m coprod", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser("validate", help="check instrument files; one line per problem")
    validate.add_argument("paths", nargs="*", type=Path, help="files or folders (default: instruments/)")
    report = commands.add_parser("report", help="build the PDF plan from an assessment's JSON export")
    report.add_argument("export", type=Path, help="the .json file downloaded from an assessment's results")
    report.add_argument("--out", type=Path, required=True, help="where to write the PDF")
    overview = commands.add_parser("overview", help="build an overview's PDF from several teams' JSON exports")
    overview.add_argument("exports", nargs="+", type=Path, help="the .json files (each title is a team; a team's files are its rounds)")
    overview.add_argument("--out", type=Path, required=True, help="where to write the PDF")
    overview.add_argument("--title", default="Overview", help="the overview's title")
    purge = commands.add_parser("purge", help="delete assessments and sessions nobody has changed for a while")
    purge.add_argument("--older-than", type=_days, required=True, metavar="DAYS", help="for example 400d")
    purge.add_argument("--dry-run", action="store_true", help="say what would be deleted, delete nothing")
    migrate = commands.add_parser("migrate", help="copy every assessment and session from one store to another")
    migrate.add_argument("--from", dest="source", required=True, metavar="PLACE", help="a data folder or a postgresql:// URL")
    migrate.add_argument("--to", dest="target", required=True, metavar="PLACE", help="a data folder or a postgresql:// URL")
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:
        return int(stop.code or 0)
    if args.command == "validate":
        return _validate(args.paths or [instruments_dir()])
    if args.command == "migrate":
        return _migrate(str(args.source), str(args.target))
    if args.command == "report":
        return _report(args.export, args.out)
    if args.command == "overview":
        return _overview(args.exports, args.out, args.title)
    try:
        return _purge(args.older_than, args.dry_run)
    except Unavailable as away:  # why, in safe words, is in the log line before it
        print(away)
        return 1
