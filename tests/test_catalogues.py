"""French and Dutch say every message the app has: the messages are extracted afresh from the code
with Babel's own tool (what `make extract` runs), and each language's catalogue must translate every
one of them, none fuzzy, each with the same {placeholders} as its English, and compile."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from coprod.common import i18n
from tests.conftest import ROOT

TRANSLATED = [lang for lang in i18n.LANGUAGES if lang != i18n.SOURCE]
PLACEHOLDER = re.compile(r"\{\w*\}")


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """Every message of the app, as `pybabel extract` finds it now."""
    pot = tmp_path_factory.mktemp("pot") / "coprod.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "-q", "extract", "-F", "babel.cfg",
                    "-k", "_", "-k", "n_:1,2", "-k", "marked", "--no-location", "-o", str(pot), "."],
                   cwd=ROOT, check=True, capture_output=True)
    with pot.open("rb") as f:
        return read_po(f)


def catalogue(lang: str):
    path = ROOT / "coprod" / "locale" / lang / "LC_MESSAGES" / "coprod.po"
    assert path.exists(), f"{path.relative_to(ROOT)} is missing: run `make messages` and translate it"
    with path.open("rb") as f:
        return read_po(f, locale=lang)


def _forms(message) -> list[str]:
    return list(message.string) if isinstance(message.string, (list, tuple)) else [message.string]


def test_the_template_holds_the_apps_messages(template):
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in template if m.id}
    assert len(ids) > 500  # every page's words, not a handful
    assert {"Toolkits", "Accessibility statement"} <= ids


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_message_is_translated_none_fuzzy(template, lang):
    po = catalogue(lang)
    missing, fuzzy, placeholders = [], [], []
    for message in template:
        if not message.id:
            continue
        found = po.get(message.id)
        key = message.id if isinstance(message.id, str) else message.id[0]
        if found is None or not all(s.strip() for s in _forms(found)):
            missing.append(key)
            continue
        if found.fuzzy:
            fuzzy.append(key)
        wanted = set(PLACEHOLDER.findall(key if isinstance(message.id, str) else " ".join(message.id)))
        # Each form names only placeholders the English has (one it lacks would fail when filled in); a
        # plain message names all of them, a plural's forms may leave the number out ("one person").
        if any(set(PLACEHOLDER.findall(s)) - wanted or (isinstance(message.id, str) and set(PLACEHOLDER.findall(s)) != wanted)
               for s in _forms(found)):
            placeholders.append(key)
    assert not missing, f"{len(missing)} messages not translated into {lang}, e.g. {missing[:5]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy in {lang}, e.g. {fuzzy[:5]}"
    assert not placeholders, f"placeholders differ from the English in {lang}: {placeholders[:5]}"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_the_catalogue_compiles_and_is_used(tmp_path, lang):
    po = catalogue(lang)
    with (tmp_path / "coprod.mo").open("wb") as f:
        write_mo(f, po)
    with i18n.speaking(lang):
        assert i18n._("Results and plan") != "Results and plan"
