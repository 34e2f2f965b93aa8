"""JSON export and import of a whole assessment.

An export is built from an allow-list: everything a person entered about the piece of work, and
nothing that opens anything (the resume token and code, an earlier round's link, a session's join
link), so a file passed around can never lead anybody to stored answers. Importing re-creates the assessment as a new one through the same rules as
typing it in (scale, limits, known items and views), so a malformed or foreign file is refused with
a message, and an import never overwrites anything already stored.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timezone

from coprod import assessment as A
from coprod import plans
from coprod.instruments import Instrument, Library, parse_instrument

FORMAT = "coprod-assessment"
VERSION = 1
MAX_BYTES = 2_000_000
EXPORTED = ("schema", "kind", "instrument_id", "instrument_title", "instrument_version", "title", "name", "role", "date",
            "perspectives", "status", "finished_on", "current_perspective", "round_number", "review_on", "plan_revision",
            "item_examples")
_ANSWER = ("score", "example", "options")
_PLAN_ROW = ("id", "item_id", "score", *plans.COLUMNS)


class BadImport(ValueError):
    """The file cannot be imported; the message says why and what to do."""


def exported(doc: dict) -> dict:
    """The fields of an assessment that leave in an export."""
    out = {k: doc[k] for k in EXPORTED if k in doc}
    out["answers"] = {view: {item: {k: a[k] for k in _ANSWER if k in a} for item, a in items.items()}
                      for view, items in (doc.get("answers") or {}).items()}
    out["prompts"] = dict(doc.get("prompts") or {})
    if doc.get("plan"):
        out["plan"] = [{k: row[k] for k in _PLAN_ROW if k in row} for row in doc["plan"]]
    return out


def export_json(doc: dict, instrument_file: str = "") -> str:
    """The export; `instrument_file` is the text of a personalised version the assessment was scored
    on, so that the export can be read (imported, turned into a PDF) where that version is not stored."""
    assessment = exported(doc)
    return json.dumps(
        {
            "format": FORMAT,
            "version": VERSION,
            "exported_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "assessment": assessment,
            **({"instrument_file": instrument_file} if instrument_file else {}),
        },
        ensure_ascii=False,
        indent=2,
    )


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise BadImport(message)


def _text(value, field: str) -> str:
    _require(isinstance(value, str), f"“{field}” should be text.")
    return value


def parse_export(data: bytes | str) -> dict:
    """The assessment inside an export file, checked only for being a coprod export."""
    return read_export(data)["assessment"]


def read_export(data: bytes | str) -> dict:
    """An export file's content, checked only for being a coprod export."""
    if isinstance(data, bytes):
        _require(len(data) <= MAX_BYTES, "The file is too large to be a coprod export (over 2 MB).")
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError:
            raise BadImport("The file is not a coprod export: it is not UTF-8 text. Choose the .json file coprod gave you.") from None
    try:
        export = json.loads(data)
    except json.JSONDecodeError as error:
        raise BadImport(f"The file is not a coprod export: it is not valid JSON ({error.msg}, line {error.lineno}).") from None
    _require(isinstance(export, dict) and export.get("format") == FORMAT,
             "The file is not a coprod assessment export. Choose a .json file downloaded from an assessment's results.")
    _require(export.get("version") == VERSION, f"This export is of version {export.get('version')!r}; this coprod reads version {VERSION}.")
    _require(isinstance(export.get("assessment"), dict), "The export holds no assessment.")
    return export


def rebuild(instrument: Instrument, given: dict) -> dict:
    """A new assessment document re-created from exported fields through the normal rules."""
    try:
        on = date.fromisoformat(_text(given.get("date", ""), "date"))
    except ValueError:
        raise BadImport("The assessment's date is not a date (expected YYYY-MM-DD).") from None
    perspectives = given.get("perspectives")
    _require(isinstance(perspectives, list) and all(isinstance(p, str) for p in perspectives), "“perspectives” should be a list of views.")
    offered = {p.id for p in A.perspectives_of(instrument)}
    unknown = [p for p in perspectives if p not in offered]
    _require(not unknown, f"The export scores views this instrument does not have: {', '.join(unknown)}.")
    try:
        doc = A.new_assessment(
            instrument,
            title=_text(given.get("title", ""), "title"),
            role=_text(given.get("role", ""), "role"),
            name=_text(given.get("name", ""), "name"),
            on=on,
            perspectives=perspectives,
        )
        answers = given.get("answers", {})
        _require(isinstance(answers, dict), "“answers” should be a table of views.")
        for perspective_id, items in answers.items():
            _require(perspective_id in doc["perspectives"], f"Answers are given for a view not chosen: {perspective_id}.")
            _require(isinstance(items, dict), "Each view's answers should be a table of items.")
            for item_id, answer in items.items():
                _require(item_id in {i.id for i in instrument.items}, f"The export answers an item this instrument does not have: {item_id}.")
                _require(isinstance(answer, dict), f"The answer for {item_id} should be a table.")
                score = answer.get("score")
                _require(score is None or (isinstance(score, int) and not isinstance(score, bool)), f"The score for {item_id} should be a whole number.")
                A.set_score(instrument, doc, perspective_id, item_id, score)
                if "example" in answer:
                    A.set_example(instrument, doc, perspective_id, item_id, _text(answer["example"], f"{item_id} example"))
                if "options" in answer:
                    options = answer["options"]
                    _require(isinstance(options, list), f"The options for {item_id} should be a list.")
                    A.set_options(instrument, doc, perspective_id, item_id, [o for o in options if isinstance(o, str)])
        item_examples = given.get("item_examples", {})
        _require(isinstance(item_examples, dict), "“item_examples” should be a table of items.")
        for item_id, text in item_examples.items():
            _require(item_id in {i.id for i in instrument.items}, f"The export has an example for an item this instrument does not have: {item_id}.")
            A.set_example(instrument, doc, doc["perspectives"][0], item_id, _text(text, f"{item_id} example"))
        prompts = given.get("prompts", {})
        _require(isinstance(prompts, dict), "“prompts” should be a table of answers.")
        for prompt_id, text in prompts.items():
            A.set_prompt(instrument, doc, prompt_id, _text(text, prompt_id))
        if isinstance(given.get("current_perspective"), str):
            A.set_current_perspective(doc, given["current_perspective"])
        plan = given.get("plan")
        if plan:
            _require(isinstance(plan, list) and all(isinstance(r, dict) for r in plan), "“plan” should be a list of rows.")
            rows = []
            for row in plan[: plans.MAX_ROWS]:
                clean = plans.new_row(**{c: A.clean_text(_text(row.get(c, ""), c)) for c in plans.COLUMNS})
                if clean["status"] not in plans.STATUSES:
                    clean["status"] = "not started"
                clean["item_id"] = row.get("item_id", "") if isinstance(row.get("item_id"), str) else ""
                clean["score"] = row.get("score") if isinstance(row.get("score"), int) else None
                if isinstance(row.get("id"), str):
                    clean["id"] = row["id"][:80]
                rows.append(clean)
            doc["plan"] = rows
            doc["plan_revision"] = given.get("plan_revision", 1) if isinstance(given.get("plan_revision"), int) else 1
        if given.get("status") == A.FINISHED:
            finished_on = _text(given.get("finished_on", on.isoformat()), "finished_on")
            A.finish(instrument, doc, today=date.fromisoformat(finished_on))
    except (A.BadInput, A.ReadOnly) as problem:
        raise BadImport(f"The export does not hold a valid assessment: {problem}") from None
    except (KeyError, ValueError) as problem:
        raise BadImport(f"The export does not hold a valid assessment: {problem}") from None
    return doc


def import_json(data: bytes | str, library: Library) -> tuple[Instrument, dict]:
    """(instrument, new document ready to store) from an export; raises BadImport."""
    export = read_export(data)
    given = export["assessment"]
    if "instrument_file" in export:  # scored on a personalised version: its wording came along
        _require(isinstance(export["instrument_file"], str), "“instrument_file” should be the text of an instrument file.")
        instrument, problems = parse_instrument(export["instrument_file"], "the export's instrument")
        _require(not problems, "The instrument in this export is not valid: " + "; ".join(f"{p.field}: {p.message}" for p in problems[:5]))
        return instrument, rebuild(instrument, given)
    instrument = library.get(given.get("instrument_id", "") if isinstance(given.get("instrument_id"), str) else "")
    _require(instrument is not None, f"This export uses an instrument this coprod does not have ({given.get('instrument_id')!r}).")
    return instrument, rebuild(instrument, given)
