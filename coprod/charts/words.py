"""Every chart said in words: the sentence that goes beside it, for people who cannot see the chart
or find charts hard to read (a workshop in the sources: "some participants found the complex charts
hard to understand").

One function per kind of chart, each returning short lines of plain text: the shape's strongest and
weakest items ("Strongest: Networks (8, Excellent). Weakest: Assets (2, Not there yet)."), a spread's
widest and narrowest items, a tally's most common answers, the change over review rounds. Team
charts are described only from a `disclosure.Shown`, so the words say no more than the chart may show.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from coprod.charts.specs import Series
from coprod.common import i18n
from coprod.common.i18n import _, marked
from coprod.library.model import Instrument
from coprod.sessions.disclosure import Shown
from coprod.sessions.stats import Group, band_of_median, item_stats

NOTHING = marked("Nothing is scored yet, so the chart is empty.")  # shown as _(NOTHING)


def score_words(instrument: Instrument, value: float) -> str:
    """A score as "8, Excellent" (a number scale), "Excellent" (a named one) or "3.5, Making progress"."""
    if float(value).is_integer():
        whole = int(value)
        label, band = instrument.scale.label_for(whole), instrument.scale.band_for(whole).name
        return label if label == band else f"{label}, {band}"
    return f"{i18n.number(value)}, {band_of_median(instrument, value).name}"


def _names(names: Sequence[str]) -> str:
    names = list(names)
    return names[0] if len(names) == 1 else _("{names} and {last}").format(names=", ".join(names[:-1]), last=names[-1])


def shape(instrument: Instrument, scores: Mapping[str, float | None]) -> str:
    """One sentence saying a shape: its strongest and weakest items, ties named together."""
    scored = [(item.name, scores[item.id]) for item in instrument.items if scores.get(item.id) is not None]
    if not scored:
        return _(NOTHING)
    top, bottom = max(v for _name, v in scored), min(v for _name, v in scored)
    if top == bottom:
        return _("Every scored item is at the same level ({level}).").format(level=score_words(instrument, top))
    strongest = _names([n for n, v in scored if v == top])
    weakest = _names([n for n, v in scored if v == bottom])
    return _("Strongest: {strongest} ({high}). Weakest: {weakest} ({low}).").format(
        strongest=strongest, high=score_words(instrument, top), weakest=weakest, low=score_words(instrument, bottom))


def radar(instrument: Instrument, series: Sequence[Series]) -> list[str]:
    """A line per shape on a radar, named by its label where there is more than one."""
    if len(series) == 1:
        return [shape(instrument, series[0].scores)]
    return [f"{s.label}. {shape(instrument, s.scores)}" for s in series]


def team(instrument: Instrument, shown: Shown) -> list[str]:
    """The group's shape (its medians) and how many people it is drawn from."""
    stats = item_stats(instrument, list(shown.answers))
    people = len(shown.answers)
    return [_("Drawn from {count} people's answers. The dark line joins the middle answers (medians) of the items.").format(count=people),
            shape(instrument, {s.item.id: s.median for s in stats})]


def spread(instrument: Instrument, shown: Shown) -> list[str]:
    """Where people agree and where they are far apart."""
    stats = [s for s in item_stats(instrument, list(shown.answers)) if s.low is not None]
    if not stats:
        return [_(NOTHING)]
    widths = {s.item.name: s.high - s.low for s in stats}
    widest, narrowest = max(widths.values()), min(widths.values())
    lines = []
    if widest == narrowest:
        lines.append(_("Answers spread the same on every item ({count} points apart).").format(count=widest))
    else:
        far = [s for s in stats if s.high - s.low == widest]
        near = [s for s in stats if s.high - s.low == narrowest]
        lines.append(_("Most apart: {far} (answers from {low} to {high}). Closest: {near}.").format(
            far=_names([s.item.name for s in far]), low=score_words(instrument, far[0].low),
            high=score_words(instrument, far[0].high), near=_names([s.item.name for s in near])))
    flagged = [s.item.name for s in stats if s.talk_about]
    if flagged:
        lines.append(_("Answers in more than one band, to talk about: {items}.").format(items=_names(flagged)))
    return lines


def roles(instrument: Instrument, groups: Sequence[Group]) -> list[str]:
    """A line per role group drawn (groups under the minimum are not drawn, so not described)."""
    return [_("{role} ({count} people). {shape}").format(role=g.role, count=g.n, shape=shape(instrument, g.medians))
            for g in groups if g.shown]


def tally(instrument: Instrument, answers: Sequence[Mapping[str, int | None]], who: str = marked("people")) -> list[str]:
    """The most common answer to each statement, with how many gave it."""
    lines = []
    for item in instrument.items:
        given = [a.get(item.id) for a in answers if a.get(item.id) is not None]
        if not given:
            continue
        counts = {band.name: sum(1 for v in given if band.contains(v)) for band in instrument.scale.bands}
        most = max(counts.values())
        common = [name for name, n in counts.items() if n == most]
        lines.append(_("{item}: most {who} said {answers} ({count} of {total}).").format(
            item=item.name, who=_(who), answers=_names(common), count=most, total=len(given)))
    return lines or [_(NOTHING)]


def survey(instrument: Instrument, scores: Mapping[str, int | None]) -> list[str]:
    """A person's answers against the source's reference group, statement by statement."""
    tally_ = instrument.reference_tally
    lines = []
    for item in instrument.items:
        score = scores.get(item.id)
        yours = _("not answered") if score is None else instrument.scale.label_for(score)
        line = _("{item}: you said {answer}.").format(item=item.name, answer=yours)
        if tally_ and item.id in tally_.counts:
            counts = dict(zip((b.name for b in instrument.scale.bands), tally_.counts[item.id]))
            most = max(counts.values())
            line += " " + _("Most of the {group} said {answers}.").format(
                group=tally_.label, answers=_names([n for n, c in counts.items() if c == most]))
        lines.append(line)
    return lines


def over_rounds(instrument: Instrument, rows: Sequence[Mapping]) -> list[str]:
    """The change per item from the first round to the last (rows: item, round, score): on a scale
    up or down; for answers that are not a scale's levels, from which answer to which."""
    by_item: dict[str, list[float]] = {}
    for row in sorted(rows, key=lambda r: r["round"]):
        if row.get("score") is not None:
            by_item.setdefault(row["item"], []).append(row["score"])
    changes = {item: s[-1] - s[0] for item, s in by_item.items() if len(s) > 1}
    if not changes:
        return [_("Only one round is {scored} so far, so there is no change to show.").format(scored=instrument.words.scored)]
    if instrument.kind != "scale":
        label = instrument.scale.label_for
        moved = [f"{i} ({label(int(by_item[i][0]))} → {label(int(by_item[i][-1]))})" for i, c in changes.items() if c]
        same = [i for i, c in changes.items() if not c]
        return (([_("Changed: {items}.").format(items=_names(moved))] if moved else [])
                + ([_("The same: {items}.").format(items=_names(same))] if same else []))
    up = [i for i, c in changes.items() if c > 0]
    down = [i for i, c in changes.items() if c < 0]
    same = [i for i, c in changes.items() if c == 0]
    lines = []
    if up:
        lines.append(_("Went up: {items}.").format(items=_names([f"{i} ({i18n.signed(changes[i])})" for i in up])))
    if down:
        lines.append(_("Went down: {items}.").format(items=_names([f"{i} ({i18n.signed(changes[i])})" for i in down])))
    if same:
        lines.append(_("No change: {items}.").format(items=_names(same)))
    return lines


def overview_grid(instrument: Instrument, cells: Sequence, mode: str) -> list[str]:
    """An overview's heatmap in words: per item, how many teams are in each band (or moved which way)."""
    lines = []
    for item in instrument.items:
        mine = [c for c in cells if c.item.id == item.id]
        if mode == "change":
            moved = [c.change for c in mine if c.change is not None]
            if moved:
                lines.append(_("{item}: {up} up, {down} down, {same} the same.").format(
                    item=item.name, up=sum(m > 0 for m in moved), down=sum(m < 0 for m in moved), same=sum(m == 0 for m in moved)))
            continue
        counts = {band.name: sum(c.band == band.name for c in mine) for band in instrument.scale.bands}
        said = ", ".join(f"{n} {name}" for name, n in counts.items() if n)
        if said:
            lines.append(f"{item.name}: {said}.")
    return lines or [_("No team has a second round yet, so there is no change to show.") if mode == "change" else _(NOTHING)]
