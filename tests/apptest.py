"""Helpers shared by the AppTest files: open a page of the app, read everything it shows, and build
team sessions with people who joined and submitted."""

from __future__ import annotations

import html
import json
import re

from streamlit.testing.v1 import AppTest

from coprod.answers import assessment as A
from coprod.library.loading import load_library
from coprod.sessions import lifecycle as S
from coprod.storage.tinydb import TinyDBStore
from tests.conftest import ROOT

APP = str(ROOT / "streamlit_app.py")
LIB = load_library(ROOT / "instruments")
LEEDS = LIB.get("leeds-six-principles")


def page(path: str, **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    return at.switch_page(path).run()


def param(at: AppTest, name: str) -> str:
    value = at.query_params[name]
    return value[0] if isinstance(value, list) else value


def html_text(body: str) -> str:
    """The text of an HTML block as a reader sees it."""
    return html.unescape(re.sub(r"<[^>]+>", " ", body)).replace("\u00a0", " ")


def html_blocks(at: AppTest) -> list[str]:
    """The text of every st.html block on the page (the item headings and bands of coprod.ui.show)."""
    return [html_text(e.proto.body) for e in at.get("html")]


def highlighted(at: AppTest) -> list[str]:
    """The text of each band drawn as holding a score."""
    return [" ".join(html_text(part).split()) for e in at.get("html")
            for part in re.findall(r'<div class="coprod-band here">(.*?)</div>', e.proto.body, re.S)]


def everything_shown(at: AppTest) -> str:
    """The text of every element on the page, chart specs (with their data) included."""
    kinds = ("title", "header", "subheader", "markdown", "text", "caption", "info", "success", "error", "warning", "code")
    parts = [str(e.value) for kind in kinds for e in getattr(at, kind)]
    parts += [str(t.value) for t in at.text_area] + [str(d.value) for d in at.dataframe] + [str(t.value) for t in at.table]
    parts += [repr(c.proto) for c in at.get("vega_lite_chart")] + [f"{m.label}: {m.value}" for m in at.metric]
    parts += html_blocks(at)
    return "\n".join(parts).replace("\\", "")


def chart_rows(at: AppTest) -> list[dict]:
    """Every data row of every chart on the page: the named datasets Streamlit sends to the browser
    (as Arrow) and any data inline in the spec."""
    import pyarrow as pa

    rows: list = []
    for chart in at.get("vega_lite_chart"):
        for dataset in chart.proto.datasets:
            rows.extend(pa.ipc.open_stream(dataset.data.data).read_all().to_pylist())
        spec = json.loads(chart.proto.spec)
        for part in [spec, *_layers(spec)]:
            data = part.get("data", {})
            rows.extend(data.get("values", []) if isinstance(data, dict) else [])
            for value in part.get("datasets", {}).values():
                rows.extend(value if isinstance(value, list) else [])
    return [r for r in rows if isinstance(r, dict)]


def _layers(spec: dict):
    for key in ("layer", "hconcat", "vconcat", "concat"):
        for part in spec.get(key, []):
            yield part
            yield from _layers(part)


def session_with(data_dir, people, anonymous=True, min_group=3, instrument=LEEDS, title="Youth forum review"):
    """A session with `people` (role, score or None, example) joined, and those with a score submitted."""
    store = TinyDBStore(data_dir)
    session = S.open_session(store, S.new_session(instrument, title=title, anonymous=anonymous,
                                                  roles=list(S.DEFAULT_ROLES), min_group=min_group))
    tokens = []
    for n, (role, score, example) in enumerate(people):
        token = S.join(store, instrument, session["join_token"], role=role, name=f"Person{n}")["token"]
        if score is not None:
            submit(store, token, score, example, instrument)
        tokens.append(token)
    return store, session, tokens


def submit(store, token, score, example, instrument=LEEDS):
    def fill(d):
        for item in instrument.items:
            A.set_score(instrument, d, d["perspectives"][0], item.id, score)
            A.set_example(instrument, d, d["perspectives"][0], item.id, example)

    store.update(token, fill)
    S.submit(store, instrument, token)
