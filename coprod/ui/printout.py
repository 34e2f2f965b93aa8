"""The print view laid out for A4 paper (app_pages/print.py): what the results page shows, in the
order a reader wants it on paper, as real tables that print whole.

The results page's layout printed badly: its columns stacked on a page 182 mm wide, so the scores
table went to page 2 beside nothing; the scores table is a canvas grid that prints as a picture; each
item's example sat in a bordered box of its own (nef's three views made that seven pages of boxes);
and a block kept whole on one page left a blank page before the plan. Here the radar and its scores
share the first page, the scores and examples are one table, and only table rows, charts and headings
with what follows them are kept together. tests/test_browser_print.py prints every kind of instrument
to A4 in Chromium and counts the pages.
"""

from __future__ import annotations

import streamlit as st

from coprod.answers import assessment as A
from coprod.answers import plans
from coprod.common.i18n import _
from coprod.common.text import escape_markdown
from coprod.library.model import Instrument
from coprod.ui import results, show


def style() -> None:
    """Static rules only (no text from people or files). Screen and paper get the same compact
    layout, so what is seen is what prints; the app's chrome is hidden on paper."""
    st.html("""<style>
@page { size: A4; margin: 12mm; }
.st-key-printout [data-testid="stVerticalBlock"] { gap: 0.35rem; }
.st-key-printout table { font-size: 0.82rem; }
.st-key-printout table td, .st-key-printout table th { padding: 0.2rem 0.4rem; vertical-align: top; }
@media print {
  [data-testid="stSidebar"], [data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
  [data-testid="stPageLink"], .stButton { display: none !important; }
  [data-testid="stMain"] { overflow: visible !important; }
  .block-container { max-width: none !important; padding: 0 !important; }
  /* Side by side on paper too: Streamlit stacks columns (display: block) under 640 px, and A4 is about 690 px wide. */
  .st-key-printout [data-testid="stHorizontalBlock"] { display: flex !important; flex-direction: row !important;
    flex-wrap: nowrap !important; gap: 5mm !important; }
  .st-key-printout [data-testid="stColumn"] { min-width: 0 !important; width: auto !important; flex: 3 1 0 !important; }
  .st-key-printout [data-testid="stColumn"]:last-child { flex: 2 1 0 !important; }
  .st-key-printout h1 { font-size: 17pt; padding: 0; }
  .st-key-printout h2, .st-key-printout h3 { font-size: 12.5pt; padding: 0.3rem 0 0 0; break-after: avoid; }
  .st-key-printout p, .st-key-printout pre, .st-key-printout [data-testid="stText"] { font-size: 9.5pt; }
  /* Streamlit draws a table inline (an inline-table), which a page cannot split: Chromium moved each table whole
     to a page of its own, leaving the rest of the page, or all of it, blank. A block table splits between rows. */
  .st-key-printout table { display: table !important; width: 100%; }
  .st-key-printout table { font-size: 8.5pt; }
  .st-key-printout tr, [data-testid="stVegaLiteChart"] { break-inside: avoid; }
  .st-key-printout thead { display: table-header-group; }
}
</style>""")


def header(instrument: Instrument, doc: dict) -> None:
    st.title(escape_markdown(doc["title"]))
    show.caption(f"{instrument.title} · {instrument.source.citation()}")
    show.text(", ".join(x for x in (doc["name"], doc["role"], doc["date"]) if x))


def chart(instrument: Instrument, doc: dict) -> None:
    """A scale's radar with its scores beside it, as a table that prints; other kinds as on the results page."""
    if instrument.kind != "scale":
        results.chart(instrument, doc)
        return
    left, right = st.columns([3, 2], gap="small")
    with left:
        results.radar(instrument, doc)
    with right:
        show.table(results.scores_table(instrument, doc).to_dict("records"))
    results.note(instrument)


def scores(instrument: Instrument, doc: dict) -> None:
    """Every score with its example, one row each (a column for the view where several are scored)."""
    show.heading(instrument.words.answers)
    views = A.chosen_perspectives(instrument, doc)
    label = instrument.rules.example_label
    rows = []
    for p in views:
        for item in instrument.items:
            given = A.answer(doc, p.id, item.id)
            score = given["score"]
            row = {instrument.words.item.capitalize(): item.name}
            if len(views) > 1:
                row[_("View")] = p.label
            row[instrument.words.score.capitalize()] = (instrument.scale.level(score) if score is not None
                                                        else _("Not {scored} yet").format(scored=instrument.words.scored))
            row[label] = given["example"] + ("\n" + "; ".join(given["options"]) if given["options"] else "")
            rows.append(row)
    show.table(rows)


def plan(instrument: Instrument, doc: dict) -> None:
    show.heading(_("Next steps"))
    show.table(plans.table_rows(instrument, doc))
