"""Whose words a text is, said in one place: the app's phrases that give a text as the source's (or
a personalised version's), and the marks that say a text is coprod's own. No other module words
such a claim: tests/test_faithfulness.py reads every string the app writes for one, and checks each
phrase here against the seeds (every text it introduces is the source's, found where the source puts
it). So a label that relabels the source ("next steps the source suggests" over points the source
gives for planning) cannot be written without its claim being checked.
"""

from __future__ import annotations

from coprod.library.model import Instrument

COPRODS_GUIDANCE = "coprod's guidance, not the source's words"  # a text of the file written for coprod
HEADING_BY_COPROD = "heading by coprod"  # a heading coprod gave to a passage of the source
COPRODS_TIME = "coprod's note: the source does not say how long it takes"


def whose(instrument: Instrument) -> str:
    """Who a text of the instrument file is by, as a reader knows them: the source, or a personalised
    version (whose wording its organisation may have changed)."""
    return "this version" if instrument.adapted_from else "the source"


def in_the_words_of(instrument: Instrument) -> str:
    """The lead-in of a quoted descriptor: the file's words for a band, checked against the seed
    (tests/test_faithfulness.py: descriptors are the seed's, filed under the seed's band)."""
    return f"in the words of {whose(instrument)}"


def no_review_period(instrument: Instrument) -> str:
    """Said where an instrument has no review interval: its file then holds no advice on reviewing
    either (tests/test_faithfulness.py), so the date is the person's to choose."""
    return f"{whose(instrument).capitalize()} gives no period for a review. Choose a date if you want to look at this again."


def time_needed(instrument: Instrument) -> str:
    """How long it takes, saying so where the time is coprod's estimate rather than the source's."""
    if instrument.written_by_coprod("time_needed"):
        return f"{instrument.time_needed} ({COPRODS_TIME})"
    return instrument.time_needed
