"""JSON export and import of a whole assessment.

An export is built from an allow-list: everything a person entered about the piece of work, and
nothing that opens anything (the resume token and code, an earlier round's link, a session's join
link), so a file passed around can never lead anybody to stored answers. Importing re-creates the assessment as a new one through the same rules as
typing it in (scale, limits, known items and views), so a malformed or foreign file is refused with
a message, and an import never overwrites anything already stored.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

from coprod.answers import assessment as A
from coprod.answers import plans
from coprod.common.i18n import _, number
from coprod.common.intake import BadFile, load_json
from coprod.library import versions
from coprod.library.loading import parse_instrument
from coprod.library.model import Instrument, Library
from coprod.storage.documents import Unstorable
from coprod.storage.interface import AssessmentStore

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
            "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
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
    _require(isinstance(value, str), _("“{field}” should be text.").format(field=field))
    return value


def read_export(data: bytes | str) -> dict:
    """An export file's content, checked only for being a coprod export (its size, depth and numbers
    before it is parsed: coprod.common.intake)."""
    try:
        # Named in the message: "The file is not a coprod export: …" (coprod.common.intake).
        export = load_json(data, MAX_BYTES, _("a coprod export"))
    except BadFile as problem:
        raise BadImport(_("{problem} Choose the .json file coprod gave you.").format(problem=problem)) from None
    _require(isinstance(export, dict) and export.get("format") == FORMAT,
             _("The file is not a coprod assessment export. Choose a .json file downloaded from an assessment's results."))
    _require(export.get("version") == VERSION,
             _("This export is of version {version}; this coprod reads version {ours}.").format(
                 version=_named(export.get("version")), ours=VERSION))
    _require(isinstance(export.get("assessment"), dict), _("The export holds no assessment."))
    return export


def _named(value) -> str:
    """Something from the file, quoted in a message: short, whatever the file holds."""
    text = str(value)
    return text if len(text) <= 40 else text[:40] + "…"


def _kept_text(value, field: str, notes: list[str], limit: int = A.MAX_TEXT) -> str:
    """A text of the file; where it is longer than the app keeps, the note says so."""
    text = _text(value, field)
    if len(A.clean_text(text)) >= limit and len(text) > limit:
        notes.append(_("{field} was longer than {limit} characters: only the first {limit} were kept.").format(
            field=field, limit=number(limit)))
    return text


def rebuild(instrument: Instrument, given: dict, notes: list[str] | None = None) -> dict:
    """A new assessment document re-created from exported fields through the normal rules. What the
    rules left out (a plan over its row limit, a text over its length) is said in `notes`."""
    notes = [] if notes is None else notes
    items = {i.id: i for i in instrument.items}
    try:
        on = date.fromisoformat(_text(given.get("date", ""), "date"))
    except ValueError:
        raise BadImport(_("The assessment's date is not a date (expected YYYY-MM-DD).")) from None
    perspectives = given.get("perspectives")
    _require(isinstance(perspectives, list) and all(isinstance(p, str) for p in perspectives), _("“perspectives” should be a list of views."))
    offered = {p.id for p in A.perspectives_of(instrument)}
    unknown = [_named(p) for p in perspectives if p not in offered]
    _require(not unknown, _("The export scores views this instrument does not have: {views}.").format(views=", ".join(unknown[:5])))
    try:
        doc = A.new_assessment(
            instrument,
            title=_kept_text(given.get("title", ""), _("The title"), notes),
            role=_kept_text(given.get("role", ""), _("The role"), notes, 200),
            name=_kept_text(given.get("name", ""), _("The name"), notes, 200),
            on=on,
            perspectives=perspectives,
        )
        answers = given.get("answers", {})
        _require(isinstance(answers, dict), _("“answers” should be a table of views."))
        for perspective_id, answered in answers.items():
            _require(perspective_id in doc["perspectives"],
                     _("Answers are given for a view not chosen: {view}.").format(view=_named(perspective_id)))
            _require(isinstance(answered, dict), _("Each view's answers should be a table of items."))
            for item_id, answer in answered.items():
                _require(item_id in items,
                         _("The export answers an item this instrument does not have: {item}.").format(item=_named(item_id)))
                _require(isinstance(answer, dict), _("The answer for {item} should be a table.").format(item=item_id))
                score = answer.get("score")
                _require(score is None or (isinstance(score, int) and not isinstance(score, bool)),
                         _("The score for {item} should be a whole number.").format(item=item_id))
                A.set_score(instrument, doc, perspective_id, item_id, score)
                if "example" in answer:
                    A.set_example(instrument, doc, perspective_id, item_id,
                                  _kept_text(answer["example"], _("The example for {item}").format(item=items[item_id].name), notes))
                if "options" in answer:
                    options = answer["options"]
                    _require(isinstance(options, list), _("The options for {item} should be a list.").format(item=item_id))
                    A.set_options(instrument, doc, perspective_id, item_id, [o for o in options if isinstance(o, str)])
                    if len(A.answer(doc, perspective_id, item_id)["options"]) < len(options):
                        notes.append(_("Some options ticked for {item} are not this instrument's: they were left out.").format(
                            item=items[item_id].name))
        item_examples = given.get("item_examples", {})
        _require(isinstance(item_examples, dict), _("“item_examples” should be a table of items."))
        for item_id, text in item_examples.items():
            _require(item_id in items, _("The export has an example for an item this instrument does not have: {item}.").format(
                item=_named(item_id)))
            A.set_example(instrument, doc, doc["perspectives"][0], item_id,
                          _kept_text(text, _("The example for {item}").format(item=items[item_id].name), notes))
        prompts = given.get("prompts", {})
        _require(isinstance(prompts, dict), _("“prompts” should be a table of answers."))
        for prompt_id, text in prompts.items():
            A.set_prompt(instrument, doc, prompt_id, _kept_text(text, _("The answer to {question}").format(question=_named(prompt_id)), notes))
        if isinstance(given.get("current_perspective"), str):
            A.set_current_perspective(doc, given["current_perspective"])
        plan = given.get("plan")
        if plan:
            _require(isinstance(plan, list) and all(isinstance(r, dict) for r in plan), _("“plan” should be a list of rows."))
            doc["plan"] = _plan_rows(plan, notes)
            doc["plan_revision"] = given.get("plan_revision", 1) if isinstance(given.get("plan_revision"), int) else 1
        if given.get("status") == A.FINISHED:
            finished_on = _text(given.get("finished_on", on.isoformat()), "finished_on")
            A.finish(instrument, doc, today=date.fromisoformat(finished_on))
    except BadImport:
        raise
    except (A.BadInput, A.ReadOnly) as problem:
        raise BadImport(_("The export does not hold a valid assessment: {problem}").format(problem=problem)) from None
    except (KeyError, ValueError) as problem:
        raise BadImport(_("The export does not hold a valid assessment: {problem}").format(problem=_named(problem))) from None
    return doc


def _plan_rows(plan: list[dict], notes: list[str]) -> list[dict]:
    """The plan's rows through the rules of a typed plan, with a note of what they left out."""
    if len(plan) > plans.MAX_ROWS:
        notes.append(_("The plan had {count} rows; a plan holds at most {most}, so rows {first} to {count} were left out.").format(
            count=number(len(plan)), most=plans.MAX_ROWS, first=number(plans.MAX_ROWS + 1)))
    rows = []
    for n, row in enumerate(plan[: plans.MAX_ROWS], start=1):
        clean = plans.new_row(**{c: A.clean_text(_kept_text(row.get(c, ""), _("Plan row {number}, {column},").format(
            number=n, column=_(plans.HEADINGS[c])), notes))
                                 for c in plans.COLUMNS})
        if clean["status"] not in plans.STATUSES:
            notes.append(_("Plan row {number} had a status coprod does not know; it is now “{status}”.").format(
                number=n, status=_("not started")))
            clean["status"] = "not started"
        clean["item_id"] = row.get("item_id", "") if isinstance(row.get("item_id"), str) else ""
        clean["score"] = row.get("score") if isinstance(row.get("score"), int) and not isinstance(row.get("score"), bool) else None
        if isinstance(row.get("id"), str):
            clean["id"] = A.clean_text(row["id"])[:80]
        rows.append(clean)
    return rows


def import_json(data: bytes | str, library: Library, notes: list[str] | None = None) -> tuple[Instrument, dict]:
    """(instrument, new document ready to store) from an export file; raises BadImport. What the app's
    rules left out is said in `notes`, when a list is given."""
    return from_export(read_export(data), library, notes)


def from_export(export: dict, library: Library, notes: list[str] | None = None) -> tuple[Instrument, dict]:
    """The same, from an export already read (`read_export`)."""
    given = export["assessment"]
    if "instrument_file" in export:  # scored on a personalised version: its wording came along
        _require(isinstance(export["instrument_file"], str), _("“instrument_file” should be the text of an instrument file."))
        instrument, problems = parse_instrument(export["instrument_file"], _("the export's instrument"))
        _require(not problems, _("The instrument in this export is not valid: {problems}").format(
            problems="; ".join(f"{p.field}: {p.message}" for p in problems[:5])))
        return instrument, rebuild(instrument, given, notes)
    instrument = library.get(given.get("instrument_id", "") if isinstance(given.get("instrument_id"), str) else "")
    _require(instrument is not None, _("This export uses an instrument this coprod does not have ({instrument}).").format(
        instrument=repr(_named(given.get("instrument_id")))))
    return instrument, rebuild(instrument, given, notes)


def import_assessment(store: AssessmentStore, data: bytes, library: Library) -> tuple[dict, list[str]]:
    """Store a new assessment from a JSON export (raises BadImport): the saved document, and
    what the app's rules left out of it (rebuild's notes). One scored on a personalised
    version is tied to a snapshot of the wording that came with it. All of it is stored, or nothing."""
    notes: list[str] = []
    export = read_export(data)
    instrument, doc = from_export(export, library, notes)
    if library.get(instrument.id) != instrument:
        doc["instrument_snapshot"] = versions.keep(store, export["instrument_file"])
    try:
        return store.create(doc), notes
    except BaseException as failed:
        if doc.get("instrument_snapshot"):
            store.delete(doc["instrument_snapshot"])
        if isinstance(failed, Unstorable):
            raise BadImport(_("The export cannot be imported: {problem}").format(problem=failed)) from None
        raise
