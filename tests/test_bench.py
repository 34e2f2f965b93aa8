"""`make bench` keeps up with the code it measures (it is never run by the tests, so these checks are
what tells that it still can): each page its Chromium rows time is still scored on sliders, as many as
its row says, and its presses cross a band's edge (a checklist became a choice of named answers, and
the bench waited for sliders no longer drawn); every name of coprod's it spells out, in the code it
hands a fresh process too, still exists (a module moved into a package, and the first-PDF row failed)."""

import importlib
import re
from pathlib import Path

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


def test_every_name_of_coprods_the_bench_spells_out_still_exists():
    missing = []
    # No word boundary before "coprod": in code handed to a fresh process it can follow a written newline (\n).
    for source in sorted((Path(__file__).resolve().parents[1] / "bench").glob("*.py")):
        for dotted in sorted(set(re.findall(r"coprod(?:\.\w+)+", source.read_text(encoding="utf-8")))):
            parts = dotted.split(".")
            for cut in range(len(parts), 0, -1):
                try:
                    found = importlib.import_module(".".join(parts[:cut]))
                    break
                except ImportError:
                    continue
            for name in parts[cut:]:
                found = getattr(found, name, None)
                if found is None:
                    missing.append(f"{source.name}: {dotted}")
                    break
    assert not missing


def test_the_results_page_bench_waits_for_what_the_results_page_draws_last(data_dir):
    """Its coprod side waits for the "Print view" link at the foot of the results page, and its bare page
    for its closing line: both must be there to be waited for."""
    from bench.results_open import bare_results, finished
    from coprod.storage.tinydb import TinyDBStore
    from tests.apptest import LEEDS, page

    compile(bare_results(6), "bare_results.py", "exec")
    assert 'st.markdown("The end of the page")' in bare_results(6).splitlines()[-1]
    doc = finished(TinyDBStore(data_dir), LEEDS)
    at = page("app_pages/results.py", a=doc["token"])
    last = at.main.children[len(at.main.children) - 1]
    assert last.type == "page_link" and "print" in last.proto.page
