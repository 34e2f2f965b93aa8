"""Whose words a text is, said in one place: the app's phrases that give a text as the source's (or
a personalised version's), and the marks that say a text is coprod's own. No other module words
such a claim: tests/test_faithfulness.py reads every string the app writes for one, and checks each
phrase here against the seeds (every text it introduces is the source's, found where the source puts
it). So a label that relabels the source ("next steps the source suggests" over points the source
gives for planning) cannot be written without its claim being checked.
"""

from __future__ import annotations

from coprod.common import i18n
from coprod.common.i18n import _
from coprod.library.model import Instrument, Prompt

# Marked once here, translated where shown: _(COPRODS_GUIDANCE). (`i18n.marked`, not `marked`: every callable
# name of this module is a phrase that tests/test_faithfulness.py checks.)
COPRODS_GUIDANCE = i18n.marked("coprod's guidance, not the source's words")  # a text of the file written for coprod
HEADING_BY_COPROD = i18n.marked("heading by coprod")  # a heading coprod gave to a passage of the source
COPRODS_TIME = i18n.marked("coprod's note: the source does not say how long it takes")


def whose(instrument: Instrument) -> str:
    """Who a text of the instrument file is by, as a reader knows them: the source, or a personalised
    version (whose wording its organisation may have changed)."""
    return _("this version") if instrument.adapted_from else _("the source")


def in_the_words_of(instrument: Instrument) -> str:
    """The lead-in of a quoted descriptor: the file's words for a band, checked against the seed
    (tests/test_faithfulness.py: descriptors are the seed's, filed under the seed's band)."""
    return _("in the words of this version") if instrument.adapted_from else _("in the words of the source")


def no_review_period(instrument: Instrument) -> str:
    """Said where an instrument has no review interval: its file then holds no advice on reviewing
    either (tests/test_faithfulness.py), so the date is the person's to choose."""
    if instrument.adapted_from:
        return _("This version gives no period for a review. Choose a date if you want to look at this again.")
    return _("The source gives no period for a review. Choose a date if you want to look at this again.")


def passage_source(instrument: Instrument, heading_field: str) -> str:
    """Under a passage of the source: whose it is, and whether its heading is the source's or coprod's."""
    if instrument.written_by_coprod(heading_field):
        return _("From {citation} ({heading_by_coprod})").format(citation=instrument.source.citation(),
                                                                 heading_by_coprod=_(HEADING_BY_COPROD))
    return _("From {citation}").format(citation=instrument.source.citation())


def note(instrument: Instrument, field: str, text: str) -> str:
    """A note on a passage: coprod's, said to be coprod's; or the source's own words."""
    return _("coprod's note: {text}").format(text=text) if instrument.written_by_coprod(field) else text


def heading_by_coprod(heading: str) -> str:
    """A heading coprod puts over the source's text, marked as coprod's."""
    return _("{heading} ({heading_by_coprod})").format(heading=heading, heading_by_coprod=_(HEADING_BY_COPROD))


def prompt_parts(instrument: Instrument, prompt: Prompt) -> tuple[str, str]:
    """A free-text question as drawn: its heading and the source's text under it. A label the source
    gives heads its question; a label coprod wrote (a short name for a text box or a table) heads
    nothing: the source's question is then its own heading, with nothing under it."""
    if instrument.written_by_coprod(f"prompts.{prompt.id}.label"):
        return prompt.text, ""
    return prompt.label, prompt.text


def prompts_heading(instrument: Instrument) -> str:
    """The heading over the free-text questions: the one question's own heading, or the app's."""
    if len(instrument.prompts) == 1 and not instrument.written_by_coprod(f"prompts.{instrument.prompts[0].id}.label"):
        return instrument.prompts[0].label
    return _("Your notes")


def actions_note(instrument: Instrument, column: str) -> str:
    """Where a plan's key actions (`column`, their heading) start from, for a scale: the source's
    suggestions for each item, or its advice for each item's range of scores, or nothing."""
    adapted = bool(instrument.adapted_from)
    if any(item.next_steps for item in instrument.items) and not instrument.next_steps_for:
        if adapted:
            return _("“{column}” starts with this version's suggestions for each item: change them to your own.").format(column=column)
        return _("“{column}” starts with the source's suggestions for each item: change them to your own.").format(column=column)
    ranges = [part.heading for part in instrument.interpretation if part.next_steps]
    if ranges:
        named = ", ".join(_("“{heading}”").format(heading=heading) for heading in ranges)
        if adapted:
            return _("“{column}” starts with this version's own advice for the item's score ({ranges}): change it to your "
                     "own.").format(column=column, ranges=named)
        return _("“{column}” starts with the source's own advice for the item's score ({ranges}): change it to your "
                 "own.").format(column=column, ranges=named)
    return _("{publisher} gives no suggested actions per item, so “{column}” starts empty: what the next level looks "
             "like is a place to start.").format(publisher=instrument.source.publisher, column=column)


def paired_by_coprod(instrument: Instrument) -> str:
    """The heading over passages of the source that coprod set beside steps the source only names
    (the Co-production Star): the words are the source's, the pairing coprod's."""
    if instrument.adapted_from:
        return _("A point from this version, paired with the step by coprod")
    return _("A point from the source, paired with the step by coprod")


def supports_heading(instrument: Instrument) -> str:
    """The heading over the principles each item supports: the source's own ("Which principles are
    supported?"), or coprod's, marked."""
    if instrument.supports_heading and not instrument.written_by_coprod("supports_heading"):
        return instrument.supports_heading
    return heading_by_coprod(instrument.supports_heading or _("Principles it supports"))


def next_steps_heading(instrument: Instrument) -> str:
    """The heading over an item's next steps: the source's own, or coprod's, marked."""
    heading = instrument.next_steps_heading or _("Ideas for next steps")
    if instrument.next_steps_heading and not instrument.written_by_coprod("next_steps_heading"):
        return heading
    return heading_by_coprod(heading)


def next_steps_for(instrument: Instrument) -> str:
    """Whom the items' next steps are for, where not the person answering ("" for them)."""
    if not instrument.next_steps_for:
        return ""
    return note(instrument, "next_steps_for", _("For {whom}.").format(whom=instrument.next_steps_for))


def rule_by(instrument: Instrument) -> str:
    """Who a quoted rule on examples is by: the source, and where it gives the rule for another part of
    itself (Leeds' four stages borrow the six principles' "Justifying your score"), that it does."""
    by = f"— {instrument.source.publisher}"
    if instrument.rules.example_rule_from:
        return f"{by} ({note(instrument, 'rules.example_rule_from', instrument.rules.example_rule_from)})"
    return by


def show_worked_examples(instrument: Instrument) -> str:
    """The switch that shows the items' worked examples while scoring."""
    if instrument.adapted_from:
        return _("Show this version's worked examples beside each item")
    return _("Show the source's worked examples beside each item")


def worked_example(instrument: Instrument, band: str, title: str, text: str) -> str:
    """A worked example quoted where a plan needs it, naming the band it illustrates (checked: the
    seed's examples are filed under the band the seed gives them)."""
    example = _("{title}: {text}").format(title=title, text=text) if title else text
    adapted = bool(instrument.adapted_from)
    if band:
        if adapted:
            return _("This version's worked example of {band}: {example}").format(band=band, example=example)
        return _("The source's worked example of {band}: {example}").format(band=band, example=example)
    if adapted:
        return _("This version's worked example: {example}").format(example=example)
    return _("The source's worked example: {example}").format(example=example)


def time_needed(instrument: Instrument) -> str:
    """How long it takes, saying so where the time is coprod's estimate rather than the source's."""
    if instrument.written_by_coprod("time_needed"):
        return _("{time} ({coprods_time})").format(time=instrument.time_needed, coprods_time=_(COPRODS_TIME))
    return instrument.time_needed


def translated_by(instrument: Instrument) -> str:
    """A translated version's credit: whose translation it is, and of what (the source's citation);
    "" for an instrument in the source's own language."""
    if instrument.translation is None:
        return ""
    into = _language_in_words(instrument.language)
    if instrument.translation.translator:
        return _("Translated into {language} by {translator} from: {citation}").format(
            language=into, translator=instrument.translation.translator, citation=instrument.source.citation())
    return _("Translated into {language} from: {citation}").format(language=into, citation=instrument.source.citation())


def _language_in_words(code: str) -> str:
    """A language's name in the reader's language ("French", "français", "Frans")."""
    from babel import Locale

    reader = i18n.language()
    try:
        return Locale.parse(reader if reader in ("fr", "nl") else "en").languages.get(code, code)
    except (ValueError, TypeError):
        return code


# What each phrase above gives as the source's: the fields of an instrument file whose text it
# introduces (named as tests/test_faithfulness.py names them). That test checks each such field
# against the seed and that no shipped file writes one for coprod; the rest of the module marks
# coprod's own words (MARKS). A new phrase must be listed in one or the other.
CLAIMS = {
    "in_the_words_of": ("items.descriptors", "scale.bands.meaning"),
    "passage_source": ("guidance.text",),
    "actions_note": ("items.next_steps", "interpretation.next_steps", "interpretation.heading"),
    "rule_by": ("rules.example_rule",),
    "show_worked_examples": ("items.examples.text",),
    "worked_example": ("items.examples.text", "items.examples.title"),
    "supports_heading": ("items.supports",),
    "next_steps_heading": ("items.next_steps",),
}
MARKS = ("COPRODS_GUIDANCE", "HEADING_BY_COPROD", "COPRODS_TIME", "whose", "note", "heading_by_coprod", "time_needed",
         "paired_by_coprod", "next_steps_for", "prompt_parts", "prompts_heading", "no_review_period", "translated_by")
