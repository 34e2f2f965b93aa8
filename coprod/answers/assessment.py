"""An assessment: one person scoring one instrument. Plain dicts, so they store as JSON as they are.

Every change goes through a function here, so the rules hold whichever page (or import) makes it:
scores stay on the instrument's scale, text has a stated limit, a finished assessment is read-only,
and finishing is refused while an item is open or a score lacks a practical example.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import date

from coprod.common.i18n import _, marked
from coprod.common.text import whole_characters
from coprod.library import translation
from coprod.library.model import Instrument, Item, Perspective
from coprod.library.scoring import example_problem, in_scale

SCHEMA = 1
MAX_TEXT = 5000  # characters per text box; stated beside every box
SINGLE = Perspective("main", marked("Your score"))  # its label in the reader's words: perspectives_of
DRAFT, FINISHED = "draft", "finished"
NOT_SCORED = marked("Not scored yet")  # a score choice's value (score_choices): shown as _(NOT_SCORED)


class ReadOnly(PermissionError):
    """A finished assessment cannot be changed; copy it to start again."""


class BadInput(ValueError):
    """Input the person can correct; the message says how."""


@dataclass(frozen=True)
class Open:
    """A reason an assessment cannot be finished yet, for one item in one perspective."""

    perspective: Perspective
    item: Item
    reason: str

    @property
    def anchor(self) -> str:
        return item_anchor(self.perspective, self.item)


def item_anchor(perspective: Perspective, item: Item) -> str:
    return f"{perspective.id}-{item.id}"


def perspectives_of(instrument: Instrument) -> tuple[Perspective, ...]:
    return instrument.perspectives or (Perspective(SINGLE.id, _(SINGLE.label)),)


def chosen_perspectives(instrument: Instrument, doc: dict) -> tuple[Perspective, ...]:
    return tuple(p for p in perspectives_of(instrument) if p.id in doc["perspectives"])


def clean_text(text: str | None) -> str:
    """Text as stored: within the limit, without stray control characters, and with any half of a
    character (a lone surrogate, which only an imported file can hold) as U+FFFD: it cannot be stored."""
    text = (text or "").replace("\r\n", "\n")
    text = "".join(ch for ch in text if ch in "\n\t" or ch >= " ")
    return whole_characters(text)[:MAX_TEXT]


def new_assessment(
    instrument: Instrument,
    *,
    title: str,
    role: str = "",
    name: str = "",
    on: date | None = None,
    perspectives: list[str] | None = None,
) -> dict:
    title = clean_text(title).strip()
    if not title:
        raise BadInput(_("Give the piece of work a title, for example “Youth forum 2026”, so you can find it again."))
    offered = [p.id for p in perspectives_of(instrument)]
    chosen = [p for p in offered if p in (perspectives or offered)]
    if not chosen:
        labels = ", ".join(p.label for p in perspectives_of(instrument))
        raise BadInput(_("Choose at least one view to score: {views}.").format(views=labels))
    return {
        "schema": SCHEMA,
        "kind": "assessment",
        "instrument_id": instrument.id,
        "instrument_title": instrument.title,
        "instrument_version": instrument.fingerprint,
        **pinned(instrument),
        "title": title,
        "name": clean_text(name).strip()[:200],
        "role": clean_text(role).strip()[:200],
        "date": (on or date.today()).isoformat(),
        "perspectives": chosen,
        "status": DRAFT,
        "answers": {p: {} for p in chosen},
        "prompts": {},
        "current_perspective": chosen[0],
    }


def pinned(instrument: Instrument) -> dict:
    """What ties a new assessment or session to the exact wording it is scored against: a
    personalised version's snapshot, which never changes (coprod.library.versions). Built-in instruments
    are found by id."""
    return {"instrument_snapshot": instrument.snapshot} if instrument.snapshot else {}


def score_choices(instrument: Instrument) -> dict[str, int | None]:
    """The choices a person scores with, as they read them, and the score each stands for."""
    choices: dict[str, int | None] = {NOT_SCORED: None}
    for value in instrument.scale.values:
        choices[instrument.scale.level(value)] = value
    return choices


def answer(doc: dict, perspective_id: str, item_id: str) -> dict:
    """The stored answer for one item (score None until the person sets it). Where the instrument
    asks one example per item (nef), every view of the item shows that one example."""
    found = doc["answers"].get(perspective_id, {}).get(item_id, {})
    example = (doc.get("item_examples") or {}).get(item_id)
    return {"score": found.get("score"), "example": found.get("example", "") if example is None else example,
            "options": found.get("options", [])}


def view_answers(doc: dict, perspective_id: str) -> dict[str, dict]:
    """Every answered item of one view (item id -> score, example, options), examples included
    wherever they are kept."""
    items = set(doc["answers"].get(perspective_id, {})) | set(doc.get("item_examples") or {})
    return {item_id: answer(doc, perspective_id, item_id) for item_id in items}


def examples_per_item(instrument: Instrument) -> bool:
    """Whether the instrument asks one example per item (nef) rather than one per score (Leeds)."""
    return instrument.rules.example_per == "item"


def ensure_editable(doc: dict) -> None:
    """Raise ReadOnly, saying why, if the answers of `doc` can no longer be changed."""
    _editable(doc)


def _editable(doc: dict) -> None:
    if doc.get("locked"):
        raise ReadOnly(_("This session is closed: it takes no new answers. Everything already given is kept."))
    if doc["status"] == FINISHED:
        raise ReadOnly(_("This assessment is finished and can no longer be changed. Copy it to start a new draft."))


def _slot(doc: dict, perspective_id: str, item_id: str) -> dict:
    if perspective_id not in doc["perspectives"]:
        raise BadInput(_("This assessment does not score the view {view}.").format(view=repr(perspective_id)))
    return doc["answers"].setdefault(perspective_id, {}).setdefault(item_id, {})


def set_score(instrument: Instrument, doc: dict, perspective_id: str, item_id: str, score: int | None) -> None:
    _editable(doc)
    instrument.item(item_id)
    if score is not None and not in_scale(instrument, score):
        raise BadInput(_("A score must be between {min} and {max}.").format(min=instrument.scale.min, max=instrument.scale.max))
    _slot(doc, perspective_id, item_id)["score"] = score


def set_example(instrument: Instrument, doc: dict, perspective_id: str, item_id: str, text: str) -> None:
    _editable(doc)
    instrument.item(item_id)
    if examples_per_item(instrument):
        if perspective_id not in doc["perspectives"]:
            raise BadInput(_("This assessment does not score the view {view}.").format(view=repr(perspective_id)))
        doc.setdefault("item_examples", {})[item_id] = clean_text(text)
    else:
        _slot(doc, perspective_id, item_id)["example"] = clean_text(text)


def set_options(instrument: Instrument, doc: dict, perspective_id: str, item_id: str, options: list[str]) -> None:
    _editable(doc)
    item = instrument.item(item_id)
    # Kept in the source's words whatever the reader's version shows, so everyone's ticks count together.
    words = translation.source_options(instrument, item)
    _slot(doc, perspective_id, item_id)["options"] = [source for shown, source in zip(item.options, words)
                                                      if shown in options or source in options]


def set_prompt(instrument: Instrument, doc: dict, prompt_id: str, text: str) -> None:
    _editable(doc)
    if prompt_id not in {p.id for p in instrument.prompts}:
        raise BadInput(_("This instrument has no question {id}.").format(id=repr(prompt_id)))
    doc["prompts"][prompt_id] = clean_text(text)


def set_current_perspective(doc: dict, perspective_id: str) -> None:
    if perspective_id in doc["perspectives"]:
        doc["current_perspective"] = perspective_id


def open_items(instrument: Instrument, doc: dict) -> list[Open]:
    """Items nobody has scored yet, per chosen perspective."""
    reason = not_yet(instrument)
    return [
        Open(p, item, reason)
        for p in chosen_perspectives(instrument, doc)
        for item in instrument.items
        if answer(doc, p.id, item.id)["score"] is None
    ]


def not_yet(instrument: Instrument) -> str:
    """Why an item is still open, in the kind's terms: "not scored yet", "not answered yet"."""
    return _("not scored yet") if instrument.words.scored == "scored" else _("not answered yet")


def missing_examples(instrument: Instrument, doc: dict) -> list[Open]:
    """Scored items whose example does not count, when the instrument requires one: per score, or
    once per item where the instrument asks one example per item (named under its first view)."""
    if not instrument.rules.example_required:
        return []
    views = chosen_perspectives(instrument, doc)
    if examples_per_item(instrument):
        scored = [item for item in instrument.items if any(answer(doc, p.id, item.id)["score"] is not None for p in views)]
        checks = [(views[0], item) for item in scored]
    else:
        checks = [(p, item) for p in views for item in instrument.items if answer(doc, p.id, item.id)["score"] is not None]
    out = []
    for p, item in checks:
        reason = example_problem(item, answer(doc, p.id, item.id)["example"])
        if reason:
            out.append(Open(p, item, reason))
    return out


def progress(instrument: Instrument, doc: dict) -> tuple[int, int]:
    """(items scored, items to score) over the chosen perspectives."""
    total = len(chosen_perspectives(instrument, doc)) * len(instrument.items)
    return total - len(open_items(instrument, doc)), total


def finish(instrument: Instrument, doc: dict, today: date | None = None) -> None:
    """Mark finished, or raise BadInput naming what is still open."""
    _editable(doc)
    if open_items(instrument, doc) or missing_examples(instrument, doc):
        raise BadInput(_("Some items are still open or lack a practical example."))
    doc["status"] = FINISHED
    doc["finished_on"] = (today or date.today()).isoformat()


# What a copy takes from the original: what the person entered about the piece of work and the
# wording it was scored against. Anything else (links, codes, invitations, raters, sessions, rounds,
# dates of the original's life) would lead back to the original, so it is left behind.
COPIED = ("schema", "kind", "instrument_id", "instrument_title", "instrument_version", "instrument_snapshot", "title",
          "name", "role", "perspectives", "answers", "item_examples", "prompts", "current_perspective", "plan",
          "plan_revision")


def copy_as_draft(doc: dict) -> dict:
    """A new draft with the same answers, to start again from a finished assessment. It is a new
    piece of work of its own, built from an allow-list (COPIED): nothing in it leads back to the
    original, its earlier rounds or the people who rated it (review rounds are the way to follow one
    piece of work over time)."""
    fresh = {key: copy.deepcopy(doc[key]) for key in COPIED if key in doc}
    fresh["status"] = DRAFT
    fresh["date"] = date.today().isoformat()
    return fresh
