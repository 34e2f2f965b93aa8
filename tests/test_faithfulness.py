"""Every sentence of an instrument's wording must be found in its seed document.

The seeds are PDF extractions: table cells, HTML tags and line breaks are mixed into the text, so
both sides are normalised (whitespace, quotes, dashes, markup, case) and each sentence is looked up
on its own. A recorded fix is undone before the lookup, so a correction must say exactly what the
seed had.
"""

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
INSTRUMENTS = sorted((ROOT / "instruments").glob("*.toml"))
SEEDS = ROOT.parent / "shared" / "seeds"

_QUOTES = str.maketrans({c: "'" for c in "‘’`´“”\"„"})
_DASHES = str.maketrans({c: "-" for c in "‐‑‒–—―−"})
_MARKUP = re.compile(r"<[^>]+>|\*\*|[*•�]|\[|\]\([^)]*\)")


def normalise(text: str) -> str:
    text = _MARKUP.sub(" ", text).translate(_QUOTES).translate(_DASHES)
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\s*-\s*", "-", text)  # words hyphenated across PDF lines
    text = re.sub(r"\s*'\s*", "'", text)
    return text.strip().casefold()


def sentences(text: str) -> list[str]:
    parts = re.split(r"(?<=[.!?;:])\s+|\n+", text)
    return [p for p in (normalise(x).strip(" .") for x in parts) if len(p) > 2]


def wording(doc: dict) -> list[tuple[str, str]]:
    """(field path, text) for every piece of source wording in an instrument file."""
    out = []
    for band in doc.get("scale", {}).get("bands", []):
        if band.get("meaning"):
            out.append((f"scale.bands.{band['id']}.meaning", band["meaning"]))
    for item in doc.get("items", []):
        base = f"items.{item['id']}"
        for key in ("name", "definition"):
            if item.get(key):
                out.append((f"{base}.{key}", item[key]))
        for band_id, text in item.get("descriptors", {}).items():
            out.append((f"{base}.descriptors.{band_id}", text))
        for n, example in enumerate(item.get("examples", [])):
            out.append((f"{base}.examples.{n}.text", example["text"]))
        for n, step in enumerate(item.get("next_steps", [])):
            out.append((f"{base}.next_steps.{n}", step))
        for n, option in enumerate(item.get("options", [])):
            out.append((f"{base}.options.{n}", option))
    for prompt in doc.get("prompts", []):
        out.append((f"prompts.{prompt['id']}.text", prompt["text"]))
    for n, part in enumerate(doc.get("interpretation", [])):
        out.append((f"interpretation.{n}.text", part["text"]))
    for n, step in enumerate(doc.get("general_next_steps", [])):
        out.append((f"general_next_steps.{n}", step))
    if doc.get("rules", {}).get("example_rule"):
        out.append(("rules.example_rule", doc["rules"]["example_rule"]))
    return out


def undo_fixes(doc: dict, field: str, text: str) -> str:
    for fix in doc.get("fixes", []):
        if fix["field"] == field:
            text = text.replace(fix["fixed_text"], fix["seed_text"])
    return text


def missing_sentences(path: Path) -> list[str]:
    doc = tomllib.loads(path.read_text(encoding="utf-8"))
    seed = normalise((SEEDS / doc["source"]["seed"]).read_text(encoding="utf-8", errors="replace"))
    problems = []
    for field, text in wording(doc):
        for sentence in sentences(undo_fixes(doc, field, text)):
            if sentence not in seed:
                problems.append(f"{path.name}: {field}: not in seed: {sentence!r}")
    return problems


def test_seeds_are_present():
    assert SEEDS.is_dir(), f"the seed documents are expected in {SEEDS}"


def test_there_are_instruments():
    assert len(INSTRUMENTS) >= 6


@pytest.mark.parametrize("path", INSTRUMENTS, ids=lambda p: p.name)
def test_every_sentence_is_in_the_seed(path):
    problems = missing_sentences(path)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", INSTRUMENTS, ids=lambda p: p.name)
def test_every_fix_names_text_the_seed_really_has(path):
    doc = tomllib.loads(path.read_text(encoding="utf-8"))
    seed = normalise((SEEDS / doc["source"]["seed"]).read_text(encoding="utf-8", errors="replace"))
    for fix in doc.get("fixes", []):
        assert normalise(fix["seed_text"]) in seed, fix


def test_normalise_joins_pdf_line_breaks_and_quote_styles():
    assert normalise("what’s  important\nto me") == normalise("what's important to me")
    assert normalise("co-\nproduction — “quoted”") == normalise("co-production - 'quoted'")
    assert normalise("<p>Evidence</p> **bold**") == "evidence bold"


def test_a_sentence_the_seed_lacks_is_reported(tmp_path):
    seed_name = "003_355155785e34b0a6.txt"
    bad = tmp_path / "bad.toml"
    bad.write_text(
        f'id = "x"\n[source]\nseed = "{seed_name}"\n'
        '[[items]]\nid = "a"\nname = "Assets"\ndefinition = "An invented sentence that no seed holds."\n',
        encoding="utf-8",
    )
    assert missing_sentences(bad) == [
        "bad.toml: items.a.definition: not in seed: 'an invented sentence that no seed holds'"
    ]
