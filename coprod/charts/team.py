"""Team charts as Altair specs: everyone's shape with the group median, one shape per role group,
the spread of answers per item, and how the middle moved between rounds.

People's answers reach a chart only as a `disclosure.Shown`, and a chart's data holds scores, never who
gave them or their role: a spec travels whole to the browser, tooltips or not.

The radars are drawn on the individual radar's own rings, spokes and labels (coprod.charts.specs), so a
person can lay their own chart beside the team's and read both the same way. Group medians can fall
between two scores (3.5), so the shapes here are placed from numbers, not from scale points.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

import altair as alt
import pandas as pd

from coprod.charts import specs as charts
from coprod.common.i18n import _, marked
from coprod.library.model import Instrument
from coprod.library.scoring import in_scale
from coprod.sessions.disclosure import Shown
from coprod.sessions.stats import Group, Movement, between_words, item_stats

PERSON = "#56B4E9"  # each person: a light line the median stands out against
MEDIAN = "#1b1f23"
FLAG = "#A84300"  # "talk about this": Okabe–Ito vermillion darkened to 5.5:1 against white (its text, and the
# white counts on its dots), always with the words beside it
CALM = "#0072B2"
# Words written once and shown in the reader's language: _(FLAG_TEXT) where they are drawn.
FLAG_TEXT = marked("talk about this")
SPANS, WITHIN = marked("in more than one band"), marked("all in one band")  # the flagged items say "talk about this" under their name
SHADES = ("#f2f5f8", "#e4eaf0")  # the scale's bands behind the spread, alternating
NOTE = marked("Each dot is a score given (bigger: more people, with the count inside); the dark bar is the median.")
ROUNDS = (marked("First round"), marked("Second round"))
ROUND_COLOURS = (charts.PALETTE[1], charts.PALETTE[0])  # first: hollow circle; second: filled diamond
ROUND_SHAPES = ("circle", "diamond")
MOVE_COLOUR = "#7b8794"


def score_words(instrument: Instrument, value: float | None) -> str:
    """A score or median as a person reads it: "Basic", "5", "3.5 (Making progress)"."""
    if value is None:
        return _("not scored")
    return instrument.scale.label_for(int(value)) if float(value).is_integer() else between_words(instrument, value)


def _shape(instrument: Instrument, scores: Mapping[str, float | None], **fields: object) -> list[dict]:
    """One closed shape on the individual radar's geometry, scores (or medians) in words."""
    return charts.shape_points(instrument, scores, lambda item, value: {"score_label": score_words(instrument, value)}, **fields)


def medians(instrument: Instrument, shown: Shown) -> dict[str, float | None]:
    """The group median per item id."""
    return {s.item.id: s.median for s in item_stats(instrument, list(shown.answers))}


def team_radar(instrument: Instrument, shown: Shown) -> alt.LayerChart:
    """Every person's shape as a thin light line, the group median as a thick dark one on top."""
    answers = shown.answers
    median_scores = medians(instrument, shown)
    x, y = charts.x(), charts.y()
    kinds = [_("Each person"), _("Group median")]
    colour = alt.Color("kind:N", title=None, scale=alt.Scale(domain=kinds, range=[PERSON, MEDIAN]),
                       legend=alt.Legend(orient="bottom", direction="horizontal", symbolStrokeWidth=3, symbolType="stroke",
                                         labelFontSize=13))
    # Each shape carries its scores only: who drew it, and their role, stay out of the chart's data.
    people = [row for n, a in enumerate(answers) for row in _shape(instrument, a.scores, kind=kinds[0], shape=n)]
    people_frame = pd.DataFrame(people, columns=["kind", "shape", "item", "order", "score", "score_label", "x", "y"])
    person_lines = alt.Chart(people_frame).mark_line(strokeWidth=1.3, opacity=0.7).encode(
        x=x, y=y, order="order:Q", detail="shape:N", color=colour,
        tooltip=[alt.Tooltip("item:N", title=_("Item")), alt.Tooltip("score_label:N", title=_("Score"))],
    )
    middle = pd.DataFrame(_shape(instrument, median_scores, kind=kinds[1]),
                          columns=["kind", "item", "order", "score", "score_label", "x", "y"])
    median_line = alt.Chart(middle).mark_line(strokeWidth=3.5, point=alt.OverlayMarkDef(filled=True, size=90, color=MEDIAN)).encode(
        x=x, y=y, order="order:Q", color=colour,
        tooltip=[alt.Tooltip("kind:N", title=_("Shape")), alt.Tooltip("item:N", title=_("Item")),
                 alt.Tooltip("score_label:N", title=_("Median"))],
    )
    return charts.radar(instrument, person_lines, median_line)


def role_radar(instrument: Instrument, groups: list[Group]) -> alt.LayerChart:
    """One shape per shown role group (its medians), told apart by colour, dash and point shape."""
    x, y = charts.x(), charts.y()
    shown = [g for g in groups if g.shown]
    roles = [f"{g.role} ({g.n})" for g in shown]
    rows = [row for g, label in zip(shown, roles) for row in _shape(instrument, g.medians, series=label)]
    frame = pd.DataFrame(rows, columns=["series", "item", "order", "score", "score_label", "x", "y"])
    legend = alt.Legend(orient="bottom", direction="vertical", symbolStrokeWidth=3, symbolSize=120, labelLimit=500,
                        labelFontSize=13, titleFontSize=13, title=_("Role group (people)"))
    count = len(roles)
    shapes = alt.Chart(frame).mark_line(point=alt.OverlayMarkDef(filled=True, size=70), strokeWidth=2.5).encode(
        x=x, y=y, order="order:Q", detail="series:N",
        color=alt.Color("series:N", scale=alt.Scale(domain=roles, range=charts.PALETTE[:count]), legend=legend),
        strokeDash=alt.StrokeDash("series:N", scale=alt.Scale(domain=roles, range=charts.DASHES[:count]), legend=legend),
        shape=alt.Shape("series:N", scale=alt.Scale(domain=roles, range=charts.SHAPES[:count]), legend=legend),
        tooltip=[alt.Tooltip("series:N", title=_("Role group")), alt.Tooltip("item:N", title=_("Item")),
                 alt.Tooltip("score_label:N", title=_("Median"))],
    )
    return charts.radar(instrument, shapes)


def _score_scale(instrument: Instrument) -> alt.Scale:
    """The whole scale with half a point to spare at each end, so the end dots are not cut."""
    return alt.Scale(domain=[instrument.scale.min - 0.5, instrument.scale.max + 0.5], nice=False, zero=False)


def named_points(instrument: Instrument) -> bool:
    """Every point has a name and is a band of its own (nef's levels, Agree … Disagree): the
    axis then says it all, and a row of band names above would only repeat it."""
    return instrument.scale.is_named and all(band.min == band.max for band in instrument.scale.bands)


def tick_lines(instrument: Instrument) -> dict[int, list[str]]:
    """The score axis' label per point: its name wrapped on short lines, or its number."""
    scale = instrument.scale
    if scale.is_named:
        return {v: charts.wrap(scale.label_for(v), 12).split("\n") for v in scale.values}
    return {v: [str(v)] for v in scale.values}


def band_spans(instrument: Instrument) -> list[dict]:
    """Each band's stretch of the score axis (from, to: half a point beyond its ends), its middle and
    its shade, alternating."""
    return [{"band": b.name, "from": b.min - 0.5, "to": b.max + 0.5, "mid": (b.min + b.max) / 2, "fill": SHADES[n % 2]}
            for n, b in enumerate(instrument.scale.bands)]


def spread_counts(instrument: Instrument, shown: Shown) -> dict[tuple[str, int], int]:
    """How many people gave each score to each item: (item name, score) -> count, never who."""
    counts: dict[tuple[str, int], int] = {}
    for item in instrument.items:
        for score in (a.scores.get(item.id) for a in shown.answers):
            if score is not None and in_scale(instrument, score):
                counts[(item.name, score)] = counts.get((item.name, score), 0) + 1
    return counts


def _score_axis(instrument: Instrument, title: str) -> alt.X:
    """The scale from end to end, a tick per point, named points by their names (wrapped)."""
    scale = instrument.scale
    if scale.is_named:
        lines = {str(v): text for v, text in tick_lines(instrument).items()}
        expr = f"{json.dumps(lines)}[datum.value]"
    else:
        expr = "datum.label"
    return alt.X("score:Q", title=title, scale=_score_scale(instrument),
                 axis=alt.Axis(values=list(scale.values), format="d", labelExpr=expr, grid=False, labelFontSize=11,
                               labelLimit=120, labelLineHeight=13))


LABEL_WIDTH = 40  # characters per line of an item's name beside the spread
LINE_PX = 15


def _item_axis(names: list[str], flagged: frozenset[str] = frozenset()) -> tuple[dict[str, str], alt.Y, int]:
    """Item names wrapped beside their rows (the `flagged` ones with "talk about this" under the
    name, in the flag's colour), the y channel that lists them in order, and the row height in
    pixels: enough for the longest name (HeadStart's checks run to five lines) and for the largest dot."""
    flag_text = _(FLAG_TEXT)
    labels = {name: charts.wrap(name, LABEL_WIDTH) + (f"\n{flag_text}" if name in flagged else "") for name in names}
    lines = max((label.count("\n") + 1 for label in labels.values()), default=1)
    quoted = flag_text.replace("\\", "\\\\").replace("'", "\\'")  # inside a quoted string of a Vega expression
    flag = f"indexof(datum.value, '\\n{quoted}') >= 0"
    y = alt.Y("label:N", sort=list(labels.values()), title=None,
              axis=alt.Axis(labelExpr="split(datum.label, '\\n')", labelLimit=300, labelFontSize=11.5,
                            labelLineHeight=LINE_PX - 1, labelPadding=8,
                            labelColor=alt.ExprRef(f"{flag} ? '{FLAG}' : '{MEDIAN}'"),
                            labelFontWeight=alt.ExprRef(f"{flag} ? 'bold' : 'normal'")))
    return labels, y, max(44, LINE_PX * lines + 12)


def spread_chart(instrument: Instrument, shown: Shown) -> alt.LayerChart:
    """Per item, a dot for every score given (bigger where more people gave it, with the count
    inside), the median as a dark bar, the scale's bands shaded behind, and the items whose answers
    span more than one band in a warning colour with "talk about this" under their name. As wide as
    its column, so that it fits a phone as well as a projector."""
    answers = shown.answers
    stats = item_stats(instrument, list(answers))
    scale = instrument.scale
    flagged = {s.item.name: s.talk_about for s in stats}
    label_of, y, row = _item_axis([s.item.name for s in stats], frozenset(name for name, yes in flagged.items() if yes))

    counts = spread_counts(instrument, shown)
    spans, within = _(SPANS), _(WITHIN)
    dots = pd.DataFrame(
        [{"item": item, "label": label_of[item], "score": score, "count": count,
          "flag": spans if flagged[item] else within,
          "score_label": scale.label_for(score), "band": scale.band_for(score).name}
         for (item, score), count in counts.items()],
        columns=["item", "label", "score", "count", "flag", "score_label", "band"],
    )
    medians = pd.DataFrame(
        [{"item": s.item.name, "label": label_of[s.item.name], "score": s.median, "median": score_words(instrument, s.median)}
         for s in stats if s.median is not None],
        columns=["item", "label", "score", "median"],
    )
    bands = pd.DataFrame(band_spans(instrument))
    x = _score_axis(instrument, _("Score"))
    height = row * max(1, len(stats))
    biggest = max(1, int(dots["count"].max()) if len(dots) else 1)

    layers: list[alt.Chart] = [alt.Chart(bands).mark_rect().encode(
        x=alt.X("from:Q", scale=_score_scale(instrument)), x2="to:Q",
        color=alt.Color("fill:N", scale=None),  # the colours themselves: no scale to share with the dots
    )]
    if not named_points(instrument):
        layers.append(alt.Chart(bands).mark_text(dy=-8, fontSize=10.5, fontStyle="italic", color="#52606d", baseline="bottom").encode(
            x=alt.X("mid:Q", scale=_score_scale(instrument)), y=alt.value(0), text="band:N"
        ))
    colour = alt.Color("flag:N", title=None, scale=alt.Scale(domain=[spans, within], range=[FLAG, CALM]),
                       legend=alt.Legend(orient="bottom", direction="vertical", title=_("Answers"), symbolType="circle", labelLimit=400))
    size = alt.Size("count:Q", scale=alt.Scale(domain=[1, max(2, biggest)], range=[90, 620]), legend=None)
    layers.append(alt.Chart(medians).mark_tick(color=MEDIAN, thickness=3, size=min(row - 6, 36)).encode(
        x=x, y=y, tooltip=[alt.Tooltip("item:N", title=_("Item")), alt.Tooltip("median:N", title=_("Median"))]
    ))
    # Solid dots, so the white counts drawn on them keep their contrast.
    layers.append(alt.Chart(dots).mark_circle(opacity=1, stroke="white", strokeWidth=1).encode(
        x=x, y=y, size=size, color=colour,
        tooltip=[alt.Tooltip("item:N", title=_("Item")), alt.Tooltip("score_label:N", title=_("Score")),
                 alt.Tooltip("band:N", title=_("Band")), alt.Tooltip("count:Q", title=_("People"))],
    ))
    layers.append(alt.Chart(dots[dots["count"] > 1]).mark_text(color="white", fontSize=10, fontWeight="bold").encode(
        x=x, y=y, text="count:Q"
    ))
    return alt.layer(*layers).properties(
        width="container", height=height, autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
        title=alt.Title(charts.wrap(_(NOTE), 44).split("\n"), fontSize=11, fontWeight="normal", color="#52606d", anchor="start"),
    ).configure_view(stroke=None)


def round_chart(instrument: Instrument, movements: list[Movement]) -> alt.LayerChart:
    """Per item, the first-round median (hollow) joined to the second-round one (filled)."""
    label_of, y, row = _item_axis([m.item.name for m in movements])
    rounds = [_(name) for name in ROUNDS]
    points = pd.DataFrame(
        [{"label": label_of[m.item.name], "round": r, "score": v, "median": score_words(instrument, v)}
         for m in movements for r, v in zip(rounds, (m.median_before, m.median_after)) if v is not None],
        columns=["label", "round", "score", "median"],
    )
    lines = pd.DataFrame(
        [{"label": label_of[m.item.name], "before": m.median_before, "after": m.median_after}
         for m in movements if m.change],
        columns=["label", "before", "after"],
    )
    x = _score_axis(instrument, _("Group median"))
    move = alt.Chart(lines).mark_rule(color=MOVE_COLOUR, strokeWidth=2).encode(
        x=alt.X("before:Q", scale=_score_scale(instrument)), x2="after:Q", y=y
    )
    legend = alt.Legend(orient="bottom", title=None)
    dots = alt.Chart(points).mark_point(size=140, strokeWidth=2.5).encode(
        x=x, y=y,
        color=alt.Color("round:N", scale=alt.Scale(domain=rounds, range=list(ROUND_COLOURS)), legend=legend),
        shape=alt.Shape("round:N", scale=alt.Scale(domain=rounds, range=list(ROUND_SHAPES)), legend=legend),
        fill=alt.Fill("round:N", scale=alt.Scale(domain=rounds, range=["white", charts.PALETTE[0]]), legend=legend),
        tooltip=[alt.Tooltip("label:N", title=_("Item")), alt.Tooltip("round:N", title=_("Round")),
                 alt.Tooltip("median:N", title=_("Median"))],
    )
    return alt.layer(move, dots).properties(width="container", height=row * max(1, len(movements)),
                                            autosize=alt.AutoSizeParams(type="fit-x", contains="padding")).configure_view(stroke=None)
