"""The blank paper pack: an instrument (or a personalised version) as a form to print and fill in
by hand, for people who take part on paper.

A pack holds the instructions, each item with what every band looks like and a row of boxes to
tick (per view, where the instrument is scored for several), lines for the practical example, the
free-text questions with lines to write on, and an empty next-steps table. For a team session each
copy starts on a page of its own with the session's title, its join code (so a person can also
join online) and boxes for the role groups; the facilitator types the answers in afterwards
(coprod.sessions.paper), where the same rules and privacy apply as online.

Drawn on the PDF page every report uses (coprod.files.pdf), so any Unicode prints with the shipped fonts.
"""

from __future__ import annotations

from coprod.answers import assessment as A
from coprod.answers import plans
from coprod.common.i18n import _
from coprod.files.pdf import ACCENT, BODY, INK, LINE, MARGIN, MUTED, RULE, Writer
from coprod.files.text_layout import wrap_lines
from coprod.library import attribution
from coprod.library.model import Instrument, Item, Perspective
from coprod.storage.interface import format_code

BOX = 4.2  # mm: a tick box
WRITING_LINE = 8.0  # mm between lines to write on
MAX_COPIES = 200


PACK_FIELDS = ("title", "join_code", "roles", "anonymous", "perspective")  # all of a session a pack shows


def pack_source(session: dict) -> dict:
    """What of a session its paper pack is drawn from: the pack changes only when this does (a
    session's roster and answers change all through a workshop; its pack does not)."""
    return {field: session.get(field) for field in PACK_FIELDS}


def paper_pack(instrument: Instrument, session: dict | None = None, copies: int = 1) -> bytes:
    """The blank form as an A4 PDF; for a session, `copies` copies each with the join code."""
    session = pack_source(session) if session else None  # nothing else of the session can reach the pack
    title = session["title"] if session else instrument.title
    w = Writer(_("{title} · paper form").format(title=title))
    copies = max(1, min(int(copies), MAX_COPIES)) if session else 1
    for n in range(copies):
        if n:
            w.pdf.add_page()
        _copy(w, instrument, session, n + 1, copies)
    return bytes(w.pdf.output())


def _copy(w: Writer, instrument: Instrument, session: dict | None, number: int, copies: int) -> None:
    w.paragraph(session["title"] if session else instrument.title, 18, True, INK, line=8.5)
    w.gap(1)
    w.paragraph(_("Paper form · {title}").format(title=instrument.title), 10.5, colour=MUTED, line=5)
    w.paragraph(_("Source: {source}").format(source=instrument.source.citation()), 9, colour=MUTED, line=4.5)
    if instrument.translation:  # a translated version credits its translator (issue 27)
        w.paragraph(attribution.translated_by(instrument), 9, colour=MUTED, line=4.5)
    if instrument.adapted_from:
        w.paragraph(_("Personalised version {version} adapted from {title}").format(
            version=instrument.version or "", title=instrument.adapted_from.title), 9, colour=MUTED, line=4.5)
    w.gap(2)
    if session:
        w.field(_("Join code"), _("{code}  (to take part online instead, choose “Join a session” in coprod and type this "
                                  "code)").format(code=format_code(session["join_code"])))
        if copies > 1:
            w.field(_("Copy"), _("{number} of {total}").format(number=number, total=copies))
        w.gap(1)
        _choices(w, _("Your role group (tick one)"), session["roles"])
        if session.get("anonymous"):
            w.paragraph(_("This session is anonymous: do not write your name on this form."), 9.5, colour=MUTED, line=4.8)
        else:
            _write_on(w, _("Your name"), 1)
    else:
        _write_on(w, _("What are you assessing?"), 1)
        _write_on(w, _("Your role"), 1)
        _write_on(w, _("Your name (optional)"), 1)
        _write_on(w, _("Date"), 1)
    views = _views(instrument, session)
    _instructions(w, instrument, views)
    for group in instrument.groups:
        if group:
            w.heading(group)
        for item in (i for i in instrument.items if i.group == group):
            _item(w, instrument, item, views)
    _prompts(w, instrument)
    _next_steps(w, instrument)


def _views(instrument: Instrument, session: dict | None) -> tuple[Perspective, ...]:
    views = A.perspectives_of(instrument)
    if session:
        return tuple(v for v in views if v.id == session["perspective"]) or views[:1]
    return views


def _instructions(w: Writer, instrument: Instrument, views: tuple[Perspective, ...]) -> None:
    w.heading(_("How to fill it in"))
    w.paragraph(instrument.how_to_use, line=LINE)
    w.gap(2)
    if len(views) > 1:
        how = _("For each item, read what each level looks like and tick one box for each of: {views}.").format(
            views=", ".join(v.label for v in views))
    else:
        how = _("For each item, read what each level looks like and tick one box.")
    w.paragraph(how, line=LINE)
    if instrument.rules.example_required:
        w.paragraph(f"{instrument.rules.example_label}: “{instrument.rules.example_rule}” {attribution.rule_by(instrument)}", line=LINE)


def _item(w: Writer, instrument: Instrument, item: Item, views: tuple[Perspective, ...]) -> None:
    w.heading(item.name, 2)
    if item.definition:
        w.paragraph(item.definition, 9.5, colour=MUTED, line=4.8)
        w.gap(1)
    for band in instrument.scale.bands:
        words = item.descriptors.get(band.id) or band.meaning
        numbers = "" if instrument.scale.is_named else f" ({band.range_label})"
        w.room(10)
        w.paragraph(f"{band.name}{numbers}", 9.5, True, line=4.8)
        if words:
            w.paragraph(words, 9.5, line=4.8, indent=3)
    w.gap(2)
    levels = [instrument.scale.label_for(v) for v in instrument.scale.values]
    for view in views:
        _choices(w, _("{view} (tick one)").format(view=view.label) if len(views) > 1
                 else _("Your {score} (tick one)").format(score=instrument.words.score), levels)
    for option in item.options:
        _choices(w, "", [option])
    if instrument.rules.example_per == "item" or len(views) == 1:
        _write_on(w, instrument.rules.example_label, 3)
    else:
        for view in views:
            _write_on(w, f"{instrument.rules.example_label} ({view.label})", 3)


def _choices(w: Writer, label: str, choices: list[str]) -> None:
    """A label and a row of boxes to tick, each with its choice's name (wrapping onto more rows)."""
    pdf = w.pdf
    w.room(14)
    if label:
        w.paragraph(label, 9.5, True, MUTED, line=5)
    x, y = MARGIN, pdf.get_y() + 1
    w.font(9.5)
    for choice in choices:
        text = w.text(choice)
        width = BOX + 2 + pdf.get_string_width(text) + 6
        if x + width > MARGIN + w.width and x > MARGIN:
            x, y = MARGIN, y + BOX + 3
        pdf.set_draw_color(*INK)
        pdf.set_line_width(0.3)
        pdf.rect(x, y, BOX, BOX)
        pdf.set_xy(x + BOX + 1.5, y - 0.6)
        pdf.cell(width - BOX - 2, BOX + 1.2, text)
        x += width
    pdf.set_xy(MARGIN, y + BOX + 3)


def _write_on(w: Writer, label: str, lines: int) -> None:
    """A label and lines to write on."""
    pdf = w.pdf
    w.room(6 + lines * WRITING_LINE)
    w.paragraph(label, 9.5, True, MUTED, line=5)
    pdf.set_draw_color(*RULE)
    pdf.set_line_width(0.25)
    y = pdf.get_y()
    for _line in range(lines):
        y += WRITING_LINE
        pdf.line(MARGIN, y, MARGIN + w.width, y)
    pdf.set_xy(MARGIN, y + 3)


def _prompts(w: Writer, instrument: Instrument) -> None:
    if not instrument.prompts:
        return
    w.heading(attribution.prompts_heading(instrument))
    for prompt in instrument.prompts:
        title, text = attribution.prompt_parts(instrument, prompt)
        if title != attribution.prompts_heading(instrument):
            w.paragraph(title, 10.5, True, line=5.2)
        if text:
            w.paragraph(text, 9, colour=MUTED, line=4.5)
        _write_on(w, "", 5)


def _next_steps(w: Writer, instrument: Instrument) -> None:
    """An empty next-steps table with the plan's columns that a person fills in."""
    named = plans.headings(instrument)
    columns = [named[c] for c in ("principle", "actions", "who", "by_when", "progress")]
    widths = [0.22, 0.36, 0.14, 0.12, 0.16]
    w.heading(_("Next steps"), keep=60)
    w.paragraph(_("What will you do next? One row per action."), 9.5, colour=MUTED, line=4.8)
    w.gap(1)
    pdf = w.pdf
    x0, total = MARGIN, w.width
    w.font(9, True, ACCENT)
    y = pdf.get_y()
    pdf.set_draw_color(*INK)
    pdf.set_line_width(0.25)
    x = x0
    for heading, share in zip(columns, widths):
        pdf.rect(x, y, total * share, 10)
        for n, part in enumerate(wrap_lines(w.text(heading), total * share - 2, 9, True)[:2]):
            pdf.text(x + 1, y + 4 + n * 4.2, part)
        x += total * share
    y += 10
    rows = max(6, min(len(instrument.items), 10))
    for _row in range(rows):
        if y + 14 > pdf.page_break_trigger:
            pdf.add_page()
            y = pdf.get_y()
        x = x0
        for share in widths:
            pdf.rect(x, y, total * share, 14)
            x += total * share
        y += 14
    pdf.set_xy(MARGIN, y + 2)
    w.font(BODY)
