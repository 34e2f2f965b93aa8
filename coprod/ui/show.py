"""The one path by which text that a person or a file wrote reaches the screen.

Streamlit renders Markdown (images and links included) in far more places than st.markdown: headings,
captions, alerts, widget labels, help tooltips, expander titles, table cells, and the option labels
of radio buttons, segmented controls and select sliders. Pages therefore never hand such text to
Streamlit themselves: they call the helpers here, which show it as plain text (`text`, `table`) or
escape it first (`plain`, and `choice` as a widget's format_func), so `![x](http://…)`, `<script>`
or `:red[x]` show as those characters and load or run nothing. tests/test_hostile_text.py renders
every page in every state with such text in every field, and checks the pages' code for the
Streamlit calls that would bypass these helpers.
"""

import html
from pathlib import Path
from typing import Sequence

import streamlit as st

from coprod.common.i18n import _
from coprod.common.memo import Memo
from coprod.common.text import escape_markdown
from coprod.library import attribution
from coprod.library.model import BrokenFile, Guidance, Instrument, Item
from coprod.ui.store import shown

plain = escape_markdown  # for composing Markdown of our own around text that came from elsewhere
choice = escape_markdown  # the format_func of every option widget whose options came from elsewhere


def text(value: str) -> None:
    """Text exactly as written: no Markdown, no HTML, line breaks kept."""
    st.text(value)


def heading(value: str, level: int = 3) -> None:
    st.markdown("#" * level + " " + escape_markdown(value))


def label(value: str) -> None:
    """A bold line of text, for a field name above its value."""
    st.markdown(f"**{escape_markdown(value)}**")


def caption(value: str) -> None:
    st.caption(escape_markdown(value))


def message(kind: str, value: str, icon: str | None = None) -> None:
    """An alert ("info", "success", "warning" or "error") whose whole text is shown as written."""
    getattr(st, kind)(escape_markdown(value), icon=icon)


def table(rows: Sequence[dict]) -> None:
    """Rows of text as a static table (a real HTML table: it prints whole and screen readers read
    it as a table). st.table renders its cells as Markdown, so every cell is escaped."""
    if rows:
        cells = tuple(tuple((str(k), str(v)) for k, v in row.items()) for row in rows)
        st.table(_TABLES.get(cells, lambda: _arrow(cells), shown()), hide_index=True)


# The same rows are drawn again and again: on every participant's page at the reveal (200 pages in a
# second), on the facilitator's page at each rerun. Handed to Streamlit as rows, they were made into a
# pandas table and then Arrow at every run, the largest part of drawing a revealed page; escaped and made into
# Arrow once, Streamlit only writes them out. Kept with the documents shown, as the charts are.
_TABLES = Memo(256)


def _arrow(cells: tuple[tuple[tuple[str, str], ...], ...]):
    import pyarrow as pa  # loaded by the first table drawn (the page people score on draws none)

    return pa.Table.from_pylist([{escape_markdown(k): escape_markdown(v) for k, v in row} for row in cells])


# The item's wording and its bands, drawn each as one HTML element (a slider move redraws a handful
# of elements, not dozens). Every text in it is HTML-escaped; the tags and styles are the app's own.
STYLE = """<style>
.coprod-item h3 { margin: 0 0 .2rem 0; font-size: 1.35rem; }
.coprod-item p { margin: 0 0 .4rem 0; }
.coprod-bands { display: flex; flex-direction: column; gap: .45rem; }
.coprod-band { border: 1px solid #c5ccd3; border-radius: .5rem; padding: .5rem .75rem; }
.coprod-band p { margin: .25rem 0 0 0; white-space: pre-wrap; }
.coprod-band.here { border: 2px solid #1f5f8b; background: #eaf2f9; }
.coprod-here { font-weight: 600; color: #1b4f75; }
.coprod-example { border-left: 3px solid #c5ccd3; padding: .2rem .7rem; margin: .4rem 0; white-space: pre-wrap; }
.coprod-muted { color: #3d4b59; font-size: .92rem; }
.coprod-answer, .coprod-talk { border: 1px solid #c5ccd3; border-radius: .5rem; padding: .5rem .75rem; margin-bottom: .75rem; }
.coprod-answer h4, .coprod-talk h4 { margin: 0 0 .3rem 0; font-size: 1.1rem; }
.coprod-ends { display: grid; grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr)); gap: .75rem; }
.coprod-ends p { margin: 0; }
.coprod-answer p, .coprod-answer ul { margin: 0 0 .3rem 0; }
</style>"""


def styles() -> None:
    """The styles of the HTML blocks below; once per page that draws them."""
    st.html(STYLE)


def _e(value: str) -> str:
    return html.escape(value, quote=True)


_SOURCE_LANGUAGES = ("en", "fr", "nl")  # the only codes a lang attribute below may carry


def _lang(instrument: Instrument | None = None) -> str:
    """The language of an instrument's own wording, as a fixed code for a lang attribute (a screen
    reader reading a page in another language switches voice for it): the built-in instruments are
    in English; a translated one says its language."""
    code = getattr(instrument, "language", "en") if instrument is not None else "en"
    return code if code in _SOURCE_LANGUAGES else "en"


def link(url: str) -> None:
    """A web address shown as itself and as a link to it: copied, it is the address and nothing
    else (Markdown would need invisible characters in it to stop it being read as a shortcode).
    Drawn as HTML, which a score page loads anyway, rather than as a code block, whose highlighter
    and font made a score page's first open a good deal slower."""
    st.html(f'<p class="coprod-link"><a href="{_e(url)}">{_e(url)}</a></p>')


def qr(link: str, label: str, size_px: int = 200) -> None:
    """The QR code of `link`, named `label` for screen readers and captioned with it: st.image gives
    its picture no alt text (a screen reader reads out a file name), and st.html drops inline SVG."""
    data = _qr_png(link)
    st.html(f'<div class="coprod-qr"><img class="coprod-qr-code" alt="{_e(label)}" width="{size_px}" height="{size_px}" '
            f'src="data:image/png;base64,{data}"><p>{_e(label)}</p></div>')


_QR_CODES = Memo(64)


def _qr_png(link: str) -> str:
    """The QR code of `link` as base64 PNG: made once per link, not on each rerun of a page that shows
    it, and forgotten with the session or assessment it leads to."""
    def make() -> str:
        import base64
        import io

        import segno

        png = io.BytesIO()
        segno.make(link, error="m").save(png, kind="png", scale=8, border=2)
        return base64.b64encode(png.getvalue()).decode("ascii")

    return _QR_CODES.get(link, make, shown())


def talk_items(flagged: Sequence[tuple[str, Sequence[tuple[str, str]]]]) -> None:
    """Items to talk about, each with what was said at each end of its answers side by side (one
    under the other on a phone), all as one HTML element: a room of answers adds words, not dozens
    of elements to every rerun of the facilitator's page."""
    parts = []
    for name, ends in flagged:
        columns = "".join(f'<div><p class="coprod-muted">{_e(caption)}</p><div class="coprod-example">{_e(quotes)}</div></div>'
                          for caption, quotes in ends)
        parts.append(f'<div class="coprod-talk"><h4 lang="{_lang()}">{_e(name)}</h4><div class="coprod-ends">{columns}</div></div>')
    st.html("".join(parts))


def answers(given: Sequence[tuple[str, str, Sequence[str], str]]) -> None:
    """Answers as given, read-only: each item's name, the level chosen (or that none was), the options
    ticked and the example, in a box of its own; all as one HTML element, for the page every participant
    of a room has open redraws them at the reveal, two hundred pages at once."""
    parts = []
    for name, level, options, example in given:
        parts.append(f'<div class="coprod-answer"><h4 lang="{_lang()}">{_e(name)}</h4><p><strong>{_e(level)}</strong></p>')
        if options:
            parts.append('<ul>' + "".join(f"<li>{_e(option)}</li>" for option in options) + "</ul>")
        if example:
            parts.append(f'<div class="coprod-example">{_e(example)}</div>')
        parts.append("</div>")
    st.html("".join(parts))


def item_heading(anchor: str, name: str, definition: str, last_time: list[tuple[str, str]] = (), supports: str = "") -> None:
    """An item's name (the target of links to it), its definition, the principles it supports, and
    what was said last round."""
    parts = [f'<div class="coprod-item"><h3 id="{_e(anchor)}" lang="{_lang()}">{_e(name)}</h3>']
    if definition:
        parts.append(f'<p lang="{_lang()}">{_e(definition)}</p>')
    if supports:
        parts.append(f'<p class="coprod-muted">{_e(supports)}</p>')
    for said, example in last_time:
        parts.append(f'<p class="coprod-muted">{_e(said)}</p>')
        if example:
            parts.append(f'<div class="coprod-example">{_e(example)}</div>')
    st.html("".join(parts) + "</div>")


def bands(instrument: Instrument, item: Item, scores: dict[str, int | None]) -> None:
    """Every band with what it looks like; the bands of the scores are outlined and say, in words,
    whose score is in them (`scores`: view label, or "" for the one score, -> score)."""
    parts = ['<div class="coprod-bands">']
    lang = _lang(instrument)
    for band in instrument.scale.bands:
        words = item.descriptors.get(band.id) or band.meaning
        numbers = "" if instrument.scale.is_named else f" ({band.range_label})"
        here = [label for label, score in scores.items() if score is not None and band.contains(score)]
        mark = ""
        if here:
            whose = (_("your {score} is in this band").format(score=instrument.words.score) if here == [""]
                     else _("{views}: in this band").format(views=", ".join(here)))
            mark = f' <span class="coprod-here">✓ {_e(whose)}</span>'
        parts.append(f'<div class="coprod-band{" here" if here else ""}"><strong lang="{lang}">{_e(band.name)}</strong>{_e(numbers)}{mark}'
                     + (f'<p lang="{lang}">{_e(words)}</p>' if words else "") + "</div>")
    st.html("".join(parts) + "</div>")


def examples(instrument: Instrument, item: Item) -> None:
    """The source's worked examples, as one block."""
    names = {band.id: band.name for band in instrument.scale.bands}
    lang = _lang(instrument)
    parts = []
    for example in item.examples:
        band = names.get(example.band, "")
        source = f'<span lang="{lang}">{_e(band)}</span>'  # the band's name in the source's language, inside the app's words
        said = [_e(_("Worked example: {band}")).replace("{band}", source) if band else "",
                f'<span lang="{lang}">{_e(example.title)}</span>' if example.title else ""]
        title = " – ".join(x for x in said if x) or _e(_("Worked example"))
        parts.append(f'<p><strong>{title}</strong></p><div class="coprod-example" lang="{lang}">{_e(example.text)}</div>')
    st.html("".join(parts))


def unsaved(note: str, lost: list[tuple[str, str]]) -> None:
    """Say that something could not be saved, what and why (`what` carries the reason where it is
    not the note's), and give back what was typed, to copy."""
    st.warning(escape_markdown(note), icon=":material/warning:")
    for what, typed in lost:
        caption(what)
        if typed.strip():
            st.code(typed, language=None, wrap_lines=True)


def guidance(instrument: Instrument, part: Guidance, expanded: bool = False) -> None:
    """A passage of the source shown where it is needed, in a fold titled with its heading (the
    source's own, or marked as coprod's), with coprod's note on it where there is one."""
    with st.expander(escape_markdown(part.heading), icon=":material/info:", expanded=expanded):
        if part.note:
            caption(attribution.note(instrument, f"guidance.{part.id}.note", part.note))
        text(part.text)
        caption(attribution.passage_source(instrument, f"guidance.{part.id}.heading"))


def words(instrument: Instrument, field: str, value: str) -> None:
    """A text of the instrument file, said to be coprod's own where it is not the source's words."""
    text(value)
    if instrument.written_by_coprod(field):
        caption(_(attribution.COPRODS_GUIDANCE) + ".")


def broken_files(broken: tuple[BrokenFile, ...]) -> None:
    for file in broken:
        lines = "\n".join(f"- {escape_markdown(p.field)}: {escape_markdown(p.message)}" for p in file.problems)
        st.error(
            _("**{file}** could not be loaded, so it is not listed. Fix the file and reload the page; the other toolkits "
              "work as usual.").format(file=escape_markdown(Path(file.path).name)) + f"\n\n{lines}",
            icon=":material/error:",
        )


def source(instrument: Instrument) -> None:
    caption(_("Source: {citation}").format(citation=instrument.source.citation()))
    if instrument.translation:  # a translated version credits its translator (issue 27)
        caption(attribution.translated_by(instrument))


def item_text(instrument: Instrument, item: Item) -> None:
    """An item's full wording: definition, what each band looks like, worked examples, suggestions."""
    if item.definition:
        text(item.definition)
    if item.supports:
        caption(f"{attribution.supports_heading(instrument)} " + "; ".join(item.supports))
    if item.options:
        text("\n".join(f"• {option}" for option in item.options))
    if item.descriptors:
        columns = st.columns(len(instrument.scale.bands))
        for column, band in zip(columns, instrument.scale.bands):
            with column:
                label(f"{band.name} ({band.range_label})")
                text(item.descriptors.get(band.id, ""))
    worked_examples(instrument, item)
    if item.next_steps:
        with st.expander(escape_markdown(attribution.next_steps_heading(instrument)), icon=":material/trending_up:"):
            if instrument.next_steps_for:
                caption(attribution.next_steps_for(instrument))
            text("\n\n".join(f"• {step}" for step in item.next_steps))


def worked_examples(instrument: Instrument, item: Item) -> None:
    """The source's worked examples, each one click away, titled with the band it illustrates."""
    names = {band.id: band.name for band in instrument.scale.bands}
    for example in item.examples:
        band = names.get(example.band, "")
        title = " – ".join(x for x in (band and _("Worked example: {band}").format(band=band), example.title) if x) or _("Worked example")
        with st.expander(escape_markdown(title), icon=":material/lightbulb:"):
            text(example.text)


NEXT_PAGE = "coprod.flash"  # one line for the next page to say (what was just deleted)


def say_on_next_page(value: str) -> None:
    """Leave one line for the page a person is sent to next (what was just deleted, say)."""
    st.session_state[NEXT_PAGE] = value


def flash() -> None:
    """Say what the last action on another page did (once)."""
    said = st.session_state.pop(NEXT_PAGE, None)
    if said:
        st.success(escape_markdown(said), icon=":material/delete:")


_PAGE_LANGUAGES = {"en": "en", "fr": "fr", "nl": "nl"}  # the only codes the line below may write


def page_language(code: str) -> None:
    """Set the page's language attribute for screen readers (Streamlit fixes it at "en"): one line of
    script of the app's own, with a code from a fixed list, never text from anyone."""
    st.html(f"<script>document.documentElement.lang = '{_PAGE_LANGUAGES.get(code, 'en')}';</script>",
            unsafe_allow_javascript=True)
