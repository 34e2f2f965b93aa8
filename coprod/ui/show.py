"""Widgets that show instruments and people's text safely (never as Markdown or HTML)."""

from pathlib import Path

import streamlit as st

from coprod.instruments import BrokenFile, Instrument, Item
from coprod.text import escape_markdown


def heading(text: str, level: int = 3) -> None:
    st.markdown("#" * level + " " + escape_markdown(text))


def label(text: str) -> None:
    """A bold line of text, for a field name above its value."""
    st.markdown(f"**{escape_markdown(text)}**")


def broken_files(broken: tuple[BrokenFile, ...]) -> None:
    for file in broken:
        lines = "\n".join(f"- {escape_markdown(p.field)}: {escape_markdown(p.message)}" for p in file.problems)
        st.error(
            f"**{escape_markdown(Path(file.path).name)}** could not be loaded, so it is not listed. "
            f"Fix the file and reload the page; the other instruments work as usual.\n\n{lines}",
            icon=":material/error:",
        )


def source(instrument: Instrument) -> None:
    st.caption(escape_markdown("Source: " + instrument.source.citation()))


def item_text(instrument: Instrument, item: Item) -> None:
    """An item's full wording: definition, what each band looks like, worked examples, suggestions."""
    if item.definition:
        st.text(item.definition)
    if item.supports:
        st.caption(escape_markdown("Supports: " + "; ".join(item.supports)))
    if item.options:
        st.text("\n".join(f"• {option}" for option in item.options))
    if item.descriptors:
        columns = st.columns(len(instrument.scale.bands))
        for column, band in zip(columns, instrument.scale.bands):
            with column:
                label(f"{band.name} ({band.range_label})")
                st.text(item.descriptors.get(band.id, ""))
    worked_examples(instrument, item)
    if item.next_steps:
        with st.expander("Ideas for next steps", icon=":material/trending_up:"):
            st.text("\n\n".join(f"• {step}" for step in item.next_steps))


def worked_examples(instrument: Instrument, item: Item) -> None:
    """The source's worked examples, each one click away, titled with the band it illustrates."""
    names = {band.id: band.name for band in instrument.scale.bands}
    for example in item.examples:
        band = names.get(example.band, "")
        title = " – ".join(x for x in (band and f"Worked example: {band}", example.title) if x) or "Worked example"
        with st.expander(escape_markdown(title), icon=":material/lightbulb:"):
            st.text(example.text)
