"""The next-steps plan (the Leeds "Next steps" table): one row per item, weakest first, with what the
next level looks like, key actions, who, by when, and a progress update filled in later.

A plan is a list of plain dicts stored in the assessment under "plan". It stays editable after the
assessment is finished: the progress column is meant to be filled in months later.
"""

from __future__ import annotations

import secrets

from coprod import assessment as A
from coprod.instruments import Instrument, Item

COLUMNS = ["principle", "current", "next_level", "actions", "who", "by_when", "progress", "status"]
EDITABLE = ["principle", "actions", "who", "by_when", "progress", "status"]
STATUSES = ("not started", "under way", "done", "dropped")
HEADINGS = {
    "principle": "Principle",
    "current": "Current score",
    "next_level": "What the next level looks like",
    "actions": "Key areas of action needed",
    "who": "Who",
    "by_when": "By when",
    "progress": "Progress update",
    "status": "Status",
}
MAX_ROWS = 100


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
            text = "not scored"
        else:
            text = instrument.scale.level(score)
        parts.append(f"{p.label}: {text}" if len(views) > 1 else text)
    return "; ".join(parts)


def next_level(instrument: Instrument, item: Item, score: int | None) -> str:
    """The descriptor of the band above the current one ("" at the top band or without descriptors)."""
    if score is None:
        return ""
    above = instrument.scale.band_above(instrument.scale.band_for(score))
    if above is None:
        return ""
    words = item.descriptors.get(above.id) or above.meaning
    return f"{above.name}: {words}" if words else above.name


def suggested_actions(instrument: Instrument, item: Item) -> str:
    return "\n".join(f"• {step}" for step in item.next_steps[:3])


def new_row(**values: str) -> dict:
    row = {"id": secrets.token_hex(4), "item_id": "", "score": None}
    row.update({column: "" for column in COLUMNS})
    row["status"] = "not started"
    row.update(values)
    return row


def initial_plan(instrument: Instrument, doc: dict) -> list[dict]:
    """One row per item, weakest first (unscored last), pre-filled from the instrument."""
    rows = []
    for item in instrument.items:
        score = lowest_score(instrument, doc, item)
        rows.append(
            new_row(
                item_id=item.id,
                principle=item.name,
                current=current_text(instrument, doc, item),
                next_level=next_level(instrument, item, score),
                actions=suggested_actions(instrument, item),
                score=score,
            )
        )
    order = {item.id: n for n, item in enumerate(instrument.items)}
    return sorted(rows, key=lambda r: (r["score"] is None, r["score"] if r["score"] is not None else 0, order[r["item_id"]]))


def plan_of(instrument: Instrument, doc: dict) -> list[dict]:
    """The stored plan (its score columns brought up to date), or the initial one if none is saved."""
    if not doc.get("plan"):
        return initial_plan(instrument, doc)
    known = {item.id: item for item in instrument.items}
    rows = []
    for row in doc["plan"]:
        item = known.get(row.get("item_id", ""))
        if item is not None:
            score = lowest_score(instrument, doc, item)
            row = {**row, "score": score, "current": current_text(instrument, doc, item),
                   "next_level": next_level(instrument, item, score)}
        rows.append(row)
    return rows


def apply_edits(plan: list[dict], edited: dict[int, dict], added: list[dict], deleted: list[int]) -> list[dict]:
    """Apply a table editor's changes (row positions refer to `plan`); only editable columns change."""
    rows = [dict(row) for row in plan]
    for index, changes in edited.items():
        index = int(index)
        if 0 <= index < len(rows):
            for column, value in changes.items():
                if column == "status" and value not in STATUSES:
                    continue
                if column in EDITABLE:
                    rows[index][column] = A.clean_text("" if value is None else str(value))
    rows = [row for n, row in enumerate(rows) if n not in {int(d) for d in deleted}]
    for values in added:
        if len(rows) >= MAX_ROWS:
            break
        row = new_row(**{c: A.clean_text("" if values.get(c) is None else str(values.get(c))) for c in EDITABLE})
        row["status"] = row["status"] if row["status"] in STATUSES else "not started"
        rows.append(row)
    return rows


def save_plan(doc: dict, plan: list[dict]) -> None:
    """Store the plan (allowed on a finished assessment) and bump its revision."""
    doc["plan"] = plan[:MAX_ROWS]
    doc["plan_revision"] = doc.get("plan_revision", 0) + 1
