"""The next-steps plan (the Leeds "Next steps" table), shaped by what the instrument is:

- a scale: one row per item, weakest first, with what the next level looks like (the descriptor of
  the band above), key actions (the source's suggestions), who, by when, and a progress update;
- a checklist: one row per check still open (No, Needs more work or time), with its stage and the
  source's tips for it: "next level: Yes" would say nothing;
- a survey: first the statements the person (or group) disagreed with most, as points to talk about,
  with their answer; then one row per step of the change process the source proposes (the
  Co-production Star) beside the passage of the source coprod relates to it (the source names the
  steps only): agreeing with a statement is no level to reach.

A plan is a list of plain dicts stored in the assessment under "plan". It stays editable after the
assessment is finished: the progress column is meant to be filled in months later.

Rows are known by their id, never by their place: two people (or two tabs) editing one plan each
edit the rows they saw. An edit is merged into the plan as stored now; where somebody else changed
the same cell or removed the row in the meantime, theirs stands and the edit is refused, with the
text that was typed given back.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from coprod.answers import assessment as A
from coprod.answers.summary import upper_side
from coprod.common import i18n
from coprod.common.i18n import _, marked
from coprod.library import attribution
from coprod.library.model import Instrument, Item

COLUMNS = ["principle", "current", "next_level", "actions", "who", "by_when", "progress", "status"]
EDITABLE = ["principle", "actions", "who", "by_when", "progress", "status"]
# Stored as they are, in English (a row's status is data): shown as _(status).
STATUSES = (marked("not started"), marked("under way"), marked("done"), marked("dropped"))
HEADINGS = {  # in English; `headings` gives them in the reader's words
    "principle": marked("Principle"),
    "current": marked("Current score"),
    "next_level": marked("What the next level looks like"),
    "actions": marked("Key areas of action needed"),
    "who": marked("Who"),
    "by_when": marked("By when"),
    "progress": marked("Progress update"),
    "status": marked("Status"),
}
_KIND_HEADINGS = {
    "checklist": {"principle": marked("Check"), "current": marked("Answer now"), "next_level": marked("Stage")},
    "survey": {"principle": marked("Step, or statement to talk about"), "current": marked("Answer")},
}
MAX_ROWS = 100
ORDER = {  # shown as _(ORDER[kind]): order_note
    "scale": marked("Weakest first."),
    "checklist": marked("A row for each check still open, lowest answer first."),
    "survey": marked("First the statements answered furthest on the disagreeing side, as points to talk about; then the "
                     "steps, in order."),
}


def headings(instrument: Instrument) -> dict[str, str]:
    """The plan's column headings for this kind of instrument. A survey's steps stand beside a passage
    of the source that coprod relates to them, and the column says so."""
    named = {column: _(heading) for column, heading in {**HEADINGS, **_KIND_HEADINGS.get(instrument.kind, {})}.items()}
    if instrument.kind == "survey":
        named["next_level"] = attribution.paired_by_coprod(instrument)
    return named


def status_shown(status: str) -> str:
    """A plan row's status in the reader's words (statuses are kept in English, whoever chose them)."""
    return _(status) if status in STATUSES else status


def order_note(instrument: Instrument) -> str:
    """How the plan's rows start out ordered, for the caption over the plan."""
    return _(ORDER[instrument.kind])


def table_rows(instrument: Instrument, doc: dict) -> list[dict[str, str]]:
    """The plan as rows of text under its headings, for a printed or read-only table."""
    named = headings(instrument)
    return [{named[c]: status_shown(row.get(c, "")) if c == "status" else row.get(c, "") for c in COLUMNS}
            for row in plan_of(instrument, doc)]


def lowest_score(instrument: Instrument, doc: dict, item: Item) -> int | None:
    scores = [A.answer(doc, p.id, item.id)["score"] for p in A.chosen_perspectives(instrument, doc)]
    scores = [s for s in scores if s is not None]
    return min(scores) if scores else None


def current_text(instrument: Instrument, doc: dict, item: Item) -> str:
    """The item's score and band in each chosen view, e.g. "You: 5 · Making progress"."""
    parts = []
    views = A.chosen_perspectives(instrument, doc)
    for p in views:
        score = A.answer(doc, p.id, item.id)["score"]
        if score is None:
            text = _("not scored") if instrument.words.scored == "scored" else _("not answered")
        else:
            text = instrument.scale.level(score)
        parts.append(f"{p.label}: {text}" if len(views) > 1 else text)
    return "; ".join(parts)


def next_level(instrument: Instrument, item: Item, score: int | None) -> str:
    """The descriptor of the band above the current one ("" at the top band). Where the source
    describes no levels (Leeds' four stages), the item's worked example instead of a bare band name:
    the one for the band above if there is one, else the item's own, each naming the band it shows."""
    if score is None:
        return ""
    above = instrument.scale.band_above(instrument.scale.band_for(score))
    if above is None:
        return ""
    words = item.descriptors.get(above.id) or above.meaning
    if words:
        return f"{above.name}: {words}"
    examples = [e for e in item.examples if e.band == above.id] or list(item.examples)
    names = {band.id: band.name for band in instrument.scale.bands}
    shown = [attribution.worked_example(instrument, names.get(e.band, ""), e.title, e.text) for e in examples]
    return "\n\n".join([above.name + ".", *shown]) if shown else above.name


def suggests_actions(instrument: Instrument) -> bool:
    """Whether the source gives suggestions that pre-fill the plan's key actions: for each item, or
    for each range of scores (IMAGINE: its advice on low and high scores)."""
    own = not instrument.next_steps_for and any(item.next_steps for item in instrument.items)
    return own or any(part.next_steps for part in instrument.interpretation)


def suggested_actions(instrument: Instrument, item: Item, score: int | None = None) -> str:
    """The source's suggestions for the person who answered: the item's own (the first three), unless
    they are addressed to someone else (IMAGINE's are for the project's staff); else the advice the
    source gives for the item's score range."""
    if item.next_steps and not instrument.next_steps_for:
        return "\n".join(f"• {step}" for step in item.next_steps[:3])
    for part in instrument.interpretation:
        if score is not None and part.min <= score <= part.max and part.next_steps:
            return "\n".join(f"• {step}" for step in part.next_steps)
    return ""


def new_row(**values: str) -> dict:
    row = {"id": secrets.token_hex(4), "item_id": "", "score": None}
    row.update({column: "" for column in COLUMNS})
    row["status"] = "not started"
    row.update(values)
    return row


def _context(instrument: Instrument, doc: dict, item: Item) -> dict:
    """A row's columns that follow from the answers: refreshed whenever the plan is read."""
    score = lowest_score(instrument, doc, item)
    if instrument.kind == "checklist":
        return {"score": score, "current": current_text(instrument, doc, item), "next_level": item.group}
    if instrument.kind == "survey":
        return {"score": score, "current": current_text(instrument, doc, item), "next_level": ""}
    return {"score": score, "current": current_text(instrument, doc, item), "next_level": next_level(instrument, item, score)}


def initial_plan(instrument: Instrument, doc: dict) -> list[dict]:
    """The plan before anyone edits it, pre-filled from the instrument (see the module's note)."""
    if instrument.kind == "checklist":
        return _checklist_plan(instrument, doc)
    if instrument.kind == "survey":
        return _talk_about(instrument, doc) + [new_row(id=f"step-{step.id}", principle=step.name, next_level=step.text)
                                               for step in instrument.steps]
    rows = []
    for item in instrument.items:
        score = lowest_score(instrument, doc, item)
        rows.append(
            new_row(
                id=f"item-{item.id}",  # the same every time, so an edit to a plan never saved finds its row
                item_id=item.id,
                principle=item.name,
                current=current_text(instrument, doc, item),
                next_level=next_level(instrument, item, score),
                actions=suggested_actions(instrument, item, score),
                score=score,
            )
        )
    order = {item.id: n for n, item in enumerate(instrument.items)}
    return sorted(rows, key=lambda r: (r["score"] is None, r["score"] if r["score"] is not None else 0, order[r["item_id"]]))


def _talk_about(instrument: Instrument, doc: dict) -> list[dict]:
    """A survey's points to talk about: the statements answered at the lowest answer given, where that
    answer is on the disagreeing side (the ones disagreed with most), in the survey's order."""
    scored = [(item, lowest_score(instrument, doc, item)) for item in instrument.items]
    scored = [(item, score) for item, score in scored if score is not None]
    if not scored:
        return []
    low = min(score for _item, score in scored)
    if upper_side(instrument, low) is not False:
        return []
    return [new_row(id=f"item-{item.id}", item_id=item.id, principle=item.name, **_context(instrument, doc, item))
            for item, score in scored if score == low]


def _checklist_plan(instrument: Instrument, doc: dict) -> list[dict]:
    """A row per check not yet at the checklist's last answer (Yes), lowest answer first, then in
    the checklist's order, with the source's tips for it."""
    done = instrument.scale.bands[-1]
    rows = []
    for n, item in enumerate(instrument.items):
        score = lowest_score(instrument, doc, item)
        if score is not None and not done.contains(score):
            rows.append((score, n, new_row(id=f"item-{item.id}", item_id=item.id, principle=item.name,
                                           actions=suggested_actions(instrument, item), **_context(instrument, doc, item))))
    return [row for _score, _n, row in sorted(rows, key=lambda r: (r[0], r[1]))]


def plan_of(instrument: Instrument, doc: dict) -> list[dict]:
    """The stored plan (its score columns brought up to date), or the initial one if none is saved."""
    if not doc.get("plan"):
        return initial_plan(instrument, doc)
    known = {item.id: item for item in instrument.items}
    rows = []
    for row in doc["plan"]:
        item = known.get(row.get("item_id", ""))
        rows.append({**row, **_context(instrument, doc, item)} if item is not None else row)
    return rows


LIMITS = {"principle": 200, "who": 200, "by_when": 100, "actions": A.MAX_TEXT, "progress": A.MAX_TEXT}  # characters a cell keeps


def _clean(column: str, value) -> tuple[str | None, str]:
    """An edited cell as stored (None when the column cannot be edited or the value is not allowed),
    and what was cut from its end to fit the column's limit."""
    if column not in EDITABLE:
        return None, ""
    text = "" if value is None else str(value).replace("\r\n", "\n")
    limit = LIMITS.get(column, A.MAX_TEXT)
    text, cut = text[:limit], text[limit:]
    text = A.clean_text(text)
    if column == "status":
        text = {_(status): status for status in STATUSES}.get(text, text)  # chosen in the reader's words, kept in English
        if text not in STATUSES:
            return None, ""
    return text, cut


@dataclass(frozen=True)
class Edits:
    """A table editor's changes, by row id, and what was cut from cells over their limit."""

    edited: dict[str, dict[str, str]]
    added: list[dict[str, str]]
    deleted: list[str]
    cut: tuple["Refused", ...] = ()

    def __bool__(self) -> bool:
        return bool(self.edited or self.added or self.deleted or self.cut)


def edits_from_table(base: list[dict], edited: dict, added: list[dict], deleted: list) -> Edits:
    """A table editor's changes (its row positions refer to `base`, the rows it was given) by row id."""
    ids = [row["id"] for row in base]
    cut: list[Refused] = []

    def cells_of(values: dict, row_name: str) -> dict[str, str]:
        cells = {}
        for column, value in values.items():
            text, lost = _clean(column, value)
            if text is None:
                continue
            cells[column] = text
            if lost:
                cut.append(Refused(cells.get("principle") or row_name, column, lost,
                                   _("this cell keeps up to {count} characters; the end was cut")
                                   .format(count=i18n.number(LIMITS[column]))))
        return cells

    by_id: dict[str, dict[str, str]] = {}
    for index, changes in edited.items():
        index = int(index)
        if 0 <= index < len(ids):
            cells = cells_of(changes, base[index].get("principle", "") or _("a row"))
            if cells:
                by_id.setdefault(ids[index], {}).update(cells)
    new = [cells_of({c: v for c, v in values.items() if c in EDITABLE}, _("a new row")) for values in added]
    new = [cells for cells in new if any(text for column, text in cells.items() if column != "status")]  # not yet typed in
    gone = [ids[int(d)] for d in deleted if 0 <= int(d) < len(ids)]
    return Edits(by_id, new, gone, tuple(cut))


@dataclass(frozen=True)
class Refused:
    """An edit not applied because someone changed or removed the row since it was seen."""

    row: str  # the row's principle, as people know it
    column: str  # "" for a whole row
    typed: str  # what was typed, given back
    why: str


def merge(stored: list[dict], base: list[dict], edits: Edits) -> tuple[list[dict], list[Refused]]:
    """Apply `edits`, made against `base` (the rows as the person saw them), to the plan as stored
    now. A cell changes only if nobody else changed it since it was seen; a row is removed only if
    nobody else changed it; added rows are appended. Returns the plan and what was refused."""
    rows = [dict(row) for row in stored]
    now = {row["id"]: row for row in rows}
    seen = {row["id"]: row for row in base}
    refused: list[Refused] = []
    for row_id, cells in edits.edited.items():
        row = now.get(row_id)
        name = (row or seen.get(row_id) or {}).get("principle", "") or _("a row")
        for column, value in cells.items():
            if row is None:
                refused.append(Refused(name, column, value, _("the row was removed by someone else in the meantime")))
            elif row.get(column, "") in (seen.get(row_id, {}).get(column, ""), value):
                row[column] = value
            else:
                refused.append(Refused(name, column, value, _("someone else changed this cell in the meantime; theirs is kept")))
    for row_id in edits.deleted:
        row = now.get(row_id)
        if row is None:
            continue
        if any(row.get(c, "") != seen.get(row_id, {}).get(c, "") for c in EDITABLE):
            refused.append(Refused(row.get("principle", "") or _("a row"), "", "",
                                   _("someone else changed the row in the meantime, so it is kept")))
            continue
        rows.remove(row)
    for cells in edits.added:
        if len(rows) >= MAX_ROWS:
            typed = "\n".join(_("{heading}: {text}").format(heading=_(HEADINGS[c]), text=v) for c, v in cells.items()
                              if v and c != "status")
            refused.append(Refused(cells.get("principle", "") or _("A new row"), "", typed,
                                   _("not added: a plan holds at most {count} rows; remove one first").format(count=MAX_ROWS)))
            continue
        row = new_row(**cells)
        rows.append(row)
    return rows, refused


def apply_edits(plan: list[dict], edited: dict[int, dict], added: list[dict], deleted: list[int]) -> list[dict]:
    """Apply a table editor's changes to `plan`, the rows it was given (positions refer to it)."""
    return merge(plan, plan, edits_from_table(plan, edited, added, deleted))[0]


def save_plan(doc: dict, plan: list[dict]) -> None:
    """Store the plan (allowed on a finished assessment) and bump its revision."""
    doc["plan"] = plan[:MAX_ROWS]
    doc["plan_revision"] = doc.get("plan_revision", 0) + 1
