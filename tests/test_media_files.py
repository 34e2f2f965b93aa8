"""What a page held open in a hall puts in Streamlit's media manager (issue 28).

Streamlit keeps each session's media files (an image given by its path, a download's bytes) in one
manager, and at the end of every run of every session, each follower's check every 3 seconds included,
walks every session's files to find the orphans. A file that every page draws (the page's icon, once
given by its path) thus made every run's end cost grow with the number of people in the hall. The
pages a participant or an observer keeps open put nothing there; only a download the person may take
does."""

from __future__ import annotations

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager

from coprod.sessions import lifecycle as S
from coprod.sessions import room
from tests.apptest import page, session_with


@pytest.fixture
def added(monkeypatch) -> list[str]:
    """Every file any run hands Streamlit's media manager, by the element's place."""
    kept: list[str] = []
    real_add, real_deferred = MediaFileManager.add, MediaFileManager.add_deferred

    def add(self, path_or_data, mimetype, coordinates, file_name=None, is_for_static_download=False):
        kept.append(f"{coordinates} {mimetype}")
        return real_add(self, path_or_data, mimetype, coordinates, file_name, is_for_static_download)

    def add_deferred(self, data_callable, mimetype, coordinates, file_name=None, **options):
        kept.append(f"{coordinates} {mimetype} (deferred)")
        return real_deferred(self, data_callable, mimetype, coordinates, file_name, **options)

    monkeypatch.setattr(MediaFileManager, "add", add)
    monkeypatch.setattr(MediaFileManager, "add_deferred", add_deferred)
    return kept


def test_the_pages_a_hall_keeps_open_put_nothing_in_the_media_manager(data_dir, added):
    store, session, tokens = session_with(data_dir, [(S.DEFAULT_ROLES[n % 2], 2 + n % 5, f"Example {n}") for n in range(4)]
                                          + [(S.DEFAULT_ROLES[0], None, "")])
    observer = room.watch_only(store, session["join_token"], name="Visitor")["token"]
    opened = [page("app_pages/join.py", s=session["join_token"]), page("app_pages/score.py", a=tokens[0]),
              page("app_pages/score.py", a=tokens[-1]), page("app_pages/watch.py", o=observer)]
    store.update(session["token"], S.reveal)
    opened += [page("app_pages/score.py", a=tokens[0]), page("app_pages/watch.py", o=observer)]
    assert not [at.exception for at in opened if at.exception]
    assert "What everyone said" in "".join(m.value for m in opened[-2].markdown)  # the revealed page, charts and all
    assert added == []


def test_a_download_is_still_a_media_file(data_dir, added):
    store, session, tokens = session_with(data_dir, [(S.DEFAULT_ROLES[n % 2], 2 + n % 5, f"Example {n}") for n in range(4)])
    store.update(session["token"], S.reveal)
    at = page("app_pages/session.py", f=session["token"])
    assert not at.exception
    assert added  # the facilitator's downloads: the fixture sees what the manager is given
