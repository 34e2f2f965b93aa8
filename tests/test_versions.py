"""Personalised versions: the editor's round trip, validation field by field, history never
rewritten, versions used alone, in sessions and in review rounds, and the editor's page."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from coprod.answers import assessment as A
from coprod.answers import rounds
from coprod.files import exchange
from coprod.files import report as reports
from coprod.library import versions
from coprod.sessions import disclosure
from coprod.sessions import lifecycle as S
from coprod.storage.memory import MemoryStore
from coprod.storage.tinydb import TinyDBStore
from tests.apptest import LIB, html_blocks, page, param
from tests.conftest import ROOT

NEF = LIB.get("nef-framework")
LEEDS = LIB.get("leeds-six-principles")


def new_version(store, instrument=NEF) -> dict:
    return versions.create(store, versions.copy_of(instrument, versions.text_of(store, instrument)))


def finished_on_a_version(store, title: str, score: int, example: str) -> tuple[dict, object, dict]:
    """(the version's document, its saved version 1, a stored assessment finished on it with `score`
    and "`example`: item name" on every item), the version edited as a youth service would."""
    doc = new_version(store)
    versions.edit(store, doc["token"], youth_service_edits)
    instrument = versions.snapshot(store, versions.save(store, doc["token"], LIB)["snapshot"])
    scored = A.new_assessment(instrument, title=title, perspectives=["you"])
    for item in instrument.items:
        A.set_score(instrument, scored, "you", item.id, score)
        A.set_example(instrument, scored, "you", item.id, f"{example}{item.name}")
    A.finish(instrument, scored)
    return doc, instrument, store.create(scored)


def youth_service_edits(draft: dict) -> None:
    """What a youth service changes: its title, an element's name, a descriptor, its own examples,
    an item removed and one added, its own next steps."""
    versions.set_field(draft, ["title"], "Co-production check — Riverside Youth Service")
    versions.set_field(draft, ["item", "assets", "name"], "Young people's strengths")
    versions.set_field(draft, ["item", "assets", "descriptor", "basic"], "Youth workers notice what young people are good at.")
    versions.add_example(draft, "assets")
    versions.set_field(draft, ["item", "assets", "example", "0", "text"], "Jo ran the Friday music night.")
    versions.set_field(draft, ["item", "assets", "next_steps"], "Ask each young person what they could teach\n\nKeep a skills board")
    versions.remove_item(draft, "catalysts")
    new = versions.add_item(draft)
    versions.set_field(draft, ["item", new, "name"], "Safe spaces")
    for band in NEF.scale.bands:
        versions.set_field(draft, ["item", new, "descriptor", band.id], f"Safe spaces: {band.name.lower()}")
    versions.set_field(draft, ["general_next_steps"], "Share the results at the youth forum")


def test_a_copy_has_its_own_id_records_its_origin_and_keeps_the_source():
    draft = versions.copy_of(NEF, versions.text_of(MemoryStore(), NEF))
    assert draft["id"] != NEF.id and re.fullmatch(r"nef-framework-own-[0-9a-f]{6}", draft["id"])
    assert draft["title"] != NEF.title
    assert draft["adapted_from"] == {"id": NEF.id, "title": NEF.title, "fingerprint": NEF.fingerprint}
    assert draft["source"]["publisher"] == NEF.source.publisher and draft["source"]["title"] == NEF.source.title
    assert versions.check(draft, LIB) == ()


def test_edit_save_reload_download_upload_gives_the_same_version():
    store = MemoryStore()
    doc = new_version(store)
    versions.edit(store, doc["token"], youth_service_edits)
    saved = versions.save(store, doc["token"], LIB)
    assert saved["number"] == 1
    reloaded = versions.snapshot(store, saved["snapshot"])
    assert reloaded.version == 1 and reloaded.adapted_from.id == NEF.id
    assert reloaded.title == "Co-production check — Riverside Youth Service"
    assert reloaded.item("assets").name == "Young people's strengths"
    assert reloaded.item("assets").descriptors["basic"] == "Youth workers notice what young people are good at."
    assert reloaded.item("assets").examples[0].text == "Jo ran the Friday music night."
    assert reloaded.item("assets").next_steps == ("Ask each young person what they could teach", "Keep a skills board")
    assert "catalysts" not in [i.id for i in reloaded.items] and reloaded.items[-1].name == "Safe spaces"
    assert reloaded.general_next_steps == ("Share the results at the youth forum",)
    assert reloaded.source == NEF.source

    downloaded = store.get(saved["snapshot"])["text"].encode("utf-8")  # what "Download as TOML" hands out
    uploaded = versions.upload(store, downloaded, LIB)
    again = versions.snapshot(store, versions.latest(uploaded)["snapshot"])
    assert uploaded["token"] != doc["token"]
    assert (again.id, again.version, again.fingerprint) == (reloaded.id, reloaded.version, reloaded.fingerprint)
    assert again.items == reloaded.items and again.title == reloaded.title

    second = versions.save(store, uploaded["token"], LIB)  # the next save of the upload is version 2
    assert second["number"] == 2


def test_the_downloaded_file_passes_the_command_line_validator(tmp_path):
    store = MemoryStore()
    doc = new_version(store)
    versions.edit(store, doc["token"], youth_service_edits)
    saved = versions.save(store, doc["token"], LIB)
    path = tmp_path / "ours.toml"
    path.write_text(store.get(saved["snapshot"])["text"], encoding="utf-8")
    run = subprocess.run([str(ROOT / ".venv/bin/python"), "-m", "coprod", "validate", str(path)], cwd=ROOT,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


@pytest.mark.parametrize("edit, field, words", [
    (lambda d: versions.set_field(d, ["title"], "  "), "title", "is empty"),
    (lambda d: versions.set_field(d, ["item", "assets", "descriptor", "basic"], ""), "items.assets.descriptors.basic",
     "expected the descriptor text"),
    (lambda d: versions.set_field(d, ["item", "assets", "name"], ""), "items[0].name", "is empty"),
    (lambda d: versions.set_field(d, ["band", "1", "min"], 3), "scale.bands.basic", "min 3 is above max 2"),
    (lambda d: versions.set_field(d, ["scale", "max"], 6), "scale.bands", "must reach the scale's max 6"),
    (lambda d: d.update(id="nef-framework"), "id", "built-in instrument's id"),
    (lambda d: d.update(title=NEF.title), "title", "title of a built-in instrument"),
    (lambda d: d.update(items=[]), "items", "at least one item"),
])
def test_an_invalid_edit_is_refused_naming_the_field(edit, field, words):
    store = MemoryStore()
    doc = new_version(store)
    versions.edit(store, doc["token"], edit)
    with pytest.raises(versions.Invalid) as refused:
        versions.save(store, doc["token"], LIB)
    assert any(p.field == field and words in p.message for p in refused.value.problems), refused.value.problems
    assert versions.load(store, doc["token"])["versions"] == []  # nothing saved


def test_an_upload_that_is_not_a_valid_instrument_is_refused_with_the_reason():
    store = MemoryStore()
    for raw, words in [(b"\xff\xfe", "not text"), (b"title = ", "not valid TOML"), (b'title = "x"\n', "missing"),
                       (NEF.path and Path(NEF.path).read_bytes(), "built-in instrument's id")]:
        with pytest.raises(versions.Invalid) as refused:
            versions.upload(store, raw, LIB)
        assert words in str(refused.value)


def test_an_assessment_keeps_its_wording_and_pdf_after_the_version_is_edited(tmp_path):
    store = TinyDBStore(tmp_path / "data")
    doc, first, scored = finished_on_a_version(store, "Youth club", 2, "Our example for ")
    before = reports.pdf_report(versions.instrument_for(store, LIB, scored), scored)

    versions.edit(store, doc["token"], lambda d: versions.set_field(d, ["item", "assets", "name"], "Renamed later"))
    versions.edit(store, doc["token"], lambda d: versions.set_field(d, ["item", "assets", "descriptor", "basic"], "Changed later."))
    second = versions.snapshot(store, versions.save(store, doc["token"], LIB)["snapshot"])
    assert second.item("assets").name == "Renamed later" and second.version == 2

    kept = versions.instrument_for(store, LIB, store.get(scored["token"]))
    assert kept.item("assets").name == "Young people's strengths" and kept.version == 1
    assert kept.item("assets").descriptors["basic"] == "Youth workers notice what young people are good at."
    after = reports.pdf_report(kept, store.get(scored["token"]))
    (tmp_path / "before.pdf").write_bytes(before)
    (tmp_path / "after.pdf").write_bytes(after)
    texts = [subprocess.run(["pdftotext", str(tmp_path / f"{n}.pdf"), "-"], capture_output=True, text=True).stdout
             for n in ("before", "after")]
    assert texts[0] == texts[1] and "Young people's strengths" in texts[1] and "Renamed later" not in texts[1]


def test_a_snapshot_is_never_changed_by_saving_again():
    store = MemoryStore()
    doc = new_version(store)
    first = versions.save(store, doc["token"], LIB)
    text = store.get(first["snapshot"])["text"]
    versions.edit(store, doc["token"], lambda d: versions.set_field(d, ["title"], "Another title"))
    versions.save(store, doc["token"], LIB)
    assert store.get(first["snapshot"])["text"] == text
    assert [v["number"] for v in versions.load(store, doc["token"])["versions"]] == [1, 2]


def test_a_version_runs_a_whole_team_session_and_an_edit_leaves_its_results_alone():
    store = MemoryStore()
    doc = new_version(store)
    versions.edit(store, doc["token"], youth_service_edits)
    ours = versions.snapshot(store, versions.save(store, doc["token"], LIB)["snapshot"])
    session = S.open_session(store, S.new_session(ours, title="Youth forum", anonymous=True, roles=["Young person", "Staff"],
                                                  min_group=2, perspective="you"))
    assert versions.instrument_for(store, LIB, session) == ours
    for n, role in enumerate(["Young person", "Young person", "Staff", "Staff"]):
        joined = S.join(store, versions.instrument_for(store, LIB, store.get(session["token"])), session["join_token"], role=role)
        assert joined["instrument_snapshot"] == ours.snapshot
        for item in ours.items:
            store.update(joined["token"], lambda d, i=item, n=n: (A.set_score(ours, d, "you", i.id, 1 + n % 4),
                                                                  A.set_example(ours, d, "you", i.id, f"Person {n} on {i.name}")))
        S.submit(store, ours, joined["token"])
    store.update(session["token"], S.reveal)
    session = store.get(session["token"])
    docs, _ = S.participants(store, session)
    shown = disclosure.displayable(ours, session, docs, 1)
    assert len(shown.answers) == 4 and {item.id for item in ours.items} >= set(shown.answers[0].scores)

    versions.edit(store, doc["token"], lambda d: versions.remove_item(d, "assets"))
    versions.save(store, doc["token"], LIB)
    again = versions.instrument_for(store, LIB, store.get(session["token"]))
    assert again == ours and "assets" in [i.id for i in again.items]
    assert disclosure.displayable(again, session, docs, 1).fingerprint == shown.fingerprint


def test_rounds_on_different_versions_say_so_and_the_same_version_says_nothing():
    store = MemoryStore()
    doc = new_version(store, LEEDS)
    v1 = versions.snapshot(store, versions.save(store, doc["token"], LIB)["snapshot"])
    versions.edit(store, doc["token"], lambda d: versions.set_field(d, ["item", d["items"][0]["id"], "name"], "Our first principle"))
    v2 = versions.snapshot(store, versions.save(store, doc["token"], LIB)["snapshot"])

    def finished(instrument, previous=None):
        d = rounds.new_round(instrument, previous) if previous else A.new_assessment(instrument, title="Walk")
        for item in instrument.items:
            A.set_score(instrument, d, "main", item.id, 5)
            A.set_example(instrument, d, "main", item.id, "The walkers chose the route")
        A.finish(instrument, d)
        return store.create(d)

    first = finished(v1)
    same = finished(v1, first)
    moved = finished(v2, first)
    assert same["instrument_snapshot"] == v1.snapshot and versions.rounds_note([first, same]) == ""
    assert moved["instrument_snapshot"] == v2.snapshot and moved["instrument_version"] == v2.fingerprint
    note = versions.rounds_note([first, moved])
    assert "different versions" in note and "round 1" in note and "round 2" in note
    text = reports.pdf_report(v2, moved, [first])
    assert b"%PDF" in text[:8]


def test_a_scale_change_is_noticed():
    draft = versions.copy_of(NEF, versions.text_of(MemoryStore(), NEF))
    assert not versions.scale_changed(draft, NEF)
    versions.set_field(draft, ["band", "0", "name"], "Not yet")
    assert versions.scale_changed(draft, NEF)


# --------------------------------------------------------------------------- every page finds it the same way


def test_every_page_finds_a_stored_documents_instrument_through_instrument_of():
    """A page that looked a document's instrument up by id would score a personalised version
    against nothing, or against a later edit of it."""
    by_id = re.compile(r"""\.get\(\s*\w+\[["']instrument_id["']\]""")
    offenders = [str(path.relative_to(ROOT)) for folder in ("app_pages", "coprod/ui") for path in (ROOT / folder).glob("*.py")
                 if by_id.search(path.read_text(encoding="utf-8"))]
    assert offenders == []


# --------------------------------------------------------------------------- the pages


def test_make_a_version_from_an_instrument_page_opens_the_editor_and_home_lists_it(data_dir):
    at = page("app_pages/instrument.py", id="nef-framework")
    at.button(key="make-version").click().run()
    token = param(at, "v")
    doc = versions.load(TinyDBStore(data_dir), token)
    assert doc["draft"]["adapted_from"]["id"] == "nef-framework"
    assert any("Your version" in t.value for t in at.title)
    at.switch_page("app_pages/edit.py").run()  # AppTest stays on the page it was told, whatever the script switched to
    at.button(key="save-version").click().run()
    assert [v["number"] for v in versions.load(TinyDBStore(data_dir), token)["versions"]] == [1]
    labels = [b.label for b in at.get("download_button")]
    assert "Download as TOML" in labels and "Blank paper pack (PDF)" in labels
    at.switch_page("app_pages/home.py").run()
    assert any("Your versions" in m.value for m in at.markdown)
    assert any("(our version)" in m.value for m in at.markdown)


def test_the_editor_shows_a_problem_beside_its_field_and_refuses_to_save(data_dir):
    store = TinyDBStore(data_dir)
    doc = new_version(store)
    at = page("app_pages/edit.py", v=doc["token"])
    title = next(t for t in at.text_input if t.label == "Title")
    title.input("").run()
    assert versions.load(store, doc["token"])["draft"]["title"] == ""  # what was typed is kept
    errors = [e.value for e in at.error]
    assert any(e == "This cannot be empty: type it in." for e in errors), errors  # inline, under the field, in plain words
    assert any("Title: This cannot be empty" in e for e in errors), errors  # and in the list above the save button
    assert at.button(key="save-version").disabled
    name = next(t for t in at.text_input if t.label == "Name")
    name.input("Young people's strengths").run()
    assert versions.load(store, doc["token"])["draft"]["items"][0]["name"] == "Young people's strengths"


def test_a_version_field_edited_in_two_tabs_keeps_the_first_save_and_gives_the_second_its_text_back(data_dir):
    store = TinyDBStore(data_dir)
    doc = new_version(store)
    first, second = page("app_pages/edit.py", v=doc["token"]), page("app_pages/edit.py", v=doc["token"])
    next(t for t in first.text_area if t.label == "How to use it").input("Score it together at the team meeting.").run()
    next(t for t in second.text_area if t.label == "How to use it").input("Each of us alone, then compare.").run()
    assert versions.load(store, doc["token"])["draft"]["how_to_use"] == "Score it together at the team meeting."
    assert next(t for t in second.text_area if t.label == "How to use it").value == "Score it together at the team meeting."
    assert "Each of us alone, then compare." in [c.value for c in second.code]
    next(t for t in first.text_area if t.label == "Your ideas for next steps (one per line)").input("Ask the youth council\n").run()
    next(t for t in first.text_area if t.label == "Your ideas for next steps (one per line)").input("Ask the youth council\nVisit").run()
    assert versions.load(store, doc["token"])["draft"]["general_next_steps"] == ["Ask the youth council", "Visit"]
    assert not first.warning  # one's own saves, one per line, are never taken for someone else's


def test_changing_the_scale_warns_that_results_will_not_compare(data_dir):
    store = TinyDBStore(data_dir)
    doc = new_version(store)
    at = page("app_pages/edit.py", v=doc["token"])
    assert not [w for w in at.warning if "no longer compare" in w.value]
    at.checkbox(key=versions_scale_key()).check().run()
    assert [w for w in at.warning if "no longer compare" in w.value]


def versions_scale_key() -> str:
    from coprod.ui.editor import SCALE_UNLOCKED

    return SCALE_UNLOCKED


def test_a_version_link_starts_an_assessment_pinned_to_it(data_dir):
    store = TinyDBStore(data_dir)
    doc = new_version(store)
    versions.edit(store, doc["token"], youth_service_edits)
    saved = versions.save(store, doc["token"], LIB)
    at = page("app_pages/score.py", version=saved["snapshot"])
    assert at.selectbox(key="start-instrument").value.startswith("Co-production check — Riverside Youth Service")
    at.text_input[0].input("Friday club")
    next(b for b in at.button if b.label == "Start").click().run()
    started = store.get(param(at, "a"))
    assert started["instrument_snapshot"] == saved["snapshot"]
    at = page("app_pages/score.py", a=started["token"])
    assert not at.exception
    assert any("Young people's strengths" in block for block in html_blocks(at))


def test_purging_old_data_keeps_the_wording_anything_kept_was_scored_on(monkeypatch):
    import time

    from coprod.sessions import retention

    store = MemoryStore()
    doc = new_version(store)
    used = versions.save(store, doc["token"], LIB)["snapshot"]
    versions.edit(store, doc["token"], lambda d: versions.set_field(d, ["title"], "Second wording"))
    unused = versions.save(store, doc["token"], LIB)["snapshot"]
    scored = store.create(A.new_assessment(versions.snapshot(store, used), title="Kept", perspectives=["you"]))
    later = time.time() + 10 * 86400
    monkeypatch.setattr(time, "time", lambda: later)
    store.update(scored["token"], lambda d: d.update(title="Still in use"))  # changed ten days on: kept
    gone, _ = retention.purge(store, 5, now=later)
    left = {token for token, _ in store.documents()}
    assert scored["token"] in left and used in left  # the wording it was scored on stays with it
    assert doc["token"] not in left and unused not in left  # the editor nobody opened, and wording nothing uses
    assert sorted(g.kind for g in gone) == ["version", "version"]


def test_deleting_a_version_leaves_what_was_scored_on_it(data_dir):
    store = TinyDBStore(data_dir)
    doc = new_version(store)
    saved = versions.save(store, doc["token"], LIB)
    scored = store.create(A.new_assessment(versions.snapshot(store, saved["snapshot"]), title="Kept", perspectives=["you"]))
    at = page("app_pages/edit.py", v=doc["token"])
    assert at.button(key="delete-version").disabled
    at.checkbox(key="delete-version-sure").check().run()
    at.button(key="delete-version").click().run()
    with pytest.raises(versions.NotFound):
        versions.load(store, doc["token"])
    kept = versions.instrument_for(store, LIB, store.get(scored["token"]))
    assert kept is not None and kept.version == 1


def test_an_items_problem_is_named_with_the_item_and_the_level_and_its_fold_opens(data_dir):
    store = TinyDBStore(data_dir)
    doc = new_version(store)
    versions.edit(store, doc["token"], lambda d: versions.set_field(d, ["item", "capacity", "descriptor", "basic"], " "))
    at = page("app_pages/edit.py", v=doc["token"])
    errors = [e.value for e in at.error]
    assert "This cannot be empty: say in a sentence or two what this level looks like." in errors
    assert any("Capacity › what Basic looks like: This cannot be empty" in e for e in errors), errors
    opened = [e for e in at.expander if e.proto.expanded]
    assert [e.label for e in opened] == ["Capacity"]


def test_the_score_page_names_the_version_it_is_scored_on(data_dir):
    store = TinyDBStore(data_dir)
    doc = new_version(store)
    ours = versions.snapshot(store, versions.save(store, doc["token"], LIB)["snapshot"])
    scored = store.create(A.new_assessment(ours, title="Friday club", perspectives=["you"]))
    at = page("app_pages/score.py", a=scored["token"])
    assert any("version 1, adapted from Co-production Self-assessment Framework" in c.value for c in at.caption)


def test_an_export_of_an_assessment_on_a_version_imports_elsewhere_and_makes_its_pdf(tmp_path):
    from coprod.files import downloads

    here = TinyDBStore(tmp_path / "here")
    doc, ours, scored = finished_on_a_version(here, "Friday club", 3, "At the club: ")
    [export] = [f for f in downloads.of_assessment(ours, here, scored) if f.key == "download-json"]
    data = export.make()
    assert ours.snapshot.encode() not in data and doc["token"].encode() not in data  # the wording, never a link

    elsewhere = TinyDBStore(tmp_path / "elsewhere")  # another coprod, without the version
    imported, left_out = exchange.import_assessment(elsewhere, data, LIB)
    assert left_out == []
    again = versions.instrument_for(elsewhere, LIB, imported)
    assert again.fingerprint == ours.fingerprint and again.item("assets").name == "Young people's strengths"
    assert A.answer(imported, "you", "assets")["example"] == "At the club: Young people's strengths"

    path = tmp_path / "export.json"
    path.write_bytes(data)
    run = subprocess.run([str(ROOT / ".venv/bin/python"), "-m", "coprod", "report", str(path), "--out", str(tmp_path / "plan.pdf")],
                         cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    text = subprocess.run(["pdftotext", str(tmp_path / "plan.pdf"), "-"], capture_output=True, text=True).stdout
    assert "Young people's strengths" in text
    with pytest.raises(exchange.BadImport, match="not valid"):
        exchange.import_json(data.replace(b'"instrument_file": "', b'"instrument_file": "x = ', 1), LIB)
