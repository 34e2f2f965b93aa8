"""Read an instrument: its purpose, source, scale, rules and the full wording of every item."""

import streamlit as st

from coprod.common.i18n import _
from coprod.common.text import escape_markdown
from coprod.library import attribution
from coprod.ui import show
from coprod.ui.editor import make_version_button
from coprod.ui.files import stop_page
from coprod.ui.library import library
from coprod.ui.paper_entry import blank_pack_button
from coprod.ui.show import broken_files, heading, item_text, label, source
from coprod.ui.translate import translate_button

lib = library()
if not lib.instruments:
    st.warning(_("No toolkit could be loaded. Check the files in the instruments/ folder (see the home page)."))
    broken_files(lib.broken)
    stop_page()

# Options are titles, not ids with a format_func: session state must stay serialisable.
titles = {i.title: i for i in lib.instruments}
wanted = lib.get(st.query_params.get("id", ""))
title = st.selectbox(
    _("Instrument (the toolkit to read)"),
    list(titles),
    index=list(titles).index(wanted.title) if wanted else 0,
    key="read-instrument",
)
instrument = titles[title]
st.query_params["id"] = instrument.id

st.title(escape_markdown(instrument.title))
source(instrument)
make_version, print_pack = st.columns(2)
with make_version:
    make_version_button(instrument)
    translate_button(instrument)  # issue 27
with print_pack:
    blank_pack_button(instrument)
show.words(instrument, "purpose", instrument.purpose)

with st.expander(_("How to use it"), expanded=True, icon=":material/help:"):
    show.words(instrument, "how_to_use", instrument.how_to_use)
    label(_("Time needed"))
    show.words(instrument, "time_needed", instrument.time_needed)
    if instrument.review_advice:
        label(_("Reviewing"))
        show.words(instrument, "review_advice", instrument.review_advice)

for part in instrument.guidance_for("instrument"):
    show.guidance(instrument, part)

heading(_("The scale"))
show.table([{_("Score"): band.range_label, _("Level"): band.name} for band in instrument.scale.bands])
if instrument.rules.example_required:
    show.message("info", f"{instrument.rules.example_label}: “{instrument.rules.example_rule}” {attribution.rule_by(instrument)}",
                 icon=":material/edit_note:")
if instrument.kind == "scale" and not instrument.rules.scores_may_be_totalled:
    st.caption(_("Each item is assessed on its own: scores are not added up into a total."))
if instrument.perspectives:
    show.caption(_("Scored for: {views}").format(views=", ".join(p.label for p in instrument.perspectives)))

for group in instrument.groups:
    if group:
        heading(group, 2)
    for item in (i for i in instrument.items if i.group == group):
        with st.container(border=True):
            heading(item.name, 4)
            item_text(instrument, item)

for prompt in instrument.prompts:
    title, text = attribution.prompt_parts(instrument, prompt)
    heading(title)
    if text:
        show.text(text)

for part in instrument.interpretation:
    heading(part.heading)
    st.text(part.text)

if instrument.general_next_steps:  # a version's own ideas; the toolkits' guidance has headings of its own (above)
    heading(_("Ideas for next steps in this version") if instrument.adapted_from
            else attribution.heading_by_coprod(_("Ideas for next steps")))
    st.text("\n\n".join(f"• {step}" for step in instrument.general_next_steps))

if instrument.fixes:
    with st.expander(_("Corrections made to the source text"), icon=":material/build:"):
        for fix in instrument.fixes:
            st.text(f"{fix.field}: “{fix.seed_text}” → “{fix.fixed_text}”. {fix.why}")

if instrument.source.note:
    with st.expander(_("About this transcription"), icon=":material/info:"):
        st.text(instrument.source.note)
