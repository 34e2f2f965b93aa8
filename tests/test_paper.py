"""Paper: the blank pack read back (pdftotext) and rendered (pdftoppm), for an instrument and for a
session (one copy per participant, with the join code and nothing else that opens anything), and a
paper form's answers entered by the facilitator, counted like anyone else's, under the same rules."""

from __future__ import annotations

import subprocess

import pytest

from coprod.answers import assessment as A
from coprod.files import downloads, paper
from coprod.sessions import disclosure
from coprod.sessions import lifecycle as S
from coprod.sessions import paper as paper_entry
from coprod.storage.interface import format_code
from tests.apptest import LEEDS, LIB, page, session_with
from tests.test_privacy import file_texts, secrets_of

NEF = LIB.get("nef-framework")
STAGES = LIB.get("leeds-four-stages")


def pdf_text(data: bytes, folder) -> str:
    path = folder / "pack.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def squashed(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("instrument", LIB.instruments, ids=lambda i: i.id)
def test_the_blank_pack_holds_instructions_items_descriptors_boxes_lines_prompts_and_next_steps(instrument, tmp_path):
    text = squashed(pdf_text(paper.paper_pack(instrument), tmp_path))
    assert "How to fill it in" in text and squashed(instrument.how_to_use)[:60] in text
    for item in instrument.items:
        assert squashed(item.name) in text
        for band in instrument.scale.bands:
            words = item.descriptors.get(band.id)
            if words:
                assert squashed(words)[:50] in text, (item.id, band.id)
    assert "tick one" in text and squashed(instrument.rules.example_label) in text
    for prompt in instrument.prompts:
        assert squashed(prompt.text)[:40] in text
    assert "Next steps" in text and "Who" in text and "By when" in text
    assert "What are you assessing?" in text  # a form for one person: who and what, to fill in


def tick_boxes(png) -> int:
    """How many empty squares of a tick box's size a rendered page shows (outline dark, inside light)."""
    from PIL import Image

    image = Image.open(png).convert("L")
    width, height = image.size
    dark = [[image.getpixel((x, y)) < 140 for x in range(width)] for y in range(height)]
    side = round(paper.BOX / 25.4 * 100)  # pixels at 100 dpi
    found = 0
    for y in range(height - side - 1):
        row = dark[y]
        x = 0
        while x < width - side - 1:
            if all(row[x:x + side]) and all(dark[y + side - 1][x:x + side]) \
                    and all(dark[y + k][x] and dark[y + k][x + side - 1] for k in range(side)) \
                    and not any(dark[y + k][x + side // 2] for k in range(3, side - 3)):
                found += 1
                x += side
            x += 1
    return found


def test_a_page_of_the_pack_renders_with_tick_boxes(tmp_path):
    (tmp_path / "pack.pdf").write_bytes(paper.paper_pack(NEF))
    subprocess.run(["pdftoppm", "-r", "100", "-png", "-f", "2", "-l", "2", str(tmp_path / "pack.pdf"), str(tmp_path / "page")],
                   check=True)
    png = next(tmp_path.glob("page*.png"))
    assert png.read_bytes().startswith(b"\x89PNG")
    assert tick_boxes(png) >= len(NEF.scale.bands)  # at least one item's row of boxes, one per level


def test_a_session_pack_has_one_copy_per_participant_each_with_the_join_code_and_role_boxes(data_dir, tmp_path):
    store, session, _ = session_with(data_dir, [], instrument=STAGES)
    text = pdf_text(paper.paper_pack(STAGES, session, copies=3), tmp_path)
    pages = text.split("\f")
    code = format_code(session["join_code"])
    starts = [n for n, p in enumerate(pages) if "Join code" in p]
    assert len(starts) == 3 and all(code in pages[n] for n in starts)
    assert all(f"{n} of 3" in squashed(pages[s]) for n, s in zip((1, 2, 3), starts))
    for role in S.DEFAULT_ROLES:
        assert squashed(role) in squashed(text)
    assert "anonymous: do not write your name" in squashed(text)


def test_the_session_pack_carries_the_join_code_and_no_other_secret(data_dir, tmp_path):
    store, session, tokens = session_with(data_dir, [("Staff or professional", 5, "We met the group")] * 2)
    session = store.get(session["token"])
    [forms] = downloads.paper_forms(LEEDS, store, session, 2)
    held = file_texts(forms.make(), tmp_path)
    assert format_code(session["join_code"]) in held
    others = secrets_of(data_dir) - {session["join_code"], format_code(session["join_code"])}
    assert len(others) > 5 and not [s for s in others if s in held]


def test_a_sessions_pack_is_made_again_only_when_what_it_shows_changes(data_dir):
    """The facilitator's page makes the pack when drawn (coprod.ui.files): people joining and
    submitting all through a workshop must not make it again each time."""
    store, session, _ = session_with(data_dir, [("Staff or professional", 5, "We met the group")])
    [before] = downloads.paper_forms(LEEDS, store, store.get(session["token"]), 10)
    S.join(store, LEEDS, session["join_token"], role=S.DEFAULT_ROLES[0])
    [after] = downloads.paper_forms(LEEDS, store, store.get(session["token"]), 10)
    assert after.state == before.state
    assert downloads.paper_forms(LEEDS, store, store.get(session["token"]), 11)[0].state != before.state
    _, named, _ = session_with(data_dir, [], anonymous=False)
    assert paper.pack_source(named)["anonymous"] is False and downloads.paper_forms(LEEDS, store, named, 10)[0].state != before.state


# --------------------------------------------------------------------------- entering paper answers


def paper_answers(instrument, score=2, example="On paper: we asked the group first"):
    return {i.id: score for i in instrument.items}, {i.id: example for i in instrument.items}


def test_paper_answers_count_in_the_reveal_like_any_other(data_dir):
    people = [("Staff or professional", 5, "We met the group")] * 2
    store, session, _ = session_with(data_dir, people, min_group=3)
    scores, examples = paper_answers(LEEDS, 8, "Written on the form: young people chose the venue")
    entered = paper_entry.enter_answers(store, LEEDS, store.get(session["token"]), role="Staff or professional", scores=scores,
                                  examples=examples)
    assert entered["from_paper"] is True and entered["status"] == A.FINISHED and entered["name"] == ""
    session = store.get(session["token"])
    assert paper_entry.from_paper(session) == 1 and session["roster"][entered["token"]]["role"] == "Staff or professional"
    store.update(session["token"], S.reveal)
    session = store.get(session["token"])
    docs, _ = S.participants(store, session)
    shown = disclosure.displayable(LEEDS, session, docs, 1)
    assert shown.submitted == 3 and len(shown.answers) == 3
    assert sorted(a.scores[LEEDS.items[0].id] for a in shown.answers) == [5, 5, 8]
    staff = next(g for g in shown.groups if g.role == "Staff or professional")
    assert staff.n == 3 and staff.shown


def test_a_paper_answer_alone_in_its_role_group_singles_nobody_out(data_dir):
    people = [("Staff or professional", 5, "We met the group")] * 3
    store, session, _ = session_with(data_dir, people, min_group=3)
    scores, examples = paper_answers(LEEDS, 2)
    paper_entry.enter_answers(store, LEEDS, store.get(session["token"]), role="Young person / person using the service",
                        scores=scores, examples=examples)
    store.update(session["token"], S.reveal)
    session = store.get(session["token"])
    docs, _ = S.participants(store, session)
    shown = disclosure.displayable(LEEDS, session, docs, 1)
    # Alone, the young person is counted only; and the staff's medians beside everyone's shapes would
    # tell which shape is theirs, so no group is shown at all (coprod.sessions.disclosure).
    assert dict(shown.partition.composition)["Young person / person using the service"] == 1
    assert shown.groups == () and shown.partition.shown == ()
    assert not [a for a in shown.answers if a.role.startswith("Young person") or a.role.startswith("Staff")]


def test_paper_answers_follow_the_same_rules(data_dir):
    store, session, _ = session_with(data_dir, [])
    session = store.get(session["token"])
    scores, examples = paper_answers(LEEDS)
    first = LEEDS.items[0]
    with pytest.raises(A.BadInput, match=first.name):
        paper_entry.enter_answers(store, LEEDS, session, role="Staff or professional", scores={**scores, first.id: None}, examples=examples)
    with pytest.raises(A.BadInput, match=first.name):  # the source asks for an example with every score
        paper_entry.enter_answers(store, LEEDS, session, role="Staff or professional", scores=scores, examples={**examples, first.id: " "})
    with pytest.raises(A.BadInput):
        paper_entry.enter_answers(store, LEEDS, session, role="Staff or professional", scores={**scores, first.id: 99}, examples=examples)
    with pytest.raises(S.Refused):
        paper_entry.enter_answers(store, LEEDS, session, role="Not a group of this session", scores=scores, examples=examples)
    assert store.get(session["token"])["participants"] == []  # nothing stored by a refusal
    long = paper_entry.enter_answers(store, LEEDS, session, role="Staff or professional", scores=scores,
                               examples={**examples, first.id: "x" * (A.MAX_TEXT + 50)})
    assert len(A.answer(long, "main", first.id)["example"]) == A.MAX_TEXT
    S.close(store, session["token"])
    with pytest.raises(S.Refused):
        paper_entry.enter_answers(store, LEEDS, store.get(session["token"]), role="Staff or professional", scores=scores, examples=examples)


def test_a_named_session_keeps_the_name_written_on_the_form(data_dir):
    store, session, _ = session_with(data_dir, [], anonymous=False)
    scores, examples = paper_answers(LEEDS)
    entered = paper_entry.enter_answers(store, LEEDS, store.get(session["token"]), role="Partner or volunteer", name="Amira",
                                  scores=scores, examples=examples)
    assert entered["name"] == "Amira"


def test_the_facilitator_enters_a_paper_form_on_the_session_page(data_dir):
    store, session, _ = session_with(data_dir, [], instrument=STAGES)
    at = page("app_pages/session.py", f=session["token"])
    at.radio(key="paper-role-0").set_value("Partner or volunteer")
    for item in STAGES.items:
        at.radio(key=f"paper-score-0-{item.id}").set_value(STAGES.scale.level(2))
        at.text_area(key=f"paper-example-0-{item.id}").input(f"From the paper form: {item.name}")
    next(b for b in at.button if b.label == "Enter these answers").click().run()
    assert not at.exception
    assert any("Entered as paper form 1, marked as from paper. Write 1 on the form" in s.value for s in at.success)
    session = store.get(session["token"])
    [token] = session["participants"]
    assert session["roster"][token] == {"role": "Partner or volunteer", "name": "", "submitted": 1, "paper": True}
    assert store.get(token)["from_paper"] and at.text_area(key=f"paper-example-1-{STAGES.items[0].id}").value == ""


def test_an_incomplete_paper_form_is_refused_on_the_page_and_keeps_what_was_typed(data_dir):
    store, session, _ = session_with(data_dir, [], instrument=STAGES)
    at = page("app_pages/session.py", f=session["token"])
    first = STAGES.items[0]
    at.text_area(key=f"paper-example-0-{first.id}").input("Typed from the form")
    next(b for b in at.button if b.label == "Enter these answers").click().run()
    assert any("Not entered" in e.value and first.name in e.value for e in at.error)
    assert at.text_area(key=f"paper-example-0-{first.id}").value == "Typed from the form"
    assert store.get(session["token"])["participants"] == []


def test_a_paper_form_re_scored_in_round_two_is_the_same_person(data_dir):
    """Round 2 on paper: the facilitator enters the form under the number it got in round 1, so the
    person is compared with their own first answers instead of counting as someone new."""
    store, session, _ = session_with(data_dir, [("Staff or professional", 5, "We met the group")] * 3)
    scores, examples = paper_answers(LEEDS, 2)
    first = paper_entry.enter_answers(store, LEEDS, store.get(session["token"]), role="Partner or volunteer", scores=scores,
                                examples=examples)
    with pytest.raises(S.Refused, match="in already"):  # round 1 of form 1 cannot be entered twice
        paper_entry.enter_answers(store, LEEDS, store.get(session["token"]), scores=scores, examples=examples, form=1)
    store.update(session["token"], S.reveal)
    S.start_second_round(store, session["token"])
    assert paper_entry.waiting_forms(store.get(session["token"])) == [1]
    with pytest.raises(S.Refused, match="no paper form 2"):
        paper_entry.enter_answers(store, LEEDS, store.get(session["token"]), scores=scores, examples=examples, form=2)
    again = paper_entry.enter_answers(store, LEEDS, store.get(session["token"]), scores=paper_answers(LEEDS, 7)[0],
                                examples=examples, form=1)
    session = store.get(session["token"])
    assert again["token"] == first["token"] and len(session["participants"]) == 4
    assert session["roster"][first["token"]] == {"role": "Partner or volunteer", "name": "", "submitted": 2, "paper": True}
    assert paper_entry.waiting_forms(session) == []
    assert A.answer(store.get(first["token"]), "main", LEEDS.items[0].id)["score"] == 7
    assert store.get(first["token"])["rounds"]["1"][LEEDS.items[0].id]["score"] == 2  # round 1 kept as it was


def test_the_session_page_offers_round_two_of_an_earlier_paper_form(data_dir):
    store, session, _ = session_with(data_dir, [("Staff or professional", 2, "We met the group")] * 3, instrument=STAGES)
    scores, examples = paper_answers(STAGES)
    first = paper_entry.enter_answers(store, STAGES, store.get(session["token"]), role="Partner or volunteer", scores=scores,
                                examples=examples)
    store.update(session["token"], S.reveal)
    S.start_second_round(store, session["token"])
    at = page("app_pages/session.py", f=session["token"])
    whose = at.radio(key="paper-whose-0")
    assert whose.options == ["Someone new", "Paper form 1"]
    whose.set_value("Paper form 1").run()
    assert not [r for r in at.radio if r.key == "paper-role-0"]  # the role group is the one given in round 1
    for item in STAGES.items:
        at.radio(key=f"paper-score-0-{item.id}").set_value(STAGES.scale.level(3))
        at.text_area(key=f"paper-example-0-{item.id}").input(f"Round 2 on paper: {item.name}")
    next(b for b in at.button if b.label == "Enter these answers").click().run()
    assert not at.exception and any("Entered as paper form 1" in s.value for s in at.success)
    session = store.get(session["token"])
    assert session["participants"].count(first["token"]) == 1 and len(session["participants"]) == 4
    assert session["roster"][first["token"]]["submitted"] == 2
    assert not [r for r in at.radio if r.key == "paper-whose-1"]  # every paper form is in for round 2
