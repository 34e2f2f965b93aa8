"""The bench's Chromium rows (bench/browser.py) time slider moves: each of its pages must still be
scored on sliders, as many as its row says, and its presses cross a band's edge (a checklist became a choice of named answers, and the
bench then waited for sliders that were no longer drawn)."""

from bench.browser import PAIRS, bare_script, crosses_bands
from coprod.answers import assessment as A
from coprod.common.paths import instruments_dir
from coprod.library.loading import load_library
from coprod.ui.scoring import by_choice


def test_every_bench_page_is_scored_on_as_many_sliders_as_its_row_says():
    library = load_library(instruments_dir())
    for pair in PAIRS:
        instrument = library.get(pair.instrument_id)
        assert not by_choice(instrument), f"{pair.instrument_id} is answered by choice, not on a slider"
        _source, sliders = bare_script(instrument, pair.perspectives)
        assert f"({sliders} sliders of {len(A.score_choices(instrument))} options" in pair.name
        assert crosses_bands(pair, instrument), f"{pair.instrument_id}: its presses stay in one band"
