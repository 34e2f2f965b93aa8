"""Drawing charts with their specs cached: building an Altair chart and turning it into a spec
costs 100-300 ms, and most reruns (an agreed score typed, a plan cell edited) do not change it.
The spec's datasets are cached as the Arrow bytes Streamlit sends to the browser: Streamlit
converts any other dataset to Arrow (through pandas) on every rerun, a few milliseconds each,
and the facilitator's page draws a dozen charts.

Both are kept tagged with the documents the page shows (coprod.common.memo), so deleting a document forgets
its charts at once.

Every chart is drawn with its words: the lines of `coprod.charts.words` that say what it shows, right
under it, for people who cannot see the chart or find charts hard to read."""

from __future__ import annotations

import hashlib
from typing import Callable

import altair as alt
import streamlit as st
from streamlit import dataframe_util

from coprod.charts.specs import fills_column
from coprod.common import i18n
from coprod.common.i18n import _
from coprod.common.memo import Memo
from coprod.common.text import escape_markdown
from coprod.ui.store import shown

_SPECS = Memo(128)
_WORDS = Memo(128)


def _spec(key: str, build: Callable[[], alt.TopLevelMixin]) -> dict:
    def make() -> dict:
        spec = build().to_dict(validate=False)  # the specs are built by our own tested code
        datasets = spec.get("datasets") or {}
        for name, values in datasets.items():
            if isinstance(values, list):  # tabular rows (GeoJSON would stay as it is; coprod draws none)
                datasets[name] = dataframe_util.convert_anything_to_arrow_bytes(values)
        return spec

    return _SPECS.get((key, i18n.language()), make, shown())  # its titles are in the reader's language


def draw(inputs: tuple, build: Callable[[], alt.TopLevelMixin], key: str, *, words: Callable[[], list[str]]) -> None:
    """Draw the chart `build` makes, and under it what it shows in words (`words`, from
    coprod.charts.words); `inputs` must hold everything the chart and its words depend on."""
    digest = hashlib.sha256(repr(inputs).encode("utf-8")).hexdigest()
    spec = _spec(digest, build)
    # A chart made to fill its column (the stacked bars) stretches; the others keep their own size.
    st.vega_lite_chart(spec=spec, theme=None, width="stretch" if fills_column(spec) else "content", key=key)
    in_words(_words(digest, words), key)


def _words(key: str, say: Callable[[], list[str]]) -> list[str]:
    return list(_WORDS.get((key, i18n.language()), lambda: tuple(say()), shown()))


def in_words(lines: list[str], key: str) -> None:
    """A chart's text alternative, as plain text (item and group names come from files and people)."""
    with st.container(key=f"{key}-words"):
        st.markdown(_("**The chart in words:** {lines}").format(lines="  \n".join(escape_markdown(line) for line in lines)))


def warm_up() -> None:
    """Load what a process's first chart and table load only as they are drawn (Altair's handling of a
    pandas table, pandas' conversion to Arrow and to rows), ahead of a room's reveal: drawn first at
    the reveal, they were imported while every participant's page waited, and set off a collection of
    everything the process holds (coprod.ui.collector). Safe in a background thread; keeps nothing."""
    import pandas as pd

    rows = pd.DataFrame({"item": ["a", "b"], "score": [1.0, 2.0]})
    spec = alt.Chart(rows).mark_line().encode(x="item:N", y="score:Q").to_dict(validate=False)
    for values in (spec.get("datasets") or {}).values():
        dataframe_util.convert_anything_to_arrow_bytes(values)
    dataframe_util.convert_anything_to_arrow_bytes(rows)
    rows.to_dict(orient="index")
