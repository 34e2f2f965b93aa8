"""Make an instrument your own: edit a personalised version, see it as people will, save numbered
versions, download it, use it."""

import streamlit as st

from coprod.common.i18n import _
from coprod.ui import editor, translate
from coprod.ui.files import stop_page
from coprod.ui.library import library

lib = library()
token = st.query_params.get("v")
if not token:
    st.title(_("Make a version for your organisation"))
    st.markdown(_("Open a toolkit with **Read the full text** on the home page. Then choose **Make a version for my "
                  "organisation**. Or open one of your versions by its code or file."))
    editor.your_versions(lib)
    stop_page()

doc = editor.load(token)
original = lib.get((doc["draft"].get("adapted_from") or {}).get("id", ""))
found = editor.check(doc, lib)
if translate.editor_page(doc, lib, found):  # a translated version: each field beside its source text (issue 27)
    stop_page()
editor.header(doc, original)
editing, preview = st.columns(2, gap="large")
with editing:
    about, items, scale = st.tabs([_("About it"), _("Items"), _("Scale and bands")])
    with about:
        editor.about(doc, found)
    with items:
        editor.items(doc, found)
    with scale:
        editor.scale(doc, found, original)
    editor.save_and_share(doc, lib, found)
with preview:
    editor.preview(doc, found)
editor.delete_version(doc)
