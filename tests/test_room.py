"""Running the room (issue 26): a round that reveals itself when everyone is in, who is still
scoring, people who watch only, examples held back from the room, and the timer. AppTest over the
facilitator's page, participants' and observers' pages and the wall, and the files."""

from __future__ import annotations

import io
import json
import time

import pytest
from openpyxl import load_workbook

from coprod.answers import assessment as A
from coprod.common.text import unescape_markdown
from coprod.files import downloads
from coprod.sessions import disclosure, retention, room
from coprod.sessions import lifecycle as S
from coprod.storage.interface import NotFound
from tests.apptest import LEEDS, chart_rows, everything_shown, html_blocks, page, param, session_with, submit
from tests.test_attacker import pdf_lines

STAFF, YOUNG = S.DEFAULT_ROLES[1], S.DEFAULT_ROLES[0]


def texts(at) -> str:
    return unescape_markdown(everything_shown(at))


def joined(data_dir, n: int, *, anonymous: bool = True, min_group: int = 3, **options):
    """A session with `n` people joined (staff), none submitted yet, opened with `options`."""
    store, session, tokens = session_with(data_dir, [(STAFF, None, "")] * n, anonymous=anonymous, min_group=min_group)
    session = store.update(session["token"], lambda s: s.update(options))
    return store, session, tokens


def every_file(store, session_token: str, folder) -> str:
    """The team PDF's text, the CSV and every cell of the XLSX."""
    out = []
    for file in downloads.of_session(LEEDS, store, store.get(session_token)):
        data = file.make()
        if file.key == "team-pdf":
            out += pdf_lines(data, folder)
        elif file.key == "team-csv":
            out.append(data.decode("utf-8-sig"))
        else:
            book = load_workbook(io.BytesIO(data))
            out += [str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row if v is not None]
    return "\n".join(out)


# --------------------------------------------------------------------------- reveal when everyone is in


def test_a_session_set_to_reveal_itself_does_so_on_the_fifth_answer_not_before(data_dir):
    store, session, tokens = joined(data_dir, 5, auto_reveal=True)
    room.watch_only(store, session["join_token"])  # watching: nobody waits for them
    twin, twin_session, twin_tokens = joined(data_dir / "twin", 5)
    for n, (token, other) in enumerate(zip(tokens, twin_tokens)):
        at = page("app_pages/session.py", f=session["token"])
        assert "Set to reveal by itself once everyone who joined has submitted (at least 3)" in texts(at)
        assert at.button(key="reveal").label == "Reveal to everyone"  # it can still be revealed early
        submit(store, token, 2 + n, f"ANSWER-{n}")
        submit(twin, other, 2 + n, f"ANSWER-{n}")
        assert store.get(session["token"])["revealed"] == ([1] if n == 4 else []), n
    now = store.get(session["token"])
    twin.update(twin_session["token"], S.reveal)  # the button, at the same moment
    pressed = twin.get(twin_session["token"])
    assert now["shown_in"]["1"] and len(now["shown_in"]["1"]) == 5 == len(pressed["shown_in"]["1"])
    assert now["sealed"]["composition"] == pressed["sealed"]["composition"] == {STAFF: 5}
    assert disclosure.joins_closed(now)
    with pytest.raises(S.Refused, match="nobody new can join"):
        S.join(store, LEEDS, session["join_token"], role=STAFF)
    facilitator = page("app_pages/session.py", f=session["token"])
    shown = texts(facilitator)
    assert "This round revealed itself when everyone who joined had submitted." in shown and "What everyone said" in shown
    assert "ANSWER-0" in shown and "ANSWER-4" in shown
    assert "What everyone said" in texts(page("app_pages/score.py", a=tokens[0]))  # every device follows


def test_it_never_reveals_itself_before_the_smallest_group_size_nor_when_not_asked(data_dir):
    store, session, tokens = joined(data_dir, 2, auto_reveal=True, min_group=3)
    for n, token in enumerate(tokens):
        submit(store, token, 5, f"We asked the group first ({n}).")
    assert store.get(session["token"])["revealed"] == []  # everyone is in, but two are fewer than three
    plain, other, others = joined(data_dir / "plain", 3)
    for token in others:
        submit(plain, token, 5, "We asked the group what they wanted first.")
    assert plain.get(other["token"])["revealed"] == []  # off unless asked for


def test_it_reveals_itself_when_the_last_person_missing_withdraws_and_again_in_round_two(data_dir):
    store, session, tokens = joined(data_dir, 4, auto_reveal=True)
    for token in tokens[:3]:
        submit(store, token, 5, "We asked the group what they wanted first.")
    assert store.get(session["token"])["revealed"] == []
    retention.withdraw(store, tokens[3])
    assert store.get(session["token"])["revealed"] == [1]
    S.start_second_round(store, session["token"])
    for n, token in enumerate(tokens[:3]):
        assert store.get(session["token"])["revealed"] == [1], n
        submit(store, token, 6, "We asked the group what they wanted first.")
    assert store.get(session["token"])["revealed"] == [1, 2]


def test_a_moderated_session_reveals_itself_only_once_the_facilitator_has_read_every_example(data_dir):
    store, session, tokens = joined(data_dir, 3, auto_reveal=True, moderate=True)
    submit(store, tokens[0], 5, "We asked the group what they wanted first.")
    at = page("app_pages/session.py", f=session["token"])
    assert "and you have read their examples" in texts(at)
    at.button(key="examples-read").click().run()  # read so far: one person's
    for token in tokens[1:]:
        submit(store, token, 6, "NAMES-SOMEONE the last one in names a person")
    assert store.get(session["token"])["revealed"] == []  # everyone is in, but the last examples are unread
    at = page("app_pages/session.py", f=session["token"])
    assert "NAMES-SOMEONE the last one in names a person" in texts(at)
    key = next(b.key for b in at.button if b.key.startswith("hold-"))
    at.button(key=key).click().run()
    assert store.get(session["token"])["revealed"] == []
    at = page("app_pages/session.py", f=session["token"])
    at.button(key="examples-read").click().run()
    assert not at.exception and store.get(session["token"])["revealed"] == [1]
    assert "This round revealed itself when everyone who joined had submitted." in texts(at)


def test_a_round_revealed_too_early_reveals_itself_once_everyone_is_in(data_dir):
    store, session, tokens = joined(data_dir, 3, auto_reveal=True)
    submit(store, tokens[0], 5, "We asked the group what they wanted first.")
    store.update(session["token"], S.reveal)  # the button, with one answer in: counts only
    assert disclosure.counts_only(store.get(session["token"]), 1)
    for token in tokens[1:]:
        submit(store, token, 5, "We asked the group what they wanted first.")
    now = store.get(session["token"])
    assert not disclosure.counts_only(now, 1) and len(now["shown_in"]["1"]) == 3


# --------------------------------------------------------------------------- who is missing


def test_who_is_missing_in_a_named_session_names_and_on_the_wall_counts(data_dir):
    store, session, tokens = session_with(data_dir, [(STAFF, 5, "We asked the group what they wanted first."), (STAFF, 5, "We asked the group what they wanted first."), (YOUNG, None, ""), (STAFF, None, "")],
                                          anonymous=False)
    at = page("app_pages/session.py", f=session["token"])
    captions = [unescape_markdown(c.value) for c in at.caption]
    waiting = next(c for c in captions if c.startswith("Still scoring: "))
    assert set(waiting.removeprefix("Still scoring: ").split(", ")) == {"Person2", "Person3"}  # in no order of joining
    assert not [c for c in captions if YOUNG in c]  # no role beside a name
    wall = page("app_pages/projector.py", f=session["token"])
    assert "4 joined · 2 submitted · 2 still scoring" in texts(wall) and "Person2" not in texts(wall)


def test_who_is_missing_in_an_anonymous_session_is_a_count_never_a_role(data_dir):
    store, session, tokens = session_with(data_dir, [(STAFF, 5, "We asked the group what they wanted first."), (STAFF, 5, "We asked the group what they wanted first."), (STAFF, 5, "We asked the group what they wanted first."), (YOUNG, None, "")])
    now = disclosure.status(store.get(session["token"]))
    assert now.missing == 1 and now.people == ()
    at = page("app_pages/session.py", f=session["token"])
    captions = [unescape_markdown(c.value) for c in at.caption]
    assert "Still scoring: 1" in captions
    assert not [c for c in captions if "Still scoring" in c and (YOUNG in c or "Person" in c)]
    joined_table = next(t for t in at.table if "Joined" in t.value.columns).value  # joined per group, never missing per group
    assert list(joined_table.columns) == ["Role group", "Joined"]
    store.update(session["token"], S.reveal)
    after = disclosure.status(store.get(session["token"]))
    assert after.by_role == () and after.missing == 1  # after the reveal: no role group's count at all


# --------------------------------------------------------------------------- observers


def test_an_observer_joins_from_the_join_page_watches_and_is_counted_in_no_figure(data_dir, tmp_path):
    store, session, tokens = session_with(data_dir, [(STAFF, 2 + n, f"SEEN-{n}") for n in range(3)] + [(YOUNG, None, "")],
                                          anonymous=False)
    join = page("app_pages/join.py", s=session["join_token"])
    assert "Watch only, without scoring (for a manager or a visitor)" in [e.label for e in join.expander]
    join.text_input(key="watch-name").input("Ms Manager")
    join.button(key="FormSubmitter:watch-Watch only").click().run()
    assert not join.exception
    observer = param(join, "o")
    assert store.get(observer)["kind"] == room.OBSERVER and "code" not in store.get(observer)
    watching = page("app_pages/watch.py", o=observer)
    assert not watching.exception and "You are watching the team session" in texts(watching) and "SEEN" not in texts(watching)

    before = disclosure.status(store.get(session["token"]))
    assert (before.joined, before.submitted, before.missing, before.observers, before.observer_names) == (4, 3, 1, 1, ("Ms Manager",))
    facilitator = page("app_pages/session.py", f=session["token"])
    assert "Submitted: 3 of 4 joined" in texts(facilitator)
    assert "Watching, not scoring: Ms Manager. Nobody watching is counted in any figure." in texts(facilitator)
    assert "Ms Manager" not in "".join(texts(page("app_pages/projector.py", f=session["token"])))
    assert "4 joined · 3 submitted · 1 still scoring" in texts(page("app_pages/projector.py", f=session["token"]))

    store.update(session["token"], S.reveal)
    shown = disclosure.displayable(LEEDS, store.get(session["token"]), S.participants(store, store.get(session["token"]))[0])
    assert shown.submitted == 3 and len(shown.answers) == 3 and "Ms Manager" not in json.dumps([a.person for a in shown.answers])
    assert "Ms Manager" not in every_file(store, session["token"], tmp_path)
    assert "Taking part: Young person / person using the service: 1 person; Staff or professional: 3 people;" in \
        texts(page("app_pages/session.py", f=session["token"]))  # the observer is in no head count
    watching = page("app_pages/watch.py", o=observer)
    assert not watching.exception
    assert "What everyone said" in texts(watching) and "SEEN-0" in texts(watching) and "SEEN-2" in texts(watching)
    assert not [b for b in watching.button if b.key == "finish"]
    with pytest.raises(S.Refused, match="nobody new can join"):
        room.watch_only(store, session["join_token"], name="Too late")
    assert param(page("app_pages/score.py", a=observer), "o") == observer  # their link opens only their own page


def test_an_anonymous_sessions_observer_gives_no_name_and_can_stop_watching(data_dir):
    store, session, _ = session_with(data_dir, [(STAFF, None, "")])
    join = page("app_pages/join.py", s=session["join_token"])
    assert not [t for t in join.text_input if t.key == "watch-name"]
    observer = room.watch_only(store, session["join_token"], name="Should not be kept")
    assert store.get(observer["token"])["name"] == "" and "Should not be kept" not in json.dumps(store.get(session["token"]))
    assert "Watching, not scoring: 1." in texts(page("app_pages/session.py", f=session["token"]))
    at = page("app_pages/watch.py", o=observer["token"])
    at.button(key="stop-watching").click().run()
    assert not at.exception
    with pytest.raises(NotFound):
        store.get(observer["token"])
    assert disclosure.status(store.get(session["token"])).observers == 0


def test_deleting_a_session_deletes_its_observers_links(data_dir):
    store, session, _ = session_with(data_dir, [(STAFF, None, "")])
    observer = room.watch_only(store, session["join_token"])
    retention.delete_session(store, session["token"])
    with pytest.raises(NotFound):
        store.get(observer["token"])
    at = page("app_pages/watch.py", o=observer["token"])
    assert not at.exception and "Nothing to watch at this link" in [t.value for t in at.title]


# --------------------------------------------------------------------------- holding an example back


NAMES_SOMEONE = "HELD-9Z Mr Jones at the centre shouts at us"


def test_a_held_back_example_is_in_no_page_chart_wall_or_file_but_on_the_facilitators_list(data_dir, tmp_path):
    people = [(STAFF, 2, NAMES_SOMEONE), (STAFF, 8, "KEPT-A we plan it together"), (STAFF, 9, "KEPT-B they chair it"),
              (YOUNG, 2, "KEPT-C we were asked")]
    store, session, tokens = session_with(data_dir, people, anonymous=False)
    observer = room.watch_only(store, session["join_token"], name="Visitor")["token"]
    plain = page("app_pages/session.py", f=session["token"])
    assert "Examples before the reveal" not in texts(plain) and NAMES_SOMEONE not in texts(plain)  # not moderated: nothing early

    store.update(session["token"], lambda s: s.update(moderate=True))
    assert "The facilitator reads the examples first." in texts(page("app_pages/join.py", s=session["join_token"]))
    facilitator = page("app_pages/session.py", f=session["token"])
    shown = texts(facilitator)
    assert "Examples before the reveal" in shown and NAMES_SOMEONE in shown and "KEPT-A" in shown
    assert "Person0" not in [c.value for c in facilitator.caption if "HELD" in c.value]
    holds = [b for b in facilitator.button if b.key.startswith("hold-")]
    assert len(holds) == len(people) * len(LEEDS.items)
    for item in LEEDS.items:  # hold it back wherever it was written
        at = page("app_pages/session.py", f=session["token"])
        button = next(b for b in at.button if b.key.startswith("hold-") and _beside(at, b) == NAMES_SOMEONE)
        button.click().run()
        assert not at.exception
    assert disclosure.kept_back(store.get(session["token"]), tokens[0]) == tuple(item.id for item in LEEDS.items)

    store.update(session["token"], S.reveal)
    facilitator = page("app_pages/session.py", f=session["token"])
    shown = texts(facilitator)
    assert "Held back from the room" in shown and NAMES_SOMEONE in shown
    assert "Consent for photos, films and quotes" in [e.label for e in facilitator.expander]
    assert [t.value for t in facilitator.text].count(NAMES_SOMEONE) == len(LEEDS.items)  # the list held back, only
    talk = " ".join(html_blocks(facilitator))  # the items to talk about, with what people wrote at each end
    assert "HELD-9Z" not in talk and "KEPT-C" in talk
    assert not [t for t in facilitator.table if "HELD-9Z" in t.value.to_csv()]
    assert not [r for r in chart_rows(facilitator) if "HELD-9Z" in json.dumps(r)]
    for at in (page("app_pages/score.py", a=tokens[1]), page("app_pages/watch.py", o=observer)):
        assert "KEPT-B" in texts(at) and "HELD-9Z" not in texts(at) and not [r for r in chart_rows(at) if "HELD-9Z" in json.dumps(r)]
    wall = page("app_pages/projector.py", f=session["token"])
    while True:
        assert "HELD-9Z" not in texts(wall)
        if wall.button(key="projector-next").disabled:
            break
        wall.button(key="projector-next").click().run()
    assert "HELD-9Z" not in every_file(store, session["token"], tmp_path) and "KEPT-A" in every_file(store, session["token"], tmp_path)

    own = page("app_pages/score.py", a=tokens[0])
    said = " ".join(unescape_markdown(e.value) for e in own.info)
    assert "The facilitator kept your example for Assets; Abilities" in said and "It is not deleted" in said
    assert NAMES_SOMEONE in texts(own)  # their own answers keep it
    assert store.get(tokens[0])["answers"]["main"]["assets"]["example"] == NAMES_SOMEONE
    assert not [b for b in facilitator.button if b.key.startswith("return-")]  # shown now: held stays held


def _beside(at, button) -> str:
    """The example text drawn just before a hold button (the list draws the text, then its button)."""
    flat = list(_walk(at.main))
    index = next(n for n, e in enumerate(flat) if getattr(e, "key", None) == button.key)
    return next(str(e.value) for e in reversed(flat[:index]) if type(e).__name__ == "Text")


def _walk(block):
    for child in getattr(block, "children", {}).values():
        yield child
        yield from _walk(child)


def test_a_hold_can_be_undone_before_the_reveal_and_follows_the_same_text_into_round_two(data_dir):
    store, session, tokens = session_with(data_dir, [(STAFF, 2 + n, f"EX-{n}") for n in range(3)])
    store.update(session["token"], lambda s: s.update(moderate=True))
    docs = S.participants(store, store.get(session["token"]))[0]
    first = next(e for e in disclosure.moderation(LEEDS, store.get(session["token"]), docs) if e.text == "EX-0")
    room.hold_back(store, LEEDS, session["token"], first.key)
    assert [e.held for e in disclosure.moderation(LEEDS, store.get(session["token"]), docs) if e.key == first.key] == [True]
    room.put_back(store, LEEDS, session["token"], first.key)
    assert disclosure.kept_back(store.get(session["token"]), tokens[0]) == ()
    room.hold_back(store, LEEDS, session["token"], first.key)
    store.update(session["token"], S.reveal)
    with pytest.raises(S.Refused):
        room.put_back(store, LEEDS, session["token"], first.key)
    S.start_second_round(store, session["token"])
    for n, token in enumerate(tokens):
        S.submit(store, LEEDS, token)  # the same answers again
    store.update(session["token"], S.reveal)
    rounds = disclosure.session_rounds(LEEDS, store.get(session["token"]), S.participants(store, store.get(session["token"]))[0])
    assert all(a.examples[first.item] != "EX-0" for r in rounds for a in r.answers)
    assert any(a.examples.get("abilities") == "EX-0" for a in rounds[1].answers)  # only the item held back


# --------------------------------------------------------------------------- the timer


def test_the_timer_is_on_every_page_says_when_time_is_up_and_reveals_nothing(data_dir):
    store, session, tokens = session_with(data_dir, [(STAFF, 5, "We asked the group what they wanted first."), (STAFF, 5, "We asked the group what they wanted first."), (STAFF, None, "")])
    observer = room.watch_only(store, session["join_token"])["token"]
    facilitator = page("app_pages/session.py", f=session["token"])
    facilitator.number_input(key="timer-minutes").set_value(10)
    facilitator.button(key="timer-start").click().run()
    assert not facilitator.exception
    pages = {"facilitator": ("app_pages/session.py", {"f": session["token"]}), "participant": ("app_pages/score.py", {"a": tokens[2]}),
             "observer": ("app_pages/watch.py", {"o": observer}), "wall": ("app_pages/projector.py", {"f": session["token"]})}
    for name, (path, params) in pages.items():
        said = texts(page(path, **params))
        assert "Timer (10 min): 10 minutes left to score." in said or "Timer (10 min): 9 minutes left to score." in said, name
    store.update(session["token"], lambda s: s["timer"].update(ends=time.time() + 30))
    assert "Less than a minute left to score." in texts(page("app_pages/score.py", a=tokens[2]))
    store.update(session["token"], lambda s: s["timer"].update(ends=time.time() - 1))  # the clock, driven: time is up
    for name, (path, params) in pages.items():
        at = page(path, **params)
        assert "Time is up." in " ".join(unescape_markdown(w.value) for w in at.warning), name
    assert "Finish what you are writing and press Submit." in texts(page("app_pages/score.py", a=tokens[2]))
    now = store.get(session["token"])
    assert now["revealed"] == [] and "SECRET" not in texts(page("app_pages/score.py", a=tokens[2]))  # nothing by itself
    store.update(session["token"], S.reveal)  # two answers of three: counts only, the timer goes on
    assert disclosure.timer(store.get(session["token"])) is not None
    submit(store, tokens[2], 6, "We asked the group what they wanted first.")
    store.update(session["token"], S.reveal)
    assert disclosure.timer(store.get(session["token"])) is None
    assert "Time is up." not in texts(page("app_pages/score.py", a=tokens[2]))


def test_the_timer_takes_one_to_a_hundred_and_twenty_minutes_and_stops(data_dir):
    session = {"round": 1, "revealed": []}
    with pytest.raises(A.BadInput):
        room.start_timer(session, 0)
    with pytest.raises(A.BadInput):
        room.start_timer(session, 121)
    room.start_timer(session, 5, now=1000.0)
    assert disclosure.timer(session) == disclosure.Timer(5, 1300.0)
    room.stop_timer(session)
    assert disclosure.timer(session) is None
    store, stored, tokens = session_with(data_dir, [(STAFF, None, "")])
    store.update(stored["token"], lambda s: room.start_timer(s, 3))
    at = page("app_pages/session.py", f=stored["token"])
    at.button(key="timer-stop").click().run()
    assert disclosure.timer(store.get(stored["token"])) is None
