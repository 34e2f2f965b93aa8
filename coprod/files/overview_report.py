"""An overview's files: a PDF (where the organisation stands per item as a heatmap, how many teams are
in each band, the items most teams find hardest, who moved, the overview's median over the reviews,
the plans across teams, whose review is due, the tags compared), and one row per team × round ×
item, with its tags, as CSV and XLSX. None holds a link or a code; none ranks a team.

The same files come from exported assessments without a server (`python -m coprod overview`): each
export is a team, named by its title, and exports with the same title are its review rounds.
"""

from __future__ import annotations

import csv
import io
from datetime import date

from coprod.charts.overview import band_colours
from coprod.charts.specs import dark
from coprod.common import i18n
from coprod.common.i18n import _, marked, n_
from coprod.files import pdf_drawing as pen
from coprod.files.pdf import MUTED, Writer, table
from coprod.files.sheets import cell, header_row
from coprod.files.text_layout import wrap_lines
from coprod.files.wording import long_date, plan_status
from coprod.files.workbook import DATE, NUMBER, Column, Table, sheet_name, xlsx
from coprod.library import attribution
from coprod.library.model import Instrument
from coprod.overview import figures as F

COLUMNS = [marked("team"), marked("tags"), marked("review"), marked("date"), marked("item_id"), marked("item"), marked("score"),
           marked("score_label"), marked("band"), marked("example"), marked("next_review")]  # the header row: header_row
PLAN_COLUMNS = (marked("item"), marked("team"), marked("action"), marked("status"))


def _rows(instrument: Instrument, teams: list[F.Team]) -> list[list]:
    scale = instrument.scale
    out = []
    for team in teams:
        for n, round_ in enumerate(team.rounds, start=1):
            for item in instrument.items:
                score = round_["scores"].get(item.id)
                scored = isinstance(score, int) and scale.min <= score <= scale.max
                out.append([team.name, "; ".join(team.tags), n, round_.get("on", ""), item.id, item.name,
                            score if scored else "", scale.label_for(score) if scored else "",
                            scale.band_for(score).name if scored else "", (round_.get("examples") or {}).get(item.id, ""),
                            round_.get("next_review", "")])
    return out


def overview_csv(instrument: Instrument, teams: list[F.Team]) -> str:
    """One row per team × review round × item: team, tags, review (1 for a team's first round), date,
    item_id, item, score (empty when not scored), score_label, band, example (only where the team
    shared its examples), next_review. Every cell a person wrote is guarded against formulas."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header_row(COLUMNS))
    for row in _rows(instrument, teams):
        writer.writerow(cell(v) for v in row)
    return out.getvalue()


def overview_xlsx(instrument: Instrument, teams: list[F.Team]) -> bytes:
    """The same rows as a spreadsheet ("Answers"), with the plans across teams ("Plans")."""
    plans = [[a.item.name, team, action, plan_status(status)] for a in F.plans_across(instrument, teams) for team, action, status in a.actions]
    kinds = {"review": NUMBER, "score": NUMBER, "date": DATE, "next_review": DATE}
    return xlsx([
        Table(sheet_name(_("Answers")), tuple(Column(_(name), kinds.get(name, "text")) for name in COLUMNS), _rows(instrument, teams)),
        Table(sheet_name(_("Plans")), tuple(Column(_(name)) for name in PLAN_COLUMNS), plans),
    ])


def overview_pdf(instrument: Instrument, overview: dict, teams: list[F.Team], today: date | None = None) -> bytes:
    """The overview as an A4 PDF, to share with the people who run the teams."""
    w = Writer(overview.get("title", "") or _("Overview"))
    w.paragraph(overview.get("title", ""), 20, True, line=9)
    w.gap(3)
    w.field(_("Overview"), n_("{count} team chose to add their results.", "{count} teams chose to add their results.",
                              len(teams)).format(count=len(teams)))
    w.field(_("Instrument"), instrument.title)
    w.field(_("Source"), instrument.source.citation())
    if overview.get("created_on"):
        w.field(_("Opened"), long_date(overview["created_on"]))
    w.paragraph(_("Teams are listed by name: nothing here ranks them, and no scores are added up."), 9, colour=MUTED, line=4.5)
    if not teams:
        w.paragraph(_("No team has added its results yet."), line=5)
        return bytes(w.pdf.output())
    minimum = int(overview.get("min_group", 3))
    w.heading(_("Where each team stands now"), keep=50)
    _heatmap(w, instrument, F.grid(instrument, teams), band_colours(instrument))
    _distribution(w, instrument, teams)
    _movement(w, instrument, teams, minimum)
    _plans(w, instrument, teams)
    _due(w, teams, today)
    _tags(w, instrument, teams, overview.get("tags") or [], minimum)
    return bytes(w.pdf.output())


NAME_WIDTH, ROW, HEADER = 42.0, 7.0, 16.0  # mm


def _fit(w: Writer, text: str, width: float, size: float) -> str:
    """Text wrapped to a cell's width, at most two lines."""
    return "\n".join(wrap_lines(w.text(text), width, size)[:2])


def _heatmap(w: Writer, instrument: Instrument, cells: list[F.Cell], colours: dict[str, str]) -> None:
    """Teams down the side, items across; each cell in its band's colour with the score written in
    it (so colour is never the only cue), the bands named underneath."""
    items = instrument.items
    column = (w.width - NAME_WIDTH) / len(items)
    teams = list(dict.fromkeys(c.team for c in cells))
    by = {(c.team, c.item.id): c for c in cells}

    def header() -> float:
        top = w.pdf.get_y()
        for n, item in enumerate(items):
            pen.label(w, w.left + NAME_WIDTH + (n + 0.5) * column, top + HEADER / 2, _fit(w, item.name, column - 1, 7),
                      7, align="C")
        return top + HEADER

    with pen.drawing(w):
        y = header()
        for team in teams:
            if y + ROW > w.pdf.h - 20:
                w.pdf.add_page()
                y = header()
            pen.label(w, w.left, y + ROW / 2, _fit(w, team, NAME_WIDTH - 2, 8), 8)
            for n, item in enumerate(items):
                cell_ = by[(team, item.id)]
                fill = colours.get(cell_.band, "#ffffff")
                w.pdf.set_fill_color(*pen.rgb(fill))
                w.pdf.set_draw_color(255, 255, 255)
                w.pdf.rect(w.left + NAME_WIDTH + n * column, y, column, ROW, style="DF")
                text = "" if cell_.score is None else instrument.scale.label_for(cell_.score)
                pen.label(w, w.left + NAME_WIDTH + (n + 0.5) * column, y + ROW / 2, _fit(w, text, column - 1, 7), 7,
                          bold=True, align="C", colour="#ffffff" if dark(fill) else "#1b1f23")
            y += ROW
        w.pdf.set_y(y + 2)
    bands = ", ".join(f"{b.name} ({b.range_label})" for b in instrument.scale.bands)
    w.paragraph(_("Bands, lowest first: {bands}. Each cell is in its band's colour, darkest highest, with the score written "
                  "in it.").format(bands=bands), 9, colour=MUTED, line=4.5)


def _distribution(w: Writer, instrument: Instrument, teams: list[F.Team]) -> None:
    w.heading(_("How many teams are in each band"), keep=40)
    bands = [b.name for b in instrument.scale.bands]
    rows = [[w.text(item.name), *(str(counts[b]) for b in bands)] for item, counts in F.distribution(instrument, teams)]
    across = min(28.0, (w.width - 50) / len(bands))
    table(w, [_("Item"), *bands], rows, [w.width - across * len(bands), *[across] * len(bands)])
    hardest = F.hardest(instrument, teams)
    if hardest:
        w.gap(3)
        w.heading(_("Where to put effort across the organisation"), 2, keep=30)
        w.paragraph(_("The items most teams are in the lowest band on, with what that band looks like."), 9, colour=MUTED, line=4.5)
        table(w, [_("Item"), _("Teams in the lowest band"), f"{instrument.scale.bands[0].name}, {attribution.in_the_words_of(instrument)}"],
              [[w.text(item.name), str(n), w.text(words)] for item, n, words in hardest], [40, 30, w.width - 70])


def _movement(w: Writer, instrument: Instrument, teams: list[F.Team], minimum: int) -> None:
    w.heading(_("Who moved between reviews"), keep=40)
    moved = [t for t in teams if len(t.rounds) > 1]
    if not moved:
        w.paragraph(_("No team has added a second review round yet."), line=5)
        return
    table(w, [_("Team"), _("Reviews"), _("Items up"), _("Items down"), _("The same")],
          [[w.text(t.name), str(len(t.rounds)), *map(str, F.team_moves(instrument, t))] for t in moved],
          [w.width - 100, 25, 25, 25, 25])
    w.gap(3)
    reviews = F.review_medians(instrument, teams, minimum)
    headings = [_("Item"), *(_("Review {number} ({count} teams)").format(number=n, count=k) for n, k, _unused in reviews)]
    width = (w.width - 50) / len(reviews)
    table(w, headings, [[w.text(item.name), *(_median(instrument, m[item.id]) for _n, _k, m in reviews)] for item in instrument.items],
          [50, *[width] * len(reviews)])
    w.paragraph(_("The overview's median per item at each review; a review of fewer than {count} teams shows none.").format(
                count=minimum), 9, colour=MUTED, line=4.5)


def _median(instrument: Instrument, value: float | None) -> str:
    if value is None:
        return "—"
    return instrument.scale.label_for(int(value)) if float(value).is_integer() else i18n.number(value)


def _plans(w: Writer, instrument: Instrument, teams: list[F.Team]) -> None:
    w.heading(_("Plans across teams"), keep=40)
    across = F.plans_across(instrument, teams)
    if not any(a.actions for a in across):
        w.paragraph(_("No team has shared its plan."), line=5)
        return
    rows = [[w.text(a.item.name), *(str(a.by_status[s]) for s in F.STATUSES),
             w.text("\n".join(f"{team}: {action} ({plan_status(status)})" for team, action, status in a.actions))]
            for a in across if a.actions]
    table(w, [_("Item"), *(_first_up(plan_status(s)) for s in F.STATUSES), _("Actions")], rows, [34, 14, 18, 20, 16, w.width - 102])


def _first_up(text: str) -> str:
    """A heading's first letter in capitals ("Not started"), the rest as written."""
    return text[:1].upper() + text[1:]


def _due(w: Writer, teams: list[F.Team], today: date | None) -> None:
    w.heading(_("Reviews due"), keep=30)
    due = F.reviews_due(teams, today)
    if not due:
        w.paragraph(_("No team's next review date has passed."), line=5)
        return
    table(w, [_("Team"), _("Next review was due")], [[w.text(name), long_date(on)] for name, on in due], [w.width - 50, 50])


def _tags(w: Writer, instrument: Instrument, teams: list[F.Team], tags: list[str], minimum: int) -> None:
    if not tags:
        return
    w.heading(_("Tags compared"), keep=40)
    compared, note = F.tags_compared(instrument, teams, tags, minimum)
    width = (w.width - 60) / max(1, len(compared))
    rows = [[w.text(item.name), *(_median(instrument, t.medians.get(item.id)) if t.medians else _("counts only") for t in compared)]
            for item in instrument.items]
    table(w, [_("Item"), *(f"{t.tag} ({t.teams})" for t in compared)], rows, [60, *[width] * len(compared)])
    if note:
        w.paragraph(note, 9, colour=MUTED, line=4.5)
