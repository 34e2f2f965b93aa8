"""Home: the instruments as cards; open one to read it in full."""

import streamlit as st

from coprod.common.text import escape_markdown, first_sentences
from coprod.library import attribution
from coprod.ui.editor import your_versions
from coprod.ui.library import library
from coprod.ui.scoring import import_form
from coprod.ui.show import broken_files, flash, heading

flash()
st.title("Co-production self-assessment")
st.write(
    "How well are we really sharing power with the people we work with? Pick one of these "
    "published tools, read what each level looks like, and score your work."
)

st.page_link("app_pages/score.py", label="Carry on with an assessment you started (you need its link or code)", icon=":material/restore:")

lib = library()
broken_files(lib.broken)

columns = st.columns(2)
for n, instrument in enumerate(lib.instruments):
    with columns[n % 2].container(border=True, key=f"card-{instrument.id}"):
        heading(instrument.title)
        st.text(first_sentences(instrument.purpose))
        st.markdown(
            f"- **Source:** {escape_markdown(instrument.source.citation())}\n"
            f"- **Items:** {len(instrument.items)}\n"
            f"- **Scale:** {escape_markdown(instrument.scale.describe())}\n"
            f"- **Time needed:** {escape_markdown(attribution.time_needed(instrument))}"
        )
        start, read = st.columns(2)
        if start.button("Start", key=f"start-{instrument.id}", type="primary", icon=":material/play_arrow:"):
            st.switch_page("app_pages/score.py", query_params={"instrument": instrument.id})
        if read.button("Read the full text", key=f"read-{instrument.id}", icon=":material/menu_book:"):
            st.switch_page("app_pages/instrument.py", query_params={"id": instrument.id})

import_form(lib)
your_versions(lib)
st.page_link("app_pages/your_data.py", label="Your data: what is kept, who can open it, how to delete it", icon=":material/shield:")
