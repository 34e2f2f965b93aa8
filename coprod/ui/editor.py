"""Personalising an instrument: the editor's widgets, "Your versions" on the home page, and the
choice of a version wherever an instrument is chosen (start an assessment, open a session).

Every input of the editor is bound to the version's stored draft through coprod.ui.autosave, so
what is typed is saved before the next run draws anything, like an assessment's answers. Saving a
version, downloading and uploading go through coprod.library.versions.
"""

from __future__ import annotations

import re

import streamlit as st

from coprod.common.i18n import _, marked
from coprod.library import versions
from coprod.library.loading import parse_instrument
from coprod.library.model import Instrument, Library, Problem
from coprod.storage import access
from coprod.storage.interface import Damaged, NotFound, format_code
from coprod.ui import held, show, textbox
from coprod.ui.autosave import bind
from coprod.ui.files import stop_page
from coprod.ui.links import app_url
from coprod.ui.lookups import TooManyTries, by_code
from coprod.ui.store import store

KNOWN = "coprod.own-versions"  # tokens of the versions made or opened in this browser session
SCALE_UNLOCKED = "edit-scale"  # the person accepted that results will no longer compare


# --------------------------------------------------------------------------- versions a person has


def remember(token: str) -> None:
    known = st.session_state.setdefault(KNOWN, [])
    if token not in known:
        known.append(token)


def known_versions() -> list[tuple[dict, Instrument]]:
    """The versions made or opened in this browser session that have a saved version: the document
    and its latest saved version."""
    out = []
    for token in st.session_state.get(KNOWN, []):
        try:
            doc = versions.load(store(), token)
        except (NotFound, Damaged):
            continue
        entry = versions.latest(doc)
        instrument = versions.snapshot(store(), entry["snapshot"]) if entry else None
        out.append((doc, instrument))
    return out


def offered(lib: Library) -> list[Instrument]:
    """What a person may choose to score or run a session with: the built-in instruments, the
    version a link names (?version=<snapshot>), and the latest saved version of each of theirs."""
    choice = [*lib.instruments]
    wanted = st.query_params.get("version")
    linked = versions.startable(store(), wanted) if wanted else None
    mine = [instrument for _doc, instrument in known_versions() if instrument is not None]
    for instrument in ([linked] if linked else []) + mine:
        if all(i.fingerprint != instrument.fingerprint for i in choice):
            choice.append(instrument)
    return choice


def newer_version(instrument: Instrument) -> Instrument | None:
    """A later saved version of a personalised version, among the person's own (or None)."""
    if not instrument.snapshot:
        return None
    later = [i for _doc, i in known_versions() if i is not None and i.id == instrument.id and (i.version or 0) > (instrument.version or 0)]
    return max(later, key=lambda i: i.version or 0) if later else None


def option_label(instrument: Instrument) -> str:
    """How an instrument is named in a list of choices (a version with its number)."""
    label = versions.version_label(instrument)
    return f"{instrument.title} ({label})" if label else instrument.title


def preselected(options: list[Instrument], lib: Library) -> int:
    wanted = st.query_params.get("version")
    for n, instrument in enumerate(options):
        if wanted and instrument.snapshot == wanted:
            return n
    built_in = lib.get(st.query_params.get("instrument", ""))
    return options.index(built_in) if built_in in options else 0


def choose(lib: Library, key: str, label: str = marked("Instrument")) -> Instrument:
    """A select box of every instrument and version on offer; returns the one chosen. `label` is an English
    message (marked), translated here."""
    options = offered(lib)
    labels = [option_label(i) for i in options]
    labels = [f"{label} · {n}" if labels.count(label) > 1 else label for n, label in enumerate(labels, 1)]
    chosen = st.selectbox(_(label), labels, index=preselected(options, lib), key=key, format_func=show.choice)
    return options[labels.index(chosen)]


def your_versions(lib: Library) -> None:
    """Home: the versions of this browser session, opening one by its code, uploading a file."""
    show.heading(_("Your versions"), 2)
    st.caption(_("Make a toolkit your own: open it with **Read the full text** and choose **Make a version for "
                 "my organisation**. Each version has its own link and code, like an assessment; nobody else sees "
                 "it unless you share them."))
    for doc, instrument in known_versions():
        title = instrument.title if instrument else doc["draft"].get("title", "")
        with st.container(border=True):
            show.heading(str(title), 4)
            if instrument:
                show.caption(versions.version_label(instrument))
            else:
                st.caption(_("Not saved as a version yet."))
            st.page_link("app_pages/edit.py", query_params={"v": doc["token"]}, label=_("Open the editor"), icon=":material/edit:")
    with st.form("open-version"):
        code = textbox.line(_("Open one of your versions: enter its code"), "version-code", limit=20, placeholder=_("e.g. K7PQ2-MX9RT"))
        if st.form_submit_button(_("Open"), icon=":material/edit:") and not code.cut:
            token = _by_code(code)
            if token:
                remember(token)
                st.switch_page("app_pages/edit.py", query_params={"v": token})
    upload_form(lib)


def _by_code(code: str) -> str | None:
    try:
        token = by_code(lambda: access.carried_on_by_code(store(), code))
        versions.load(store(), token)
    except TooManyTries as wait:
        st.error(str(wait), icon=":material/hourglass_top:")
        return None
    except (NotFound, Damaged):
        st.error(_("No version has that code. Check it against the one you noted (letters and digits, no 0, 1, O or I)."))
        return None
    return token


def upload_form(lib: Library) -> None:
    uploaded = st.file_uploader(_("Upload a version (a .toml file downloaded from coprod's editor)"), type=["toml"],
                                key="upload-version", max_upload_size=1)
    if uploaded is None or not st.button(_("Add this version"), key="upload-version-go", icon=":material/upload:"):
        return
    try:
        doc = versions.upload(store(), uploaded.getvalue(), lib)
    except versions.Invalid as invalid:
        problems(invalid.problems, _("The file was not added:"))
        return
    remember(doc["token"])
    st.switch_page("app_pages/edit.py", query_params={"v": doc["token"]})


def make_version_button(instrument: Instrument) -> None:
    """On an instrument's page: copy it into a new version and open the editor."""
    if st.button(_("Make a version for my organisation"), key="make-version", icon=":material/edit_note:",
                 help=_("Copy this toolkit and change its wording, examples and suggestions for your own organisation.")):
        doc = versions.create(store(), versions.copy_of(instrument, versions.text_of(store(), instrument)))
        remember(doc["token"])
        st.switch_page("app_pages/edit.py", query_params={"v": doc["token"]})


# --------------------------------------------------------------------------- problems in plain words


def where(field: str, data: dict) -> str:
    """A field of the file as a person knows it: "Assets › what Basic looks like"."""
    names = {row.get("id"): row.get("name") or row.get("id") for row in versions.item_rows(data) if isinstance(row, dict)}
    bands = {b.get("id"): b.get("name") for b in data.get("scale", {}).get("bands", []) if isinstance(b, dict)}
    match = re.match(r"items(?:\.([a-z0-9-]+)|\[(\d+)\])\.?(.*)", field)
    if match:
        item_id, index, rest = match.groups()
        if index is not None and int(index) < len(versions.item_rows(data)):
            item_id = versions.item_rows(data)[int(index)].get("id")
        name = names.get(item_id, item_id)
        part = re.sub(r"descriptors\.([a-z0-9-]+)", lambda m: _("what {band} looks like").format(band=bands.get(m.group(1), m.group(1))),
                      rest)
        part = re.sub(r"examples\[(\d+)\]\.?", lambda m: _("worked example {number}").format(number=int(m.group(1)) + 1) + " ",
                      part).strip()
        return f"{name} › {part}" if part else str(name)
    return {"title": _("Title"), "short_title": _("Short title"), "id": _("Id"), "purpose": _("Purpose"),
            "how_to_use": _("How to use it"), "scale": _("Scale"), "scale.bands": _("Bands")}.get(field, field)


def problems(found: tuple[Problem, ...] | list[Problem], intro: str, data: dict | None = None) -> None:
    lines = [f"• {where(p.field, data) if data is not None else p.field}: {plain_words(p.message)}" for p in found]
    show.message("error", intro + "\n\n" + "\n\n".join(lines), icon=":material/error:")


# The validator's words for a file, said for a person typing into a box.
PLAIN_WORDS = {
    "is empty; expected text": marked("This cannot be empty: type it in."),
    "expected the descriptor text": marked("This cannot be empty: say in a sentence or two what this level looks like."),
    "missing; expected text": marked("This cannot be empty: type it in."),
}


def plain_words(message: str) -> str:
    if message in PLAIN_WORDS:
        return _(PLAIN_WORDS[message])
    if message.startswith("missing; rules.descriptors_per_item"):
        return _("This cannot be empty: every level needs a description of what it looks like.")
    return message[:1].upper() + message[1:]


def relates(problem: Problem, fields: tuple[str, ...], exact: bool = False) -> bool:
    return any(problem.field == f or not exact and problem.field.startswith((f + ".", f + "[")) for f in fields)


def inline(found: tuple[Problem, ...], *fields: str, exact: bool = False) -> None:
    """The problems of the fields named (or of their parts, unless `exact`), under their input."""
    for problem in found:
        if relates(problem, fields, exact):
            show.message("error", plain_words(problem.message), icon=":material/error:")


# --------------------------------------------------------------------------- the editor


def load(token: str) -> dict:
    """The version's document, or a plain message and stop."""
    try:
        doc = versions.load(store(), token)  # a link: never limited (coprod.ui.lookups)
    except (NotFound, Damaged) as problem:
        st.title(_("Version not found"))
        if isinstance(problem, Damaged):
            show.message("error", str(problem), icon=":material/error:")
        else:
            st.markdown(_("There is no version at this link: check that the whole link was copied, or enter its code on the home page."))
        st.page_link("app_pages/home.py", label=_("Home"), icon=":material/home:")
        stop_page()
    remember(token)
    return doc


def header(doc: dict, original: Instrument | None) -> None:
    data = doc["draft"]
    st.title(_("Your version: {title}").format(title=show.plain(str(data.get("title", "")))))
    adapted = data.get("adapted_from") or {}
    source = data.get("source") or {}
    if adapted:
        show.caption(_("Adapted from {toolkit}. Source: {publisher}, {title}").format(toolkit=adapted.get("title", ""),
                                                                                   publisher=source.get("publisher", ""),
                                                                                   title=source.get("title", "")))
    saved = doc["versions"]
    if saved:
        show.caption(_("Saved versions: {numbers}. Saving never changes what was already scored: each assessment keeps the "
                       "wording it used.").format(numbers=", ".join(str(v["number"]) for v in saved)))
    else:
        show.caption(_("Saved versions: none yet. Saving never changes what was already scored: each assessment keeps the "
                       "wording it used."))
    with st.expander(_("Your link and code to come back to this editor"), icon=":material/link:"):
        st.markdown(_("Keep this link or code: it is the only way back to this version, and whoever has it can edit it."))
        st.code(app_url("edit", v=doc["token"]), language=None)
        st.markdown(_("Code: **{code}**").format(code=format_code(doc["code"])))


def draft_box(doc: dict, field: tuple[str, ...], label: str, stored: str, found: tuple[Problem, ...], *paths: str,
               area: bool = False, height: int | None = None, help: str | None = None) -> None:
    key = bind(doc, None, ("draft", *field), stored)
    # Bound fields are keyed by their document: their stored value seeds them, never `value=`.
    if area:
        textbox.area(show.plain(label), key, limit=5000, height=height, help=help)
    else:
        textbox.line(show.plain(label), key, limit=300, help=help)
    inline(found, *paths)


def about(doc: dict, found: tuple[Problem, ...]) -> None:
    data = doc["draft"]
    draft_box(doc, ("title",), _("Title"), data.get("title", ""), found, "title")
    draft_box(doc, ("short_title",), _("Short title"), data.get("short_title", ""), found, "short_title")
    draft_box(doc, ("purpose",), _("What it helps you look at"), data.get("purpose", ""), found, "purpose", area=True)
    draft_box(doc, ("how_to_use",), _("How to use it"), data.get("how_to_use", ""), found, "how_to_use", area=True)
    draft_box(doc, ("general_next_steps",), _("Your ideas for next steps (one per line)"),
               "\n".join(data.get("general_next_steps", [])), found, "general_next_steps", area=True)


def items(doc: dict, found: tuple[Problem, ...]) -> None:
    data = doc["draft"]
    bands = [b for b in data.get("scale", {}).get("bands", []) if isinstance(b, dict)]
    for n, row in enumerate(versions.item_rows(data)):
        item_id = row.get("id", "")
        troubled = any(relates(p, (f"items[{n}]", f"items.{item_id}")) for p in found)
        with st.expander(show.plain(str(row.get("name") or item_id)), icon=":material/list:", expanded=troubled):
            draft_box(doc, ("item", item_id, "name"), _("Name"), row.get("name", ""), found, f"items[{n}].name", f"items.{item_id}.name")
            draft_box(doc, ("item", item_id, "definition"), _("Definition"), row.get("definition", ""), found,
                       f"items[{n}].definition", area=True, height=90)
            for band in bands:
                draft_box(doc, ("item", item_id, "descriptor", band.get("id", "")),
                          _("What {band} looks like").format(band=band.get("name", "")),
                           row.get("descriptors", {}).get(band.get("id", ""), ""), found,
                           f"items.{item_id}.descriptors.{band.get('id', '')}", area=True, height=90)
            for m, example in enumerate(row.get("examples", [])):
                draft_box(doc, ("item", item_id, "example", str(m), "text"), _("Worked example {number}").format(number=m + 1),
                           example.get("text", ""), found, f"items.{item_id}.examples[{m}]", area=True, height=90)
                if st.button(_("Remove worked example {number}").format(number=m + 1), key=f"drop-example-{item_id}-{m}", icon=":material/delete:"):
                    versions.edit(store(), doc["token"], lambda d, i=item_id, m=m: versions.remove_example(d, i, m))
                    st.rerun()
            if st.button(_("Add a worked example"), key=f"add-example-{item_id}", icon=":material/add:"):
                versions.edit(store(), doc["token"], lambda d, i=item_id: versions.add_example(d, i))
                st.rerun()
            draft_box(doc, ("item", item_id, "next_steps"), _("Your ideas for next steps on this item (one per line)"),
                       "\n".join(row.get("next_steps", [])), found, f"items.{item_id}.next_steps", area=True, height=90)
            inline(found, f"items[{n}].id", f"items[{n}]", exact=True)
            if st.button(_("Remove this item"), key=f"drop-item-{item_id}", icon=":material/delete:"):
                versions.edit(store(), doc["token"], lambda d, i=item_id: versions.remove_item(d, i))
                st.rerun()
    for problem in found:
        if problem.field == "items":
            show.message("error", problem.message, icon=":material/error:")
    if st.button(_("Add an item"), key="add-item", icon=":material/add:"):
        versions.edit(store(), doc["token"], versions.add_item)
        st.rerun()


def scale(doc: dict, found: tuple[Problem, ...], original: Instrument | None) -> None:
    data = doc["draft"]
    unlocked = st.checkbox(_("Change the scale or its bands"), key=SCALE_UNLOCKED)
    changed = original is not None and versions.scale_changed(data, original)
    if unlocked or changed:
        show.message("warning", _("Results scored on a changed scale no longer compare with the original toolkit's: "
                                  "radar charts, team medians and review rounds across the two would not mean the same."),
                     icon=":material/warning:")
    if not unlocked:
        show.caption(_("Scale: {bands}").format(bands=", ".join(f"{b.get('name')} ({b.get('min')}–{b.get('max')})"
                                                                for b in data.get("scale", {}).get("bands", []))))
        return
    s = data.get("scale", {})
    low, high = st.columns(2)
    with low:
        _whole_number(_("Lowest score"), doc, ("draft", "scale", "min"), s.get("min", 1))
    with high:
        _whole_number(_("Highest score"), doc, ("draft", "scale", "max"), s.get("max", 4))
    for n, band in enumerate(s.get("bands", [])):
        name, lo, hi = st.columns([2, 1, 1])
        with name:
            textbox.line(_("Band {number}: name").format(number=n + 1), bind(doc, None, ("draft", "band", str(n), "name"), band.get("name", "")), limit=300)
        with lo:
            _whole_number(_("Band {number}: from").format(number=n + 1), doc, ("draft", "band", str(n), "min"), band.get("min", 0))
        with hi:
            _whole_number(_("Band {number}: to").format(number=n + 1), doc, ("draft", "band", str(n), "max"), band.get("max", 0))
    inline(found, "scale")


def _whole_number(label: str, doc: dict, field: tuple[str, ...], stored: int) -> None:
    key = bind(doc, None, field, stored)
    st.number_input(label, value=held.value(key), key=key, step=1)


def save_and_share(doc: dict, lib: Library, found: tuple[Problem, ...]) -> None:
    data = doc["draft"]
    entry = versions.latest(doc)
    number = (entry["number"] if entry else 0) + 1
    saved_text = store().get(entry["snapshot"])["text"] if entry else ""
    changed = not entry or versions.dump({**data, "version": entry["number"]}) != saved_text
    if found:
        problems(found, _("Fix these before saving (each is also shown beside its field):"), data)
    if st.button(_("Save as version {number}").format(number=number), key="save-version", type="primary", icon=":material/save:",
                 disabled=bool(found) or not changed):
        try:
            versions.save(store(), doc["token"], lib)
        except versions.Invalid as invalid:
            problems(invalid.problems, _("Not saved:"), data)
            return
        st.rerun()
    if not entry:
        st.caption(_("Save it once to use it, download it or print it."))
        return
    st.caption(_("You have changes since version {number}; what follows uses version {number}.").format(number=entry["number"])
               if changed else _("No changes since version {number}.").format(number=entry["number"]))
    from coprod.files import downloads  # PDF code, loaded only where a PDF is offered
    from coprod.ui.files import download_buttons

    instrument = versions.snapshot(store(), entry["snapshot"])
    score, session = st.columns(2)
    score.page_link("app_pages/score.py", query_params={"version": entry["snapshot"]}, label=_("Score it"), icon=":material/play_arrow:")
    session.page_link("app_pages/session.py", query_params={"version": entry["snapshot"]}, label=_("Run a team session"),
                      icon=":material/groups:")
    download_buttons(downloads.of_version(instrument, entry["number"], saved_text))


def preview(doc: dict, found: tuple[Problem, ...]) -> None:
    """The score page and the radar as the draft would show them (when it is valid)."""
    show.heading(_("Preview"), 2)
    if found:
        st.caption(_("The preview shows again once the problems on the left are fixed."))
        return
    instrument, _problems = parse_instrument(versions.dump(doc["draft"]), versions.FILE)
    if instrument is None:
        return
    from coprod.charts import (
        specs as charts,  # Altair and pandas, loaded only where a chart is drawn
    )
    from coprod.charts import words as chart_text
    from coprod.ui.charts import draw

    show.styles()
    if instrument.chart.kind == "radar":
        middle = instrument.scale.bands[len(instrument.scale.bands) // 2].min
        sample = charts.Series(_("A sample score"), {item.id: middle for item in instrument.items})
        draw(("preview", instrument.fingerprint), lambda: charts.radar_chart(instrument, [sample]).properties(width=400, height=400 * charts.HEIGHT // charts.WIDTH),
             key="preview-radar", words=lambda: chart_text.radar(instrument, [sample]))  # smaller: it shares the page
    for item in instrument.items:
        show.item_heading(f"preview-{item.id}", item.name, item.definition)
        show.bands(instrument, item, {})
        if item.examples:
            show.worked_examples(instrument, item)


def check(doc: dict, lib: Library) -> tuple[Problem, ...]:
    return versions.check({**doc["draft"], "version": 1}, lib)


def delete_version(doc: dict) -> None:
    """Delete the editor of a version, after a confirmation. What was scored on it keeps its wording."""
    with st.expander(_("Delete this version"), icon=":material/delete:"):
        st.markdown(_("This deletes the editor, its draft, its link and its code, and the wording of its saved versions. "
                      "Assessments and sessions already scored on it keep the wording they used; you can no longer start "
                      "new ones with it (its “Score it” links stop working) or change it."))
        sure = st.checkbox(_("Yes, delete this version"), key="delete-version-sure")
        if st.button(_("Delete this version"), key="delete-version", disabled=not sure, icon=":material/delete_forever:"):
            versions.delete(store(), doc["token"])
            known = st.session_state.get(KNOWN, [])
            if doc["token"] in known:
                known.remove(doc["token"])
            show.say_on_next_page(_("Deleted the version, with its link and code."))
            st.switch_page("app_pages/home.py")
