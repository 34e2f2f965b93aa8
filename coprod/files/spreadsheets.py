"""The XLSX files beside the CSVs: one assessment's, and a team session's (written by
coprod.files.workbook, a sheet per table).

They hold what the CSVs hold, laid out for a spreadsheet: scores as numbers with the answer's name
and its band written out beside them, dates as dates, a sheet per table. A team's spreadsheet is
made from the same `disclosure.Shown` rounds as its CSV and PDF: only revealed rounds' answers, each
person as the session's one decision labels them ("Participant N" in an anonymous session), role
groups only as its partition allows, and no example a facilitator held back.
"""

from __future__ import annotations

from coprod.answers import assessment as A
from coprod.answers import plans, rounds
from coprod.files.workbook import DATE, NUMBER, Column, Table, xlsx
from coprod.library.model import Instrument
from coprod.library.scoring import in_scale
from coprod.sessions import stats as teams
from coprod.sessions.disclosure import Shown

_SCORED = (Column("Score", NUMBER), Column("Answer"), Column("Band"))


def _scored(instrument: Instrument, score: int | None) -> tuple:
    """A score as a number, with its answer's name and its band in words (empty when unscored)."""
    if score is None or not in_scale(instrument, score):
        return None, None, None
    return score, instrument.scale.label_for(score), instrument.scale.band_for(score).name


def _about(instrument: Instrument, title: str, on: str) -> Table:
    return Table("About", (Column("Title"), Column("Date", DATE), Column("Toolkit"), Column("Source")),
                 [(title, on, instrument.title, instrument.source.citation())])


def _plan(instrument: Instrument, doc: dict) -> Table:
    named = plans.headings(instrument)
    columns = [Column(named[c], DATE if c == "by_when" else "text") for c in plans.COLUMNS]
    return Table("Plan", columns, [tuple(row.get(c, "") for c in plans.COLUMNS) for row in plans.plan_of(instrument, doc)])


def assessment_xlsx(instrument: Instrument, doc: dict, earlier: list[dict] | None = None) -> bytes:
    """One assessment as a spreadsheet: About, Scores, Answers (the free-text questions, where the
    toolkit has them), Progress (with earlier review rounds) and Plan."""
    scores = []
    for p in A.chosen_perspectives(instrument, doc):
        for item in instrument.items:
            given = A.answer(doc, p.id, item.id)
            scores.append((p.label, item.id, item.name, item.group, *_scored(instrument, given["score"]), given["example"],
                           "; ".join(given["options"])))
    tables = [
        _about(instrument, doc.get("title", ""), doc.get("date", "")),
        Table("Scores", (Column("View"), Column("Item id"), Column("Item"), Column("Group"), *_SCORED, Column("Example"),
                         Column("Options chosen")), scores),
    ]
    if instrument.prompts:
        tables.append(Table("Answers", (Column("Question id"), Column("Question"), Column("Answer")),
                            [(p.id, p.label, (doc.get("prompts") or {}).get(p.id) or "") for p in instrument.prompts]))
    if earlier:
        status = {row.get("item_id"): row.get("status", "") for row in plans.plan_of(instrument, doc)}
        dates = [r["date"] for r in [*earlier, doc]]
        rows = []
        for change in rounds.changes(instrument, [*earlier, doc]):
            for on, score in zip(dates, change.scores):
                rows.append((change.perspective.label, change.item.id, change.item.name, on, *_scored(instrument, score),
                             change.change, status.get(change.item.id, "")))
        tables.append(Table("Progress", (Column("View"), Column("Item id"), Column("Item"), Column("Round of", DATE), *_SCORED,
                                         Column("Change since the first round", NUMBER), Column("Plan status")), rows))
    tables.append(_plan(instrument, doc))
    return xlsx(tables)


def team_xlsx(instrument: Instrument, session: dict, shown_rounds: list[Shown], earlier: list[dict] | None = None) -> bytes:
    """A team session as a spreadsheet: About, Role groups (each group's head count, and which are
    counted together, once answers have been shown), Answers (every revealed round's answers, as far
    as they may be shown), Agreed (the group's agreed scores), Earlier agreed (earlier reviews, where
    there are any) and Plan (the team's)."""
    tables = [_about(instrument, session.get("title", ""), session.get("created_on", ""))]
    parts = next((s.partition for s in shown_rounds if s.partition is not None), None)
    if parts is not None:
        tables.append(Table("Role groups", (Column("Role group"), Column("People", NUMBER), Column("Counted together")),
                            [(role, n, "yes" if role in parts.pooled and parts.shown else "")
                             for role, n in parts.composition]))
    answers = [(s.round, a.person, a.role, item.id, item.name, *_scored(instrument, a.scores.get(item.id)),
                a.examples.get(item.id, ""))
               for s in shown_rounds for a in s.answers for item in instrument.items]
    tables.append(Table("Answers", (Column("Round", NUMBER), Column("Person"), Column("Role group"), Column("Item id"),
                                    Column("Item"), *_SCORED, Column("Example")), answers))
    item_columns = (Column("Item id"), Column("Item"), *_SCORED, Column("Example"))
    agreed = teams.agreed_doc(instrument, session)
    tables.append(Table("Agreed", item_columns, [_agreed_row(instrument, agreed, item.id) for item in instrument.items]))
    if earlier:
        rows = []
        for before in earlier:
            old = teams.agreed_doc(instrument, before)
            rows += [(old["date"], *_agreed_row(instrument, old, item.id)) for item in instrument.items]
        tables.append(Table("Earlier agreed", (Column("Review of", DATE), *item_columns), rows))
    tables.append(_plan(instrument, agreed))
    return xlsx(tables)


def _agreed_row(instrument: Instrument, agreed: dict, item_id: str) -> tuple:
    given = agreed["answers"][agreed["perspectives"][0]].get(item_id, {})
    return (item_id, instrument.item(item_id).name, *_scored(instrument, given.get("score")), given.get("example", ""))

