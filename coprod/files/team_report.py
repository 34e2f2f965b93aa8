"""The team session's downloads: a PDF of what the group saw and agreed, and a CSV of every answer.

The PDF is written with the individual report's machinery (coprod.files.report: the same fonts, the
same filter that keeps any Unicode printable, the same table style and plan table), so a team's
report and a person's read alike. It holds, in order: the session and who took part per role group;
everyone's shapes with the group median and the spread per item (for the attitudes survey and other
tally instruments, the seed's tally table and a stacked bar instead); the items to talk about with
what people wrote at each end side by side; the role groups' view and the gaps between them; how the
second round moved the people who answered both rounds (their medians in each round, who moved); the agreed scores and examples; and the team plan. Its charts are
drawn as vector shapes by coprod.files.pdf_charts from the same geometry as the facilitator's screen.

Privacy holds on paper as on screen because both read the same `disclosure.Shown`: a round not
revealed yet, or withheld, prints counts only; role groups are named only as the session's partition
allows (the groups counted together are named only beside their head counts); an anonymous
session's report prints no name.
"""

from __future__ import annotations

import csv
import io

from coprod.charts import team as team_charts
from coprod.common import i18n
from coprod.common.i18n import _, marked, n_
from coprod.files import pdf as pdf_page
from coprod.files import pdf_charts, wording
from coprod.files import report as reports
from coprod.files.sheets import cell, header_row
from coprod.library import attribution
from coprod.library.model import Instrument
from coprod.library.scoring import in_scale
from coprod.sessions import stats as teams
from coprod.sessions import views
from coprod.sessions.disclosure import Shown


def _counts_only(w: pdf_page.Writer, shown: Shown) -> None:
    people = _people_count(shown.submitted)
    if not shown.revealed:
        text = _("Not revealed yet: {people} submitted so far.").format(people=people)
    elif shown.withheld:
        text = _("Counts only: {people} answered. {reason}").format(people=people, reason=shown.withheld)
    else:
        text = _("Counts only: {people} answered. The answers are shown once at least {count} people have, so that "
                 "nobody can be picked out.").format(people=people, count=shown.min_group)
    w.paragraph(text, colour=pdf_page.MUTED, line=pdf_page.LINE)


def _people_count(n: int) -> str:
    return n_("{count} person", "{count} people", n).format(count=n)


def _about(w: pdf_page.Writer, instrument: Instrument, session: dict, rounds: list[Shown]) -> None:
    w.paragraph(session.get("title", ""), 20, True, pdf_page.INK, line=9)
    w.gap(3)
    w.field(_("Team session"), _("Everyone scored on their own; the answers were revealed together."))
    if session.get("created_on"):
        w.field(_("Date"), wording.long_date(session["created_on"]))
    w.field(_("Instrument"), instrument.title)
    w.field(_("Source"), instrument.source.citation())
    if instrument.translation:  # a translated version credits its translator (issue 27)
        w.paragraph(attribution.translated_by(instrument), 9, colour=pdf_page.MUTED, line=4.5)
    if session.get("anonymous"):
        w.field(_("Names"), _("Anonymous session: nobody's name was asked for or kept."))
    people = _people_count(rounds[0].submitted)
    if len(rounds) > 1:
        took_part = _("{people} answered the first round, {count} the second").format(people=people, count=rounds[1].submitted)
    else:
        took_part = _("{people} answered").format(people=people)
    w.field(_("Taking part"), took_part)
    for line in views.composition_lines(_main(rounds).partition):
        w.field("", line)
    if len(rounds) > 1:
        w.gap(2)
        note = (_("The views below show the second round, the scores after the talk; the first round is kept in "
                  "“{heading}”.").format(heading=_(MOVED)) if rounds[1].revealed else
                _("The views below show the first round: the second has not been revealed yet."))
        w.paragraph(note, 9, colour=pdf_page.MUTED, line=4.5)


MOVED = marked("How the conversation moved people")


def _main(rounds: list[Shown]) -> Shown:
    """The round the report's views show: the latest revealed one (the first, if none is)."""
    return next((r for r in reversed(rounds) if r.revealed), rounds[0])


def _tally(w: pdf_page.Writer, instrument: Instrument, shown: Shown) -> None:
    w.heading(_("Answers by statement"), keep=40)
    if not shown.visible:
        _counts_only(w, shown)
        return
    answers = list(shown.answers)
    for line in teams.opinion_lines(instrument, answers) if instrument.kind == "survey" else []:
        w.paragraph(line, line=pdf_page.LINE)
        w.gap(1.5)
    table = teams.tally_table(instrument, answers)
    w.paragraph(_("How many people chose each answer: the {items} down the side, the answers across.").format(
                items=instrument.words.items), 9, colour=pdf_page.MUTED, line=4.5)
    w.gap(2)
    rows = [[w.text(statement), *(str(int(n)) for n in counts)] for statement, counts in zip(table.index, table.to_numpy())]
    across = 22.0
    pdf_page.table(w, [_(str(table.index.name)), *table.columns], rows, [w.width - across * len(table.columns), *[across] * len(table.columns)])
    w.gap(4)
    pdf_charts.tally(w, instrument, answers)


def _overview(w: pdf_page.Writer, instrument: Instrument, shown: Shown, charts: tuple[str, ...]) -> None:
    if not shown.visible:
        w.heading(_("Everyone's answers"))
        _counts_only(w, shown)
        return
    if views.RADAR in charts:
        pdf_charts.team_radar(w, instrument, shown, heading=_("Everyone's answers"),
                              intro=_("Each thin line is one person's shape; the thick dark line is the group median."))
    if views.SPREAD in charts:
        pdf_charts.spread(w, instrument, shown, heading=_("Where people agree and differ"))


def _end(instrument: Instrument, score: int, quotes: tuple[str, ...]) -> str:
    return "\n".join([teams.end_words(instrument, score), *(quotes or (teams.NOBODY_WROTE,))])


def _flags(w: pdf_page.Writer, instrument: Instrument, shown: Shown) -> None:
    w.heading(_("Talk about this"), keep=40)
    if not shown.visible:
        _counts_only(w, shown)
        return
    flagged = views.talk_about(instrument, shown)
    survey = instrument.kind == "survey"
    if not flagged:
        w.paragraph(_("Nobody answered on the other side of anyone else: no statement needs talking through first.") if survey
                    else _("Everyone's answers to each item fall in the same band: no item needs talking through first."),
                    line=pdf_page.LINE)
        return
    w.paragraph(_("The statements people answered on both sides, agreeing and disagreeing, the most split first. What "
                  "people wrote at each end, side by side:") if survey else
                _("The answers to these items fall in more than one band. What people wrote at each end, side by side:"),
                line=pdf_page.LINE)
    w.gap(2)
    rows = [[w.text(t.item.name), w.text(_end(instrument, t.low, t.low_quotes)), w.text(_end(instrument, t.high, t.high_quotes))]
            for t in flagged]
    pdf_page.table(w, [_("Item: talk about this"), _("Lowest answers"), _("Highest answers")], rows, [36, (w.width - 36) / 2, (w.width - 36) / 2])


def _roles(w: pdf_page.Writer, instrument: Instrument, shown: Shown) -> None:
    w.heading(_("How the role groups see it"), keep=40)
    min_group = shown.min_group
    parts = shown.partition
    if not shown.visible or parts is None:
        _counts_only(w, shown)
        return
    if parts.why:
        w.paragraph(parts.why, colour=pdf_page.MUTED, line=pdf_page.LINE)
        w.gap(2)
    groups = list(shown.groups)
    if groups:
        rows = [[w.text(g.role), str(g.n), w.text(_("shown") if g.shown else views.shown_words(g, min_group))] for g in groups]
        pdf_page.table(w, [_("Role group"), _("People"), _("In the views below")], rows, [w.width - 80, 20, 60])
    shown_groups = [g for g in groups if g.shown]
    if not shown_groups:
        return
    if views.ROLES in views.charts_of(instrument):
        pdf_charts.role_radar(w, instrument, shown_groups, heading=_("One shape per role group (its medians)"), level=2)
    gaps = teams.role_gaps(instrument, groups)
    differing = [row for row in gaps if row[1] > 0]
    if len(shown_groups) < 2:
        w.paragraph(_("The groups are compared once at least two of them have {count} or more people.").format(
                    count=min_group), colour=pdf_page.MUTED, line=pdf_page.LINE)
        return
    w.room(35)  # the sub-heading with the table's first rows
    w.heading(_("Where the groups differ most"), 2)
    if not differing:
        w.paragraph(_("The groups' medians are the same on every item."), line=pdf_page.LINE)
        return
    median_of = {g.role: g.medians for g in shown_groups}
    rows = [[w.text(item.name), i18n.number(gap),
             w.text(f"{high}: {team_charts.score_words(instrument, median_of[high][item.id])}"),
             w.text(f"{low}: {team_charts.score_words(instrument, median_of[low][item.id])}")]
            for item, gap, high, low in differing]
    pdf_page.table(w, [_("Item"), _("Gap"), _("Sees it highest (median)"), _("Sees it lowest (median)")], rows,
                  [38, 14, (w.width - 52) / 2, (w.width - 52) / 2])


def _rounds(w: pdf_page.Writer, instrument: Instrument, before: Shown, after: Shown) -> None:
    """Round 1 against round 2 over the same people: only those who answered both are compared."""
    heading = _(MOVED)
    if not (before.visible and after.visible):
        w.heading(heading, keep=40)
        w.paragraph(_("Counts only: {before} answered the first round and {after} the second. Both rounds are compared "
                      "once each has been revealed with at least {count}.").format(
                        before=_people_count(before.submitted), after=_people_count(after.submitted), count=after.min_group),
                    colour=pdf_page.MUTED, line=pdf_page.LINE)
        return
    comparison = views.compare_rounds(instrument, before, after)
    if not comparison.shown:
        w.heading(heading, keep=40)
        w.paragraph(comparison.summary, colour=pdf_page.MUTED, line=pdf_page.LINE)
        return
    moves = list(comparison.moves)
    pdf_charts.rounds(w, instrument, moves, heading=heading, intro=comparison.summary)
    w.gap(2)
    rows = [[w.text(m.item.name), str(m.n), w.text(teams.median_words(instrument, m.median_before)),
             w.text(teams.median_words(instrument, m.median_after)),
             w.text(teams.median_change(instrument, m.change)), w.text(teams.who_moved(instrument, m) if m.n >= comparison.min_group else _("counts only"))] for m in moves]
    pdf_page.table(w, [_("Item"), _("People"), _("First round median"), _("Second round median"), _("Change"), _("Who moved")], rows,
                  [w.width - 146, 14, 34, 34, 18, 46])


def team_pdf(instrument: Instrument, session: dict, rounds: list[Shown], earlier: list[dict] | None = None) -> bytes:
    """The session as an A4 PDF, to print, pin up and keep with the plan. `rounds` is what may be
    shown of the first round and, when there was one, of the re-scores after the talk
    (`disclosure.session_rounds`); `earlier` the sessions of earlier review rounds, whose agreed scores the
    progress section compares."""
    main = _main(rounds)
    doc = teams.agreed_doc(instrument, session)

    w = pdf_page.Writer(session.get("title", "") or _("Team session"))
    _about(w, instrument, session, rounds)
    charts = views.charts_of(instrument)
    if views.TALLY in charts:
        _tally(w, instrument, main)
    if views.RADAR in charts or views.SPREAD in charts:
        _overview(w, instrument, main, charts)
    _flags(w, instrument, main)
    _roles(w, instrument, main)
    if len(rounds) > 1:
        _rounds(w, instrument, rounds[0], rounds[1])
    if earlier:
        reports.progress_section(w, instrument, doc, [teams.agreed_doc(instrument, e) for e in earlier])
    reports.scores_section(w, instrument, doc, _("Agreed scores and examples") if instrument.kind == "scale" else _("Agreed answers and notes"))
    reports.plan_section(w, instrument, doc)
    return bytes(w.pdf.output())


CSV_COLUMNS = [marked("kind"), marked("round"), marked("person"), marked("role"), marked("item_id"), marked("item"),
               marked("score"), marked("score_label"), marked("band"), marked("example")]  # the header row: _(column)


def team_csv(instrument: Instrument, session: dict, rounds: list[Shown], earlier: list[dict] | None = None) -> str:
    """Every answer and the agreed scores as one CSV table with a header row.

    Columns: kind, round, person, role, item_id, item, score, score_label, band, example.
    Rows: kind "answer", one per round × person × item, only for a round that was revealed with at
    least the session's smallest group size (round 1, or 2 for the re-scores after the talk; person is
    the name, or "Participant N" in an anonymous session, the same in every round; role is the role
    group only as the session's partition allows, see coprod.sessions.disclosure); then kind "agreed", one per
    item, with the group's agreed score and example (round, person and role empty); with `earlier`
    review sessions given, kind "earlier agreed" rows follow, one per earlier review × item, with
    that review's date in round. An unscored item
    has empty score, score_label and band. Cells a spreadsheet would run as a formula get a leading
    quote, as in the individual CSV.
    """
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header_row(CSV_COLUMNS))
    scale = instrument.scale

    def row(kind: str, round_number: int | str, person: str, role: str, item_id: str, score: int | None, example: str) -> None:
        scored = score is not None and in_scale(instrument, score)
        writer.writerow(cell(v) for v in (
            kind, round_number, person, role, item_id, instrument.item(item_id).name,
            score if scored else "",
            scale.label_for(score) if scored else "",
            scale.band_for(score).name if scored else "",
            example,
        ))

    for shown in rounds:
        for a in shown.answers:
            for item in instrument.items:
                row("answer", shown.round, a.person, a.role, item.id, a.scores.get(item.id), a.examples.get(item.id, ""))
    agreed = teams.agreed_doc(instrument, session)
    view = agreed["perspectives"][0]
    for item in instrument.items:
        given = agreed["answers"][view].get(item.id, {})
        row("agreed", "", "", "", item.id, given.get("score"), given.get("example", ""))
    for before in earlier or []:
        old = teams.agreed_doc(instrument, before)
        for item in instrument.items:
            given = old["answers"][old["perspectives"][0]].get(item.id, {})
            row("earlier agreed", old["date"], "", "", item.id, given.get("score"), given.get("example", ""))
    return out.getvalue()
