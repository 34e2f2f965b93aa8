"""Home: the instruments as cards; open one to read it in full."""

import streamlit as st

from coprod.common.i18n import _
from coprod.common.text import escape_markdown, first_sentences
from coprod.library import attribution
from coprod.ui.editor import your_versions
from coprod.ui.library import library
from coprod.ui.scoring import import_form
from coprod.ui.show import broken_files, flash, heading

flash()
st.title(_("Co-production self-assessment"))
st.markdown(
    _("How well are we really sharing power with the people we work with? Pick one of these "
      "published tools, read what each level looks like, and score your work.")
)

st.page_link("app_pages/score.py", label=_("Carry on with an assessment you started (you need its link or code)"), icon=":material/restore:")

lib = library()
broken_files(lib.broken)

columns = st.columns(2)
for n, instrument in enumerate(lib.instruments):
    with columns[n % 2].container(border=True, key=f"card-{instrument.id}"):
        heading(instrument.title)
        st.text(first_sentences(instrument.purpose))
        st.markdown(
            _("- **Source:** {source}\n"
              "- **Items:** {items}\n"
              "- **Scale:** {scale}\n"
              "- **Time needed:** {time}").format(source=escape_markdown(instrument.source.citation()), items=len(instrument.items),
                                                  scale=escape_markdown(instrument.scale.describe()),
                                                  time=escape_markdown(attribution.time_needed(instrument)))
        )
        start, read = st.columns(2)
        if start.button(_("Start"), key=f"start-{instrument.id}", type="primary", icon=":material/play_arrow:"):
            st.switch_page("app_pages/score.py", query_params={"instrument": instrument.id})
        if read.button(_("Read the full text"), key=f"read-{instrument.id}", icon=":material/menu_book:"):
            st.switch_page("app_pages/instrument.py", query_params={"id": instrument.id})

import_form(lib)
your_versions(lib)
st.page_link("app_pages/your_data.py", label=_("Your data: what is kept, who can open it, how to delete it"), icon=":material/shield:")
