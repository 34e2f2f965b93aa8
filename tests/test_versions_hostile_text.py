"""Text stays text in the editor, on "Your versions", and wherever a personalised version is used:
what a person types into their version (title, item names, descriptors, examples, suggestions) is
shown as typed, like any other text (see tests/test_hostile_text.py, whose checks these reuse)."""

from __future__ import annotations

from coprod.library import versions
from coprod.sessions import lifecycle as S
from tests.apptest import page
from tests.test_hostile_text import BLOCK, HOSTILE, LEEDS_HOSTILE, assessment, clean, hostile  # noqa: F401, F811 (a fixture)


def hostile_version(store, lib):
    source = lib.get(LEEDS_HOSTILE)
    doc = versions.create(store, versions.copy_of(source, versions.text_of(store, source)))

    def edit(draft: dict) -> None:
        versions.set_field(draft, ["title"], f"Ours {HOSTILE}")
        versions.set_field(draft, ["general_next_steps"], BLOCK)
        for row in draft["items"]:
            versions.set_field(draft, ["item", row["id"], "name"], f"{row['id']} {HOSTILE}")
            versions.set_field(draft, ["item", row["id"], "definition"], f"{HOSTILE} (definition)")
            versions.set_field(draft, ["item", row["id"], "next_steps"], BLOCK)
            for band in draft["scale"]["bands"]:
                versions.set_field(draft, ["item", row["id"], "descriptor", band["id"]], f"{HOSTILE} ({band['id']})")
            versions.add_example(draft, row["id"])
            versions.set_field(draft, ["item", row["id"], "example", "0", "text"], BLOCK)

    versions.edit(store, doc["token"], edit)
    return doc, versions.snapshot(store, versions.save(store, doc["token"], lib)["snapshot"])


def test_the_editor_and_your_versions(hostile):
    store, lib = hostile
    doc, _ = hostile_version(store, lib)
    at = page("app_pages/edit.py", v=doc["token"])
    clean(at, "the editor")
    at.switch_page("app_pages/home.py").run()
    clean(at, "home, listing your versions")
    versions.edit(store, doc["token"], lambda d: (versions.set_field(d, ["title"], ""),
                                                  versions.set_field(d, ["item", d["items"][0]["id"], "descriptor",
                                                                         d["scale"]["bands"][0]["id"]], "")))
    at = page("app_pages/edit.py", v=doc["token"])
    assert at.error
    versions.edit(store, doc["token"], lambda d: versions.set_field(d, ["title"], f"Ours {HOSTILE}"))  # the page must show some
    clean(page("app_pages/edit.py", v=doc["token"]), "the editor naming a problem of a hostile item")


def test_a_version_scored_alone_and_in_a_session_with_paper_forms(hostile):
    store, lib = hostile
    _, ours = hostile_version(store, lib)
    clean(page("app_pages/score.py", version=ours.snapshot), "start form on a version")
    for finish in (False, True):
        done = assessment(store, ours, finish=finish)
        clean(page("app_pages/score.py", a=done["token"]), f"scoring a version (finished: {finish})")
    clean(page("app_pages/results.py", a=done["token"]), "results of a version")
    clean(page("app_pages/session.py", version=ours.snapshot), "opening a session on a version")
    session = S.open_session(store, S.new_session(ours, title=HOSTILE, anonymous=False, roles=[HOSTILE, "Staff"]))
    clean(page("app_pages/session.py", f=session["token"]), "facilitator with the paper form")


def test_the_translation_mode_shows_source_translations_and_translator_as_typed(hostile):
    """The editor's translation mode: a hostile source's text beside each box, a hostile translation
    and a hostile translator's name, each shown as typed (coprod.ui.translate draws through coprod.ui.show)."""
    import tomllib

    from coprod.library import translation as T

    store, lib = hostile
    source = lib.get(LEEDS_HOSTILE)
    text = versions.text_of(store, source)
    doc = versions.create(store, T.start(versions.copy_of(source, text), source, "fr", translator=f"Trad {HOSTILE}"))
    item = source.items[0]
    versions.edit(store, doc["token"], lambda d: T.translate(d, tomllib.loads(text), f"items.{item.id}.name", f"Nom {HOSTILE}"))
    at = page("app_pages/edit.py", v=doc["token"])
    assert any("fields translated" in t.value for t in at.text)  # the translation mode, not the plain editor
    clean(at, "the editor translating")
