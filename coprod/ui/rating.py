"""Widgets for "others rate you": the invitation on the person's results, the comparison, and the
banner on a rater's own page."""

from __future__ import annotations

import streamlit as st

from coprod.answers import assessment as A
from coprod.answers import raters
from coprod.charts import specs as charts
from coprod.charts import words as chart_text
from coprod.common import i18n
from coprod.common.i18n import _
from coprod.library.model import Instrument
from coprod.ui import show
from coprod.ui.contribute import median_words
from coprod.ui.charts import draw
from coprod.ui.library import library
from coprod.ui.links import app_url
from coprod.ui.show import heading
from coprod.ui.store import store


def others_rate_you(instrument: Instrument, doc: dict) -> None:
    """The invitation for others to rate the person, and how their view compares once they have."""
    heading(_("How others see you"), 2)
    for part in instrument.guidance_for("raters"):  # the source's own invitation to ask others, in its words
        show.guidance(instrument, part, expanded=True)
    consent_guidance()
    rated_by, started = raters.ratings(store(), doc)
    if not doc.get("rate_key"):
        if st.button(_("Invite others to rate me"), icon=":material/group_add:", key="invite-raters"):
            raters.invitation(store(), doc["token"])
            st.rerun()
    else:
        link = app_url("rate", r=doc["rate_key"])
        left, right = st.columns([1, 3])
        with left:
            show.qr(link, _("Scan to rate"), size_px=160)
        with right:
            st.markdown(_("Send this link to the people you want to hear from. It opens a copy of the tool about you, "
                          "and their answers come back here."))
            st.code(link, language=None, wrap_lines=True)
            st.caption(_("{submitted} submitted, {started} still rating.").format(submitted=len(rated_by), started=started))
    if not rated_by:
        return
    compare(instrument, doc, rated_by)


def consent_guidance() -> None:
    """The sources' guidance on consent wherever others are invited to rate someone: the person rated
    and those who rate them may be young people (IMAGINE's are young adults), and what raters write is
    shown to the person."""
    for source in library().instruments:
        for part in source.guidance_for("all-raters"):
            show.guidance(source, part)


def compare(instrument: Instrument, doc: dict, rated_by: list[dict]) -> None:
    rows, pooled = raters.compare(instrument, doc, rated_by)
    own = charts.Series(_("You"), {r.item.id: r.own for r in rows})
    if pooled:
        others = [charts.Series(_("Others (median of {count})").format(count=len(rated_by)), {r.item.id: r.middle for r in rows})]
        show.caption(_("{count} people have rated you: their median is shown, not each person's scores.").format(count=len(rated_by)))
    else:
        others = [charts.Series(name, {r.item.id: next(s for who, s, _example in r.others if who == name) for r in rows})
                  for name in [raters.label(rating, n) for n, rating in enumerate(rated_by, start=1)]]
    if instrument.kind == "scale" and len(A.chosen_perspectives(instrument, doc)) == 1:
        series = [own, *others]
        draw(("others", instrument.fingerprint, series), lambda: charts.radar_chart(instrument, series), key="others-radar",
             words=lambda: chart_text.radar(instrument, series))
    heading(_("Where you and others differ most"))
    table = []
    for r in rows:
        row = {_("Item"): r.item.name + (f" ({r.perspective.label})" if len(doc["perspectives"]) > 1 else ""),
               _("You"): median_words(instrument, r.own)}
        if pooled:
            row[_("Others' median")] = median_words(instrument, r.middle)
        else:
            row.update({who: median_words(instrument, score) for who, score, _example in r.others})
        row[_("Difference")] = "" if r.gap is None else i18n.number(r.gap)
        table.append(row)
    show.table(table)
    for r in [r for r in rows if r.gap][:3]:
        with st.container(border=True):
            show.label(r.item.name)
            mine, theirs = st.columns(2)
            with mine:
                show.caption(_("You: {score}").format(score=median_words(instrument, r.own)))
                show.text(r.own_example or _("(no example)"))
            with theirs:
                show.caption(_("Others"))
                show.text("\n\n".join(f"{who + ': ' if who else ''}{example or _('(no example)')}" for who, _score, example in r.others))
