"""A crowd of simulated participants that speak Streamlit's own websocket protocol, as the browser
does (issue 28): each opens the join link (an HTTP GET of the page, then the websocket
`/_stcore/stream` with the `streamlit` subprotocol), asks for a run of the page (a `BackMsg` with a
`rerun_script` carrying the query string, the page and every widget's state), picks a role group and
presses Join, scores every item (each item's slider and example box in one run of the item's
fragment, as a browser sends a fragment's widget change), presses Submit, and from then on follows
the session: every `auto_rerun` message the server sends (a fragment on a timer) starts a timer that
sends that fragment's rerun, with `is_auto_rerun`, as the browser's does. Nothing is fetched beyond
the page and its websocket (no scripts, no images).

A crowd is bounded: at most `MAX_PEOPLE` people, each connection with a time limit, loopback
addresses only (`check_loopback`). Used by bench/followers.py; tests/test_crowd.py runs a few.
"""

from __future__ import annotations

import asyncio
import ipaddress
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

MAX_PEOPLE = 1200
TIMEOUT = 120.0  # seconds any one wait of a person may take
RETRY = 20.0  # seconds after which a run not answered is asked for again (counted in `retries`)


def check_loopback(url: str) -> None:
    """Refuse any address but this machine's own: the crowd is a benchmark, never a load on others."""
    host = urlsplit(url).hostname or ""
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = host == "localhost"
    if not loopback:
        raise ValueError("the crowd only ever connects to a loopback address (127.0.0.1, ::1, localhost)")


@dataclass
class Widget:
    id: str
    kind: str  # the element's type: radio, slider, text_area, button, ...
    label: str
    fragment: str
    options: list[str] = field(default_factory=list)


class Page:
    """One browser tab of the app, over Streamlit's websocket protocol."""

    def __init__(self, base: str, path: str, query: str) -> None:
        check_loopback(base)
        self.base, self.path, self.query = base.rstrip("/"), path, query
        self.page_hash = ""
        self.values: dict[str, tuple[str, object]] = {}  # widget id -> (value field, value): what the page holds
        self.widgets: dict[str, Widget] = {}  # by id, in the order drawn
        self.texts: list[str] = []  # the words drawn since the last full run began
        self.finished = asyncio.Event()
        self.runs = 0  # script_finished messages received
        self.fragment_runs = 0
        self.acting = False  # a run of our own is under way: the timers wait (their runs would be taken for ours)
        self.following = False  # the timers run once the person has taken part (or the page was opened to follow)
        self.auto_pending = 0  # timer runs sent and not finished yet
        self.retries = 0
        self.timers: dict[str, asyncio.Task] = {}
        self.watch_for: tuple[str, asyncio.Future] | None = None  # (words, future set to their arrival time)
        self.cookie = ""
        self.ws = None
        self.reader: asyncio.Task | None = None

    # ------------------------------------------------------------------ connecting

    async def open(self) -> None:
        """GET the page as a browser does (a proxy's affinity cookie comes with it), then the websocket
        and the page's first run."""
        from websockets.asyncio.client import connect

        await self._get()
        url = urlsplit(self.base)
        headers = {"Cookie": self.cookie} if self.cookie else {}
        self.ws = await asyncio.wait_for(connect(f"ws://{url.netloc}/_stcore/stream", subprotocols=["streamlit"],
                                                 origin=self.base, additional_headers=headers, max_size=None,
                                                 ping_interval=None), TIMEOUT)
        self.reader = asyncio.create_task(self._read())
        await self.run()

    async def _get(self) -> None:
        url = urlsplit(self.base)
        reader, writer = await asyncio.wait_for(asyncio.open_connection(url.hostname, url.port or 80), TIMEOUT)
        target = f"/{self.path}?{self.query}" if self.query else f"/{self.path}"
        writer.write(f"GET {target} HTTP/1.1\r\nHost: {url.netloc}\r\nConnection: close\r\n\r\n".encode("ascii"))
        await writer.drain()
        head = (await asyncio.wait_for(reader.read(), TIMEOUT)).split(b"\r\n\r\n", 1)[0].decode("latin-1")
        writer.close()
        cookies = [line.split(":", 1)[1].split(";", 1)[0].strip() for line in head.split("\r\n")[1:]
                   if line.lower().startswith("set-cookie:")]
        self.cookie = "; ".join(c for c in cookies if c.startswith("COPROD_BACKEND="))

    async def close(self) -> None:
        for timer in self.timers.values():
            timer.cancel()
        self.timers.clear()
        if self.ws is not None:
            await self.ws.close()
        if self.reader is not None:
            self.reader.cancel()

    # ------------------------------------------------------------------ runs

    def _message(self, fragment: str = "", auto: bool = False) -> bytes:
        from streamlit.proto.BackMsg_pb2 import BackMsg

        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.query
        state.page_script_hash = self.page_hash
        state.page_name = "" if self.page_hash else self.path
        state.fragment_id = fragment
        state.is_auto_rerun = auto
        for widget_id, (kind, value) in self.values.items():
            widget = state.widget_states.widgets.add()
            widget.id = widget_id
            if kind == "string_array_value":
                widget.string_array_value.data.extend(value)
            else:
                setattr(widget, kind, value)
        return msg.SerializeToString()

    async def run(self, fragment: str = "", **changes: tuple[str, object]) -> None:
        """Send a run (of the page, or of one fragment) with the widgets' states, and wait until it has
        finished (a run that asks for another, such as a button that switches page, waits for that)."""
        self.acting = True
        try:
            self.finished.clear()
            await self.ws.send(self._message(fragment))
            for widget_id in [w for w, (kind, _) in self.values.items() if kind == "trigger_value"]:
                del self.values[widget_id]  # a press is sent once
            try:
                await asyncio.wait_for(self.finished.wait(), RETRY)
            except TimeoutError:  # a request the server dropped (a fragment's run asked for during a run of the page): again, whole
                self.retries += 1
                self.finished.clear()
                await self.ws.send(self._message(""))
                await asyncio.wait_for(self.finished.wait(), TIMEOUT)
        finally:
            self.acting = False

    def widget(self, label: str) -> Widget:
        """The last widget drawn with this label."""
        return [w for w in self.widgets.values() if w.label == label][-1]

    def set(self, label: str, kind: str, value: object) -> Widget:
        widget = self.widget(label)
        self.values[widget.id] = (kind, value)
        return widget

    async def press(self, label: str) -> None:
        widget = self.set(label, "trigger_value", True)
        await self.run(widget.fragment)

    def showing(self, words: str) -> bool:
        return any(words in text for text in self.texts)

    def expect(self, words: str) -> asyncio.Future:
        """A future set to the time (time.time()) the page next draws `words`."""
        future = asyncio.get_running_loop().create_future()
        self.watch_for = (words, future)
        return future

    # ------------------------------------------------------------------ what the server sends

    async def _read(self) -> None:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        async for data in self.ws:
            msg = ForwardMsg.FromString(data)
            kind = msg.WhichOneof("type")
            if kind == "new_session":
                self.texts = []
            elif kind == "navigation":  # the page being shown (st.navigation's, not the entry script's)
                self.page_hash = msg.navigation.page_script_hash
            elif kind == "page_info_changed":
                self.query = msg.page_info_changed.query_string
            elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                self._element(msg.delta.new_element, msg.delta.fragment_id)
            elif kind == "auto_rerun":
                self._timer(msg.auto_rerun.fragment_id, msg.auto_rerun.interval)
            elif kind == "script_finished":
                self.runs += 1
                status = msg.script_finished
                if status == ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY:
                    self.fragment_runs += 1
                    if self.auto_pending:  # a timer's run, not ours
                        self.auto_pending -= 1
                        continue
                if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    self.auto_pending = max(0, self.auto_pending - 1)  # a timer's run that asked for the page's
                else:
                    self.finished.set()

    def _element(self, element, fragment: str) -> None:
        kind = element.WhichOneof("type")
        inner = getattr(element, kind)
        text = getattr(inner, "body", "") or getattr(inner, "label", "")
        if isinstance(text, str) and text:
            self.texts.append(text)
            if self.watch_for and self.watch_for[0] in text and not self.watch_for[1].done():
                self.watch_for[1].set_result(time.time())
        widget_id = getattr(inner, "id", "")
        if widget_id and isinstance(widget_id, str):
            options = list(getattr(inner, "options", []) or [])
            self.widgets[widget_id] = Widget(widget_id, kind, inner.label, fragment, [str(o) for o in options])

    def _timer(self, fragment: str, interval: float) -> None:
        if fragment in self.timers:
            return  # the browser keeps one timer per fragment

        async def tick() -> None:
            while True:
                await asyncio.sleep(interval)
                if self.acting or not self.following:
                    continue
                try:
                    self.auto_pending += 1
                    await self.ws.send(self._message(fragment, auto=True))
                except Exception:  # noqa: BLE001 - the page has gone
                    return

        self.timers[fragment] = asyncio.create_task(tick())


# ---------------------------------------------------------------------- a participant, start to finish


async def take_part(base: str, join_token: str, n: int, roles: list[str], *, example: str = "We asked the group first.") -> Page:
    """Open the join link, join in a role group, score every item with an example, submit: the page
    left open, following the session. `n` spreads people over the role groups and the scores."""
    page = Page(base, "join", f"s={join_token}")
    await page.open()
    page.set("Which group are you in?", "string_value", roles[n % len(roles)])
    await page.press("Join and start scoring")
    if "a=" not in page.query:
        raise RuntimeError(f"person {n} did not reach the score page: {page.texts[-3:]}")
    sliders = [w for w in page.widgets.values() if w.kind == "slider" and w.options]
    boxes = [w for w in page.widgets.values() if w.kind == "text_area"]
    for k, (slider, box) in enumerate(zip(sliders, boxes)):
        page.values[slider.id] = ("string_array_value", [slider.options[1 + (n + k) % (len(slider.options) - 1)]])
        page.values[box.id] = ("string_value", f"{example} ({n}.{k})")
        await page.run(slider.fragment)
    await page.press("Submit")
    if page.showing("You can't submit yet") or not page.showing("Finished on"):
        raise RuntimeError(f"person {n} could not submit: {page.texts[-3:]}")
    page.following = True  # from now on the page follows the session on its fragment's timer, as a browser's does
    return page


async def crowd(base: str, join_token: str, people: int, roles: list[str], *, at_once: int = 8) -> list[Page]:
    """`people` participants taking part, `at_once` at a time (a hall filling up); their pages stay open."""
    if people > MAX_PEOPLE:
        raise ValueError(f"a crowd is at most {MAX_PEOPLE} people")
    gate = asyncio.Semaphore(at_once)

    async def one(n: int) -> Page:
        async with gate:
            return await take_part(base, join_token, n, roles)

    return list(await asyncio.gather(*(one(n) for n in range(people))))


async def open_pages(base: str, path: str, queries: list[str], *, at_once: int = 8) -> list[Page]:
    """Pages opened by address (a follower's page opened again, a bare page), `at_once` at a time."""
    gate = asyncio.Semaphore(at_once)

    async def one(query: str) -> Page:
        async with gate:
            page = Page(base, path, query)
            page.following = True
            await page.open()
            return page

    return list(await asyncio.gather(*(one(q) for q in queries)))
