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
from coprod.common.i18n import _
from coprod.files.wording import plan_status
from coprod.files.workbook import DATE, NUMBER, Column, Table, sheet_name, xlsx
from coprod.library.model import Instrument
from coprod.library.scoring import in_scale
from coprod.sessions import stats as teams
from coprod.sessions.disclosure import Shown


def _sheet(name: str, columns, rows) -> Table:
    """A sheet whose name and column names are already in the reader's language."""
    return Table(sheet_name(name), tuple(columns), rows)


def _scored_columns() -> tuple[Column, ...]:
    return Column(_("Score"), NUMBER), Column(_("Answer")), Column(_("Band"))


def _scored(instrument: Instrument, score: int | None) -> tuple:
    """A score as a number, with its answer's name and its band in words (empty when unscored)."""
    if score is None or not in_scale(instrument, score):
        return None, None, None
    return score, instrument.scale.label_for(score), instrument.scale.band_for(score).name


def _about(instrument: Instrument, title: str, on: str) -> Table:
    return _sheet(_("About"), (Column(_("Title")), Column(_("Date"), DATE), Column(_("Toolkit")), Column(_("Source"))),
                  [(title, on, instrument.title, instrument.source.citation())])


def _plan(instrument: Instrument, doc: dict) -> Table:
    named = plans.headings(instrument)
    columns = [Column(named[c], DATE if c == "by_when" else "text") for c in plans.COLUMNS]
    return _sheet(_("Plan"), columns, [tuple(plan_status(row.get(c, "")) if c == "status" else row.get(c, "") for c in plans.COLUMNS)
                                       for row in plans.plan_of(instrument, doc)])


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
        _sheet(_("Scores"), (Column(_("View")), Column(_("Item id")), Column(_("Item")), Column(_("Group")), *_scored_columns(),
                             Column(_("Example")), Column(_("Options chosen"))), scores),
    ]
    if instrument.prompts:
        tables.append(_sheet(_("Answers"), (Column(_("Question id")), Column(_("Question")), Column(_("Answer"))),
                            [(p.id, p.label, (doc.get("prompts") or {}).get(p.id) or "") for p in instrument.prompts]))
    if earlier:
        status = {row.get("item_id"): row.get("status", "") for row in plans.plan_of(instrument, doc)}
        dates = [r["date"] for r in [*earlier, doc]]
        rows = []
        for change in rounds.changes(instrument, [*earlier, doc]):
            for on, score in zip(dates, change.scores):
                rows.append((change.perspective.label, change.item.id, change.item.name, on, *_scored(instrument, score),
                             change.change, plan_status(status.get(change.item.id, ""))))
        tables.append(_sheet(_("Progress"), (Column(_("View")), Column(_("Item id")), Column(_("Item")), Column(_("Round of"), DATE),
                                             *_scored_columns(), Column(_("Change since the first round"), NUMBER),
                                             Column(_("Plan status"))), rows))
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
        tables.append(_sheet(_("Role groups"), (Column(_("Role group")), Column(_("People"), NUMBER), Column(_("Counted together"))),
                             [(role, n, _("yes") if role in parts.pooled and parts.shown else "")
                             for role, n in parts.composition]))
    answers = [(s.round, a.person, a.role, item.id, item.name, *_scored(instrument, a.scores.get(item.id)),
                a.examples.get(item.id, ""))
               for s in shown_rounds for a in s.answers for item in instrument.items]
    tables.append(_sheet(_("Answers"), (Column(_("Round"), NUMBER), Column(_("Person")), Column(_("Role group")), Column(_("Item id")),
                                        Column(_("Item")), *_scored_columns(), Column(_("Example"))), answers))
    item_columns = (Column(_("Item id")), Column(_("Item")), *_scored_columns(), Column(_("Example")))
    agreed = teams.agreed_doc(instrument, session)
    tables.append(_sheet(_("Agreed"), item_columns, [_agreed_row(instrument, agreed, item.id) for item in instrument.items]))
    if earlier:
        rows = []
        for before in earlier:
            old = teams.agreed_doc(instrument, before)
            rows += [(old["date"], *_agreed_row(instrument, old, item.id)) for item in instrument.items]
        tables.append(_sheet(_("Earlier agreed"), (Column(_("Review of"), DATE), *item_columns), rows))
    tables.append(_plan(instrument, agreed))
    return xlsx(tables)


def _agreed_row(instrument: Instrument, agreed: dict, item_id: str) -> tuple:
    given = agreed["answers"][agreed["perspectives"][0]].get(item_id, {})
    return (item_id, instrument.item(item_id).name, *_scored(instrument, given.get("score")), given.get("example", ""))

