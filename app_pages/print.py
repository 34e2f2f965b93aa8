"""Print view: results and plan on plain A4 pages (use the browser's Print)."""

import streamlit as st

from coprod import assessment as A
from coprod import plans
from coprod.text import escape_markdown
from coprod.ui import results as ui
from coprod.ui import scoring, show
from coprod.ui.library import instrument_or_stop
from coprod.ui.show import heading

# Static print rules only (no user text): A4 margins, no app chrome, no widgets.
st.html(
    """<style>
    @page { size: A4; margin: 14mm; }
    @media print {
      [data-testid="stSidebar"], [data-testid="stHeader"], [data-testid="stToolbar"],
      [data-testid="stPageLink"], .stButton { display: none !important; }
      .block-container { max-width: 182mm !important; padding: 0 !important; }
      [data-testid="stVerticalBlockBorderWrapper"] { break-inside: avoid; }
    }
    </style>"""
)

token = st.query_params.get("a", "")
doc = scoring.load(token)
instrument = instrument_or_stop(doc)

st.page_link("app_pages/results.py", label="Back to results", icon=":material/arrow_back:", query_params={"a": token})
st.title(escape_markdown(doc["title"]))
show.caption(f"{instrument.title} · {instrument.source.citation()}")
show.text(", ".join(x for x in (doc["name"], doc["role"], doc["date"]) if x))
ui.chart(instrument, doc)
ui.summary(instrument, doc)

heading("Scores and examples")
for p in A.chosen_perspectives(instrument, doc):
    for item in instrument.items:
        given = A.answer(doc, p.id, item.id)
        with st.container(border=True):
            view = f" ({p.label})" if len(doc["perspectives"]) > 1 else ""
            show.label(item.name + view)
            show.text(plans.current_text(instrument, {**doc, "perspectives": [p.id]}, item))
            if given["example"]:
                show.text(given["example"])

heading("Next steps")
show.table(plans.table_rows(instrument, doc))
