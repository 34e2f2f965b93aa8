"""Translating an instrument (issue 27): "Translate this instrument" on a toolkit's page, and the
version editor's translation mode, each field's source text beside a box for its translation, with
what is untranslated or outdated marked, the translator's credit, and the spreadsheet and PO file for
translators who work in their own tools. The work itself is coprod.library.translation's.
"""

from __future__ import annotations

import streamlit as st

from coprod.common import i18n
from coprod.common.i18n import _, marked
from coprod.files import translation_files as files
from coprod.library import translation as T
from coprod.library import versions
from coprod.library.model import Instrument, Library, Problem
from coprod.ui import editor, show, textbox
from coprod.ui.store import store

ALL, UNTRANSLATED, OUTDATED = marked("Every field"), marked("Untranslated"), marked("Outdated")
SECTIONS = {"items": marked("Items"), "groups": marked("Items"), "scale": marked("Scale and bands"),
            "guidance": marked("Guidance"), "prompts": marked("Questions"),
            "interpretation": marked("What the scores mean"), "steps": marked("Steps"),
            "perspectives": marked("Views")}
ABOUT = marked("About it")


def translate_button(instrument: Instrument) -> None:
    """On a toolkit's page: make a translated version of it, in a language chosen, and open it."""
    with st.popover(_("Translate this toolkit"), icon=":material/translate:"):
        show.text(_("A translation of a published toolkit needs its publisher's permission. Ask them first; "
                   "your translation is then a version of your own, credited to you."))
        with st.form("translate-instrument"):
            languages = [code for code in i18n.LANGUAGES if code != instrument.language]
            language = st.selectbox(_("Into"), languages, format_func=T.language_name, key="translate-into")
            who = textbox.line(_("Translated by (for the credit line)"), "translate-by", limit=200)
            go = st.form_submit_button(_("Translate this toolkit"), type="primary", icon=":material/translate:")
        if go and not who.cut:
            draft = T.start(versions.copy_of(instrument, versions.text_of(store(), instrument)), instrument, language, who)
            doc = versions.create(store(), draft)
            editor.remember(doc["token"])
            st.switch_page("app_pages/edit.py", query_params={"v": doc["token"]})


def editor_page(doc: dict, lib: Library, found: tuple[Problem, ...]) -> bool:
    """The editor of a translated version (False for any other version: the usual editor then)."""
    data = doc["draft"]
    if not T.is_translation(data):
        return False
    source = T.source_data(store(), lib, data)
    editor.header(doc, None)
    if source is None:
        show.message("warning", _("The version this translates is no longer available, so its text cannot be shown "
                                  "beside yours. You can still save and use this version."), icon=":material/warning:")
        editor.save_and_share(doc, lib, found)
        return True
    states = T.status(data, source)
    counts = {state: sum(1 for s in states.values() if s == state) for state in (T.TRANSLATED, T.OUTDATED, T.UNTRANSLATED)}
    show.text(_("Translation into {language}: {done} of {total} fields translated, {outdated} outdated.").format(
        language=T.language_name(data["language"]), done=counts[T.TRANSLATED] + counts[T.OUTDATED], total=len(states),
        outdated=counts[T.OUTDATED]))
    credit(doc)
    round_trips(doc, source)
    shown = st.radio(_("Show"), [ALL, UNTRANSLATED, OUTDATED], format_func=_, horizontal=True, key="translate-show")
    boxes(doc, source, states, shown)
    editor.save_and_share(doc, lib, found)
    editor.delete_version(doc)
    return True


def credit(doc: dict) -> None:
    key = f"translator-{doc['token']}"
    st.session_state.setdefault(key, (doc["draft"].get("translation") or {}).get("translator", ""))
    textbox.line(_("Translated by (your organisation or your name, for the credit line)"), key, limit=200,
                 on_change=_save_translator, args=(doc["token"], key))


def _save_translator(token: str, key: str) -> None:
    versions.edit(store(), token, lambda d: T.set_translator(d, str(st.session_state.get(key, ""))[:200]))


def round_trips(doc: dict, source: dict) -> None:
    """The spreadsheet and PO file, out and back."""
    from coprod.files import downloads
    from coprod.ui.files import download_buttons

    with st.expander(_("Translate in a spreadsheet or your own tool"), icon=":material/swap_horiz:"):
        show.text(_("Download the spreadsheet (or the PO file), write each translation in the last column, and "
                   "upload it here. Empty rows change nothing, so you can do it in several goes."))
        download_buttons(downloads.of_translation(doc, source))
        uploaded = st.file_uploader(_("Upload a translated spreadsheet (.xlsx) or PO file (.po)"), type=["xlsx", "po"],
                                    key="translation-upload", max_upload_size=1)
        if uploaded is not None and st.button(_("Take the translations from this file"), key="translation-upload-go",
                                              icon=":material/upload:"):
            take(doc, source, uploaded.name, uploaded.getvalue())


def take(doc: dict, source: dict, name: str, raw: bytes) -> None:
    try:
        rows = files.read_po(raw, source) if name.lower().endswith(".po") else files.read_xlsx(raw, source)
    except files.Refused as refused:
        show.message("error", str(refused), icon=":material/error:")
        return
    taken: list[int] = []
    versions.edit(store(), doc["token"], lambda d: taken.append(files.apply(d, source, rows)))
    for key in [k for k in st.session_state if str(k).startswith(f"tr-{doc['token']}-")]:
        del st.session_state[key]  # the boxes show the file's translations
    show.say_on_next_page(i18n.n_("Took {n} translation from the file.", "Took {n} translations from the file.",
                                  taken[0]).format(n=taken[0]))
    st.rerun()


def boxes(doc: dict, source: dict, states: dict[str, str], shown: str) -> None:
    wanted = {ALL: None, UNTRANSLATED: T.UNTRANSLATED, OUTDATED: T.OUTDATED}[shown]
    sections: dict[str, list[str]] = {}
    for path, state in states.items():
        if wanted is None or state == wanted:
            sections.setdefault(SECTIONS.get(path.split(".")[0], ABOUT), []).append(path)
    if not sections:
        st.caption(_("No field to show here."))
    for section, paths in sections.items():
        with st.expander(_(section), icon=":material/translate:", expanded=len(sections) == 1):
            for path in paths:
                field(doc, source, path, states[path])


def field(doc: dict, source: dict, path: str, state: str) -> None:
    key = f"tr-{doc['token']}-{path}"
    st.session_state.setdefault(key, T.translated_text(doc["draft"], path))
    text, box = st.columns(2)
    with text:
        show.caption(path)
        show.text(T.get(source, path) or "")
    with box:
        if state == T.OUTDATED:
            show.message("warning", _("Outdated: the source text changed since this was translated. Check the "
                                      "translation, then change it, or keep it as it is."), icon=":material/update:")
            st.button(_("Keep this translation"), key=f"keep-{key}", on_click=_save, args=(doc["token"], source, path, key),
                      icon=":material/done:")
        elif state == T.UNTRANSLATED:
            st.caption(_("Untranslated: the source text is used until you translate it."))
        textbox.area(_("Translation"), key, limit=5000, height=90, on_change=_save, args=(doc["token"], source, path, key),
                     label_visibility="collapsed")


def _save(token: str, source: dict, path: str, key: str) -> None:
    value = str(st.session_state.get(key, ""))[:5000]
    versions.edit(store(), token, lambda d: T.translate(d, source, path, value))


def offered_languages(lib: Library, instrument: Instrument) -> list[Instrument]:
    """On opening a session: the translated versions (and the source) a person may offer beside the
    session's instrument, each person then reading it in their own language."""
    source = lib.get(instrument.adapted_from.id) if instrument.translation and instrument.adapted_from else None
    found = [i for i in [source, *(i for _unused, i in editor.known_versions())] if i is not None
             and i.fingerprint != instrument.fingerprint and i.language != instrument.language and T.same_items(i, instrument)]
    if not found:
        return []
    labels = [f"{editor.option_label(i)} · {T.language_name(i.language)}" for i in found]
    chosen = st.multiselect(_("Also in these languages (each person reads the wording in their own language; "
                              "the answers are one set)"), labels, key=f"session-languages-{instrument.fingerprint}")
    return [found[labels.index(label)] for label in chosen]
