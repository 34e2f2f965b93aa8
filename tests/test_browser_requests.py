"""What the browser sends and fetches, watched from Chromium: a page calls no host but the app's own
(the page icon included: Streamlit would fetch a ":material/…:" one from a Google font server), and
an upload larger than the app takes is refused by the server before the app sees it, however it is
sent (the widget's own check is the browser's, which a script skips)."""

from __future__ import annotations

import json
import re
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from coprod.answers import assessment as A
from coprod.files import exchange
from coprod.library import versions
from coprod.sessions import lifecycle as S
from coprod.sessions import room
from tests.apptest import LEEDS, session_with
from tests.browser import chromium, served_app, wait_for_rerun

pytestmark = pytest.mark.browser


def test_no_page_calls_any_host_but_the_apps_own(chromium_path, data_dir):
    store, session, (participant,) = session_with(data_dir, [(S.DEFAULT_ROLES[1], 5, "We co-chair.")] * 1)
    store.update(session["token"], S.reveal)
    doc = A.new_assessment(LEEDS, title="Walk", role="volunteer")
    for item in LEEDS.items:
        A.set_score(LEEDS, doc, "main", item.id, 5)
        A.set_example(LEEDS, doc, "main", item.id, "A walk we planned together.")
    A.finish(LEEDS, doc)
    doc = store.create(doc)
    own = versions.create(store, versions.copy_of(LEEDS, versions.text_of(store, LEEDS)))
    addresses = ["/", "/score", f"/score?a={doc['token']}", f"/results?a={doc['token']}", f"/print?a={doc['token']}",
                 "/session", f"/session?f={session['token']}", f"/projector?f={session['token']}", "/join",
                 f"/join?s={session['join_token']}", f"/score?a={participant}", "/instrument?id=nef-framework",
                 f"/edit?v={own['token']}", "/your_data", f"/watch?o={room.watch_only(store, session['join_token'])['token']}",
                 "/accessibility"]
    with served_app(data_dir) as url, chromium(chromium_path) as browser:
        own_host = urlparse(url).netloc
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        called: list[str] = []
        page.on("request", lambda request: called.append(request.url))
        page.on("websocket", lambda socket: called.append(socket.url))
        for address in addresses:
            page.goto(url + address)
            wait_for_rerun(page)
            expect(page.locator('[data-testid="stVegaLiteChart"] svg, [data-testid="stMain"]').first).to_be_visible()
            icon = page.locator("link[rel='shortcut icon']").get_attribute("href") or ""
            assert not re.match(r"(?i)^(https?:)?//", icon) or urlparse(icon).netloc == own_host, icon
        outside = sorted({u for u in called if urlparse(u).scheme not in ("data", "blob") and urlparse(u).netloc != own_host})
        assert called and outside == []


def test_an_upload_larger_than_the_app_takes_is_refused_by_the_server(chromium_path, data_dir, tmp_path):
    small = tmp_path / "export.json"
    doc = A.new_assessment(LEEDS, title="Walk", role="volunteer")
    small.write_text(exchange.export_json(doc), encoding="utf-8")
    with served_app(data_dir) as url, chromium(chromium_path) as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        page.goto(url)
        wait_for_rerun(page)
        sent = []
        page.on("request", lambda request: sent.append(request) if "/_stcore/upload_file/" in request.url else None)
        page.get_by_text("Import an assessment from a JSON export").click()
        page.locator("input[type=file]").first.set_input_files(str(small))
        expect(page.get_by_role("button", name="Import as a new assessment")).to_be_visible(timeout=30_000)
        assert sent, "the browser uploaded nothing"
        upload = sent[0]
        # the same request a script would send, as the page's own session, with bodies of other sizes
        headers = {k: v for k, v in upload.headers.items() if k.lower() in ("x-xsrftoken", "cookie")}

        def put(size: int):
            return page.context.request.put(upload.url, headers=headers, multipart={
                "file": {"name": "export.json", "mimeType": "application/json", "buffer": b" " * size}})

        assert put(100_000).ok  # what the app takes is taken
        refused = put(3 * 1024 * 1024)  # over the 2 MB the app takes (Streamlit's default would take 200 MB)
        assert refused.status == 413
        assert json.loads(small.read_text())["format"] == "coprod-assessment"
