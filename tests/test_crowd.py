"""The bench's crowd (bench/crowd.py, issue 28): simulated participants speaking Streamlit's websocket
protocol take part in a real session on `streamlit run` as a browser would (join, score, submit), then
follow it: the facilitator's reveal reaches every page by itself. Timings are the bench's, never
asserted here."""

from __future__ import annotations

import asyncio

import pytest

from bench import crowd
from coprod.common.paths import instruments_dir
from coprod.library.loading import load_library
from coprod.sessions import lifecycle as S
from coprod.storage.tinydb import TinyDBStore
from tests.browser import served_app


def test_the_crowd_only_ever_connects_to_this_machine():
    for address in ("http://127.0.0.1:8501", "http://localhost:8501", "http://[::1]:8501"):
        crowd.check_loopback(address)
    for address in ("http://10.0.0.5:8501", "http://example.org", "http://192.168.1.2"):
        with pytest.raises(ValueError):
            crowd.check_loopback(address)
    with pytest.raises(ValueError):
        asyncio.run(crowd.crowd("http://127.0.0.1:1", "x", crowd.MAX_PEOPLE + 1, ["a"]))


def test_three_people_join_score_submit_and_see_the_reveal(data_dir):
    instrument = load_library(instruments_dir()).get("leeds-six-principles")
    store = TinyDBStore(data_dir)
    roles = list(S.DEFAULT_ROLES)
    session = S.open_session(store, S.new_session(instrument, title="Crowd", anonymous=True, roles=roles, min_group=3))
    with served_app(data_dir) as url:
        async def hall():
            pages = await crowd.crowd(url, session["join_token"], 3, roles, at_once=3)
            arrived = [page.expect("What everyone said") for page in pages]
            store.update(session["token"], S.reveal)  # the facilitator's button, as the domain does it
            await asyncio.wait_for(asyncio.gather(*arrived), 30)  # each page follows by itself (every 3 s)
            follows = [page.fragment_runs for page in pages]
            await asyncio.gather(*(page.close() for page in pages))
            return follows

        follows = asyncio.run(hall())
    roster = store.get(session["token"])["roster"]
    assert len(roster) == 3 and all(entry["submitted"] == 1 for entry in roster.values())
    assert all(runs >= 1 for runs in follows)  # the fragment reruns the browser sends on its timer
