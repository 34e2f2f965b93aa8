"""Every word an instrument file gives as the source's must be the source's, and sit where the source
puts it.

The seeds are PDF extractions: table cells, HTML tags and line breaks are mixed into the text, so
both sides are normalised (whitespace, quotes, dashes, markup, case). Every text field of a file is
checked, except the ones that are not wording (ids, title, short_title, [source], [[fixes]], the
reference tally's label) and text in a `coprod` sub-table, which is coprod's own and shown as such.
Prose is looked up sentence by sentence; names, labels and headings as a whole. A recorded fix is
undone before the lookup, so a correction must say exactly what the seed had.

Descriptors and worked examples must also belong to the band they are filed under: within one item
they follow the scale's band order in the seed, and where the seed names a band right before a text
("Excellent example - …"), it is the band the text is filed under.

The seeds are not part of the repository: `tests.conftest` finds them (COPROD_SEEDS_DIR).
"""

import ast
import json
import re
import tomllib
from pathlib import Path

import pytest

from coprod.answers import plans
from coprod.library import attribution
from coprod.library.loading import load_library
from tests.conftest import ROOT, SEEDS, seeds_or_skip

INSTRUMENTS = sorted((ROOT / "instruments").glob("*.toml"))

_QUOTES = str.maketrans({c: "'" for c in "‘’`´“”\"„"})
_DASHES = str.maketrans({c: "-" for c in "‐‑‒–—―−"})
_MARKUP = re.compile(r"<[^>]+>|\*\*|[*•�]|\[|\]\([^)]*\)")

# Fields that are not wording, by kind (the field's path with row ids left out).
EXEMPT = {"format", "id", "title", "short_title", "kind", "rules.example_per", "items.examples.band",
          "guidance.show", "reference_tally.label"}
EXEMPT_TABLES = ("source", "fixes")
# Names, labels and headings: looked up as a whole. Every other text is prose, looked up sentence by sentence.
LABELS = {"rules.example_label", "scale.bands.name", "scale.points.label", "perspectives.label", "items.name",
          "items.group", "items.supports", "items.options", "items.examples.title", "prompts.label",
          "interpretation.heading", "guidance.heading", "steps.name"}
WINDOW = 100  # how far before a text (in normalised characters) the seed may name its band


def normalise(text: str) -> str:
    text = _MARKUP.sub(" ", text).translate(_QUOTES).translate(_DASHES)
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\s*-\s*", "-", text)  # words hyphenated across PDF lines
    text = re.sub(r"\s*'\s*", "'", text)
    text = re.sub(r"\(\s+", "(", re.sub(r"\s+([)?])", r"\1", text))  # markup left spaces inside brackets, the PDF before "?"
    return text.strip().casefold()


def sentences(text: str) -> list[str]:
    parts = re.split(r"(?<=[.!?;:])\s+|\n+", text)
    return [p for p in (normalise(x).strip(" .;:") for x in parts) if len(p) > 2]


def _pattern(piece: str) -> re.Pattern:
    """A normalised piece of text as a whole: not the middle of a longer word."""
    before = r"(?<!\w)" if piece[:1].isalnum() else ""
    after = r"(?!\w)" if piece[-1:].isalnum() else ""
    return re.compile(before + re.escape(piece) + after)


def find(piece: str, seed: str) -> int:
    """Where a normalised piece first stands in the normalised seed, or -1."""
    if piece not in seed:
        return -1
    match = _pattern(piece).search(seed)
    return match.start() if match else -1


# --------------------------------------------------------------------------- reading a file


def load(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def seed_of(doc: dict) -> str:
    seeds = seeds_or_skip()
    return normalise((seeds / doc["source"]["seed"]).read_text(encoding="utf-8", errors="replace"))


def wording(doc: dict) -> list[tuple[str, str, str]]:
    """(field, kind, text) for every text of an instrument file given as the source's words.

    field names the text as [[fixes]] do ("items.assets.descriptors.basic", "items.x.examples.0.text",
    "general_next_steps.2"); kind is the same path without the row ids ("items.examples.text")."""
    out: list[tuple[str, str, str]] = []

    def walk(value, field: str, kind: str) -> None:
        if kind in EXEMPT or kind.split(".")[0] in EXEMPT_TABLES or kind.endswith(".id"):
            return
        if isinstance(value, str):
            out.append((field, kind, value))
        elif isinstance(value, dict):
            for key, inner in value.items():
                if key == "coprod":  # coprod's own words, shown as coprod's guidance
                    continue
                # descriptors are keyed by band id: the key names the field, not a kind of field
                inner_kind = kind if kind == "items.descriptors" else f"{kind}.{key}" if kind else key
                walk(inner, f"{field}.{key}" if field else key, inner_kind)
        elif isinstance(value, list):
            for n, inner in enumerate(value):
                row = inner.get("id", n) if isinstance(inner, dict) else n
                walk(inner, f"{field}.{row}", kind)

    walk(doc, "", "")
    return out


def undo_fixes(doc: dict, field: str, text: str) -> str:
    for fix in doc.get("fixes", []):
        if fix["field"] == field:
            text = text.replace(fix["fixed_text"], fix["seed_text"])
    return text


# --------------------------------------------------------------------------- the checks


def missing_wording(path: Path) -> list[str]:
    """Each sentence (prose) or whole text (names, labels, headings) the seed does not have."""
    doc = load(path)
    seed = seed_of(doc)
    problems = []
    for field, kind, text in wording(doc):
        text = undo_fixes(doc, field, text)
        pieces = [normalise(text).strip(" .")] if kind in LABELS else sentences(text)
        for piece in pieces:
            if piece and find(piece, seed) < 0:
                problems.append(f"{path.name}: {field}: not in seed: {piece!r}")
    return problems


def locate(text: str, seed: str) -> int:
    """Where a text starts in the seed: the whole text, else its first sentence; -1 if neither is there."""
    where = find(normalise(text).strip(" ."), seed)
    if where < 0 and sentences(text):
        where = find(sentences(text)[0], seed)
    return where


def misfiled(path: Path) -> list[str]:
    """Descriptors and worked examples filed under a band the seed does not give them."""
    doc = load(path)
    seed = seed_of(doc)
    bands = [band["id"] for band in doc["scale"]["bands"]]
    names = {band["id"]: band["name"] for band in doc["scale"]["bands"]}
    problems = []
    for item in doc.get("items", []):
        base = f"items.{item['id']}"
        groups = {
            "descriptors": [(band, f"{base}.descriptors.{band}", text) for band, text in item.get("descriptors", {}).items()],
            "worked examples": [(ex["band"], f"{base}.examples.{n}.text", ex["text"])
                                for n, ex in enumerate(item.get("examples", [])) if ex.get("band") in bands],
        }
        for what, rows in groups.items():
            placed = [(band, field, locate(undo_fixes(doc, field, text), seed)) for band, field, text in rows if band in bands]
            placed = [row for row in placed if row[2] >= 0]  # a text the seed lacks is reported by missing_wording
            # In the seed, one item's texts follow the scale's band order.
            by_band = sorted(bands.index(band) for band, _, _ in placed)
            for rank, (band, field, _) in enumerate(sorted(placed, key=lambda row: row[2])):
                expected = bands[by_band[rank]]
                if expected != band:
                    order = ", ".join(names[b] for b, _, _ in sorted(placed, key=lambda row: row[2]))
                    problems.append(f"{path.name}: {field}: filed under {names[band]!r}, but among this item's "
                                    f"{what} the seed puts it where {names[expected]!r} belongs "
                                    f"(in the seed's order they are filed under: {order})")
            # Where the seed names one band right before a text, the text is filed under that band.
            for band, field, where in placed:
                window = seed[max(0, where - WINDOW):where]
                named = {b for b in bands if _pattern(normalise(names[b])).search(window)}
                if len(named) == 1 and named != {band}:  # several names before it: a table's header row
                    problems.append(f"{path.name}: {field}: filed under {names[band]!r}, but the seed names "
                                    f"{names[named.pop()]!r} right before it")
    return problems


def stale_fixes(path: Path) -> list[str]:
    """Fixes that do not name a field of the file holding their fixed text, or text the seed lacks."""
    doc = load(path)
    seed = seed_of(doc)
    fields = {field: text for field, _, text in wording(doc)}
    problems = []
    for fix in doc.get("fixes", []):
        if fix["fixed_text"] not in fields.get(fix["field"], ""):
            problems.append(f"{path.name}: fix of {fix['field']}: the field does not hold {fix['fixed_text']!r}")
        if find(normalise(fix["seed_text"]).strip(" ."), seed) < 0:
            problems.append(f"{path.name}: fix of {fix['field']}: the seed does not have {fix['seed_text']!r}")
    return problems


def audit_start(doc: dict, seed: str) -> int:
    """Where an instrument's own audit starts in its seed: its first descriptor or worked example
    (definitions and principles are often explained earlier, in a section of their own)."""
    places = [locate(undo_fixes(doc, f"items.{item['id']}.descriptors.{band}", text), seed)
              for item in doc.get("items", []) for band, text in item.get("descriptors", {}).items()]
    places += [locate(undo_fixes(doc, f"items.{item['id']}.examples.{n}.text", ex["text"]), seed)
               for item in doc.get("items", []) for n, ex in enumerate(item.get("examples", []))]
    places = [p for p in places if p >= 0]
    return min(places) if places else -1


def borrowed_rule(path: Path) -> list[str]:
    """A rule on examples the seed gives for another of its audits, quoted without saying so. The
    rule belongs to the audit that starts next after it in the seed (its instructions precede its
    table): Leeds' "Justifying your score" comes after the four stages and before the six principles."""
    doc = load(path)
    rule = doc.get("rules", {}).get("example_rule")
    if not rule:
        return []
    seed = seed_of(doc)
    where = locate(undo_fixes(doc, "rules.example_rule", rule), seed)
    starts = {other.name: audit_start(load(other), seed) for other in INSTRUMENTS
              if load(other)["source"]["seed"] == doc["source"]["seed"]}
    after = sorted((start, name) for name, start in starts.items() if start > where)
    owner = after[0][1] if after else path.name
    said = (doc["rules"].get("coprod") or {}).get("example_rule_from") or doc["rules"].get("example_rule_from")
    if owner != path.name and not said:
        return [f"{path.name}: rules.example_rule is {owner}'s rule in the seed: say so in rules.example_rule_from"]
    return []


# --------------------------------------------------------------------------- headings and claims

# A heading of the file -> the kind of text it heads. A heading given as the source's must be the
# heading the source puts over that text: it stands in the seed shortly before it. A heading coprod
# wrote sits in a `coprod` sub-table and is drawn with coprod's mark (coprod.library.attribution).
HEADED = {
    "guidance.heading": "guidance.text",
    "interpretation.heading": "interpretation.text",
    "prompts.label": "prompts.text",
    "next_steps_heading": "items.next_steps",
    "supports_heading": "items.supports",
}
HEADING_WINDOW = 1500  # normalised characters from a heading to its text (the shipped files' longest: about 1,100)


def lead(text: str) -> str:
    """The start of a text, for finding where it stands: its first sentence of four words or more
    (a first line such as "Planning" is a sub-heading found anywhere), else the whole text."""
    for piece in sentences(text):
        if len(piece.split()) >= 4:
            return piece
    return normalise(text).strip(" .")


def stands_under(heading: str, text: str, seed: str) -> bool:
    """Whether the seed has `text` within HEADING_WINDOW after some place where it has `heading`."""
    return any(find(lead(text), seed[m.end():m.end() + HEADING_WINDOW]) >= 0 for m in _pattern(heading).finditer(seed))


def misheaded(path: Path) -> list[str]:
    """Each heading the file gives as the source's that the seed does not put over the text it heads."""
    doc = load(path)
    seed = seed_of(doc)
    texts = wording(doc)
    problems = []
    for field, kind, text in texts:
        if kind not in HEADED:
            continue
        heading = normalise(undo_fixes(doc, field, text)).strip(" .:")
        row = field.rsplit(".", 1)[0] + "." if "." in kind else ""  # a row's heading heads its own row's text
        for under, _, body in [t for t in texts if t[1] == HEADED[kind] and t[0].startswith(row)]:
            if not stands_under(heading, undo_fixes(doc, under, body), seed):
                problems.append(f"{path.name}: {field}: the seed does not put {heading!r} over {under} "
                                f"({lead(body)[:60]!r}…): give the source's own heading, or write one in a coprod sub-table")
    return problems


def coprods_kinds(doc: dict) -> set[str]:
    """The kinds of text a file writes for coprod (in its `coprod` sub-tables)."""
    kinds: set[str] = set()

    def walk(value, kind: str) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                if key == "coprod" and isinstance(inner, dict):
                    kinds.update(f"{kind}.{k}" if kind else k for k in inner)
                else:
                    walk(inner, kind if kind == "items.descriptors" else f"{kind}.{key}" if kind else key)
        elif isinstance(value, list):
            for inner in value:
                walk(inner, kind)

    walk(doc, "")
    return kinds


# What the app's own strings would say to attribute words to the source (or mark them as coprod's).
CLAIM = re.compile(r"\b(?:source|toolkit|seed)(?:'s|s')?\s+(?:says?|said|suggests?|recommends?|advises?|asks?|gives?|words?|own|"
                   r"advice|suggestions?|worked|heading|reason|rule|guidance)\b|\b(?:from|of|in|by) the (?:source|toolkit|seed)\b|"
                   r"\bcoprod's (?:note|guidance|heading|estimate|words|pairing)\b|\bby coprod\b", re.I)
# Modules whose strings may speak of the source without attributing anything: the file format's own problems.
CLAIMS_ABOUT_THE_FORMAT = {"coprod/library/schema.py"}


def strings_claiming(path: Path) -> list[str]:
    """The strings of a module (not its docstrings, nor style sheets) that attribute words."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {id(node.body[0].value) for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))
            and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    where = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name
    return [f"{where}:{node.lineno}: {node.value[:80]!r}" for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs
            and "<style" not in node.value and CLAIM.search(node.value)]


# --------------------------------------------------------------------------- the shipped instruments


def test_there_are_instruments():
    assert len(INSTRUMENTS) >= 6


def test_seeds_are_found_through_the_setting():
    assert seeds_or_skip() == SEEDS and SEEDS.is_dir()


@pytest.mark.parametrize("path", INSTRUMENTS, ids=lambda p: p.name)
def test_every_word_given_as_the_sources_is_in_the_seed(path):
    problems = missing_wording(path)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", INSTRUMENTS, ids=lambda p: p.name)
def test_descriptors_and_examples_are_filed_under_their_band(path):
    problems = misfiled(path)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", INSTRUMENTS, ids=lambda p: p.name)
def test_every_heading_given_as_the_sources_is_the_heading_the_source_puts_over_its_text(path):
    problems = misheaded(path)
    assert not problems, "\n".join(problems)


def test_steps_the_source_only_names_stand_beside_passages_marked_as_coprods_pairing():
    """The workshop summary names the Co-production Star's steps without describing them: the
    passage beside each step is not under it in the seed, so the plan says the pairing is coprod's."""
    library = load_library(ROOT / "instruments")
    for path in INSTRUMENTS:
        doc = load(path)
        if not doc.get("steps"):
            continue
        seed = seed_of(doc)
        instrument = library.get(doc["id"])
        paired = [s["name"] for s in doc["steps"] if not stands_under(normalise(s["name"]).strip(" ."), s["text"], seed)]
        assert paired, "every step's passage stands under it: the plan may give it as the source's"
        assert plans.headings(instrument)["next_level"] == attribution.paired_by_coprod(instrument)
        assert "coprod" in attribution.paired_by_coprod(instrument)


def test_the_app_attributes_words_to_the_source_only_through_the_checked_phrases():
    """Every string of the app that says the source says, suggests or gives something (or that
    words are coprod's) is one of coprod.library.attribution's phrases. So a new label over the
    source's text ("Next steps the source suggests") cannot be written without being declared there,
    with the fields it introduces, which the test below checks against every shipped file."""
    found = []
    for path in [*sorted(ROOT.glob("coprod/**/*.py")), *sorted(ROOT.glob("app_pages/*.py")), ROOT / "streamlit_app.py"]:
        if path.relative_to(ROOT).as_posix() not in {"coprod/library/attribution.py", *CLAIMS_ABOUT_THE_FORMAT}:
            found += strings_claiming(path)
    assert not found, "\n".join(found)
    assert strings_claiming(ROOT / "coprod" / "library" / "attribution.py"), "the scan finds the phrases where they are"


def test_each_claim_introduces_only_text_checked_against_the_seed():
    public = {name for name in vars(attribution) if not name.startswith("_") and name not in ("annotations", "Instrument", "Prompt")
              and (callable(getattr(attribution, name)) or name.isupper()) and name not in ("CLAIMS", "MARKS")}
    assert public == set(attribution.CLAIMS) | set(attribution.MARKS), public ^ (set(attribution.CLAIMS) | set(attribution.MARKS))
    claimed = {kind for kinds in attribution.CLAIMS.values() for kind in kinds}
    assert not claimed & EXEMPT
    for path in INSTRUMENTS:
        doc = load(path)
        assert not claimed & coprods_kinds(doc), (path.name, claimed & coprods_kinds(doc))
        if not doc.get("review_interval_days"):  # "the source gives no period for a review" is said of it
            assert not doc.get("review_advice") and "review_advice" not in coprods_kinds(doc), path.name


@pytest.mark.parametrize("path", INSTRUMENTS, ids=lambda p: p.name)
def test_a_rule_borrowed_from_another_audit_of_the_seed_says_so(path):
    problems = borrowed_rule(path)
    assert not problems, "\n".join(problems)


def test_the_four_stages_rule_is_found_to_be_the_six_principles(tmp_path):
    seeds_or_skip()
    stages = (ROOT / "instruments" / "leeds-four-stages.toml").read_text(encoding="utf-8")
    unsaid = stages.replace("[rules.coprod]\nexample_rule_from", "[rules.coprod]\nexample_label_unused")
    assert unsaid != stages
    bad = tmp_path / "leeds-four-stages.toml"  # the same name: the other audits of its seed are the shipped ones
    bad.write_text(unsaid, encoding="utf-8")
    assert borrowed_rule(bad) == [
        "leeds-four-stages.toml: rules.example_rule is leeds-six-principles.toml's rule in the seed: say so in rules.example_rule_from"]


@pytest.mark.parametrize("path", INSTRUMENTS, ids=lambda p: p.name)
def test_every_fix_names_its_field_and_text_the_seed_really_has(path):
    problems = stale_fixes(path)
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------------- the checks themselves


def test_normalise_joins_pdf_line_breaks_and_quote_styles():
    assert normalise("what’s  important\nto me") == normalise("what's important to me")
    assert normalise("co-\nproduction — “quoted”") == normalise("co-production - 'quoted'")
    assert normalise("<p>Evidence</p> **bold**") == "evidence bold"


def test_every_text_is_read_but_coprods_own_and_the_exempt_fields():
    doc = tomllib.loads(
        'id = "x"\ntitle = "T"\npurpose = "P"\n[coprod]\ntime_needed = "About 5 minutes"\n'
        '[source]\nseed = "s.txt"\n[chart.coprod]\nnote = "N"\n'
        '[[items]]\nid = "a"\nname = "A"\nsupports = ["S"]\n[items.descriptors]\nbasic = "D"\n'
        '[[items.examples]]\nband = "basic"\ntitle = "ET"\ntext = "E"\n'
        '[[prompts]]\nid = "p"\ntext = "Q"\n[prompts.coprod]\nlabel = "L"\n'
        '[[fixes]]\nfield = "purpose"\nseed_text = "x"\nfixed_text = "y"\nwhy = "z"\n'
    )
    assert [(field, text) for field, _, text in wording(doc)] == [
        ("purpose", "P"), ("items.a.name", "A"), ("items.a.supports.0", "S"), ("items.a.descriptors.basic", "D"),
        ("items.a.examples.0.title", "ET"), ("items.a.examples.0.text", "E"), ("prompts.p.text", "Q"),
    ]


def _write(path: Path, seed: str, bands: list[tuple[str, str]], item: str) -> Path:
    scale = "".join(f'[[scale.bands]]\nid = "{b}"\nname = "{name}"\nmin = {n}\nmax = {n}\n'
                    for n, (b, name) in enumerate(bands, 1))
    path.write_text(f'id = "x"\n[source]\nseed = "{seed}"\n[scale]\nmin = 1\nmax = {len(bands)}\n{scale}{item}',
                    encoding="utf-8")
    return path


def test_a_sentence_the_seed_lacks_is_reported(tmp_path):
    seeds_or_skip()
    bad = _write(tmp_path / "bad.toml", "003_355155785e34b0a6.txt", [("basic", "Basic")],
                 '[[items]]\nid = "a"\nname = "Assets"\ndefinition = "An invented sentence that no seed holds."\n')
    assert missing_wording(bad) == [
        "bad.toml: items.a.definition: not in seed: 'an invented sentence that no seed holds'"
    ]


def test_a_label_is_looked_up_whole_and_not_inside_a_longer_word(tmp_path):
    seeds_or_skip()
    bad = _write(tmp_path / "bad.toml", "003_355155785e34b0a6.txt", [("basic", "Basic")],
                 '[[items]]\nid = "a"\nname = "Asset"\n[[prompts]]\nid = "p"\nlabel = "Your organisation"\ntext = "Your examples"\n')
    assert missing_wording(bad) == ["bad.toml: items.a.name: not in seed: 'asset'"]


def test_a_misfiled_descriptor_is_reported(tmp_path):
    seeds_or_skip()
    nef = load(ROOT / "instruments" / "nef-framework.toml")
    bands = [(b["id"], b["name"]) for b in nef["scale"]["bands"]]
    descriptors = dict(nef["items"][0]["descriptors"])
    descriptors["basic"], descriptors["making-progress"] = descriptors["making-progress"], descriptors["basic"]
    table = "".join(f"{band} = {json.dumps(text)}\n" for band, text in descriptors.items())
    bad = _write(tmp_path / "bad.toml", nef["source"]["seed"], bands,
                 f'[[items]]\nid = "assets"\nname = "Assets"\n[items.descriptors]\n{table}')
    assert missing_wording(bad) == []
    problems = misfiled(bad)
    assert len(problems) == 2, problems
    assert problems[0].startswith("bad.toml: items.assets.descriptors.making-progress: filed under 'Making progress', "
                                  "but among this item's descriptors the seed puts it where 'Basic' belongs")
    assert problems[1].startswith("bad.toml: items.assets.descriptors.basic: filed under 'Basic', "
                                  "but among this item's descriptors the seed puts it where 'Making progress' belongs")


def test_an_example_filed_under_another_band_than_the_seed_names_is_reported(tmp_path):
    seeds_or_skip()
    stages = load(ROOT / "instruments" / "leeds-four-stages.toml")
    bands = [(b["id"], b["name"]) for b in stages["scale"]["bands"]]
    example = stages["items"][0]["examples"][0]  # the seed's "Excellent example - Co-designing a park re-development"
    bad = _write(tmp_path / "bad.toml", stages["source"]["seed"], bands,
                 f'[[items]]\nid = "co-design"\nname = "Co-design"\n[[items.examples]]\nband = "not-there-yet"\n'
                 f'title = {json.dumps(example["title"])}\ntext = {json.dumps(example["text"].replace("park users", "park uses"))}\n')
    assert missing_wording(bad) == []
    assert misfiled(bad) == [
        "bad.toml: items.co-design.examples.0.text: filed under 'Not there yet', but the seed names 'Excellent' right before it"
    ]


def test_a_fix_that_no_longer_matches_its_field_is_reported(tmp_path):
    seeds_or_skip()
    bad = _write(tmp_path / "bad.toml", "003_355155785e34b0a6.txt", [("basic", "Basic")],
                 '[[items]]\nid = "a"\nname = "Assets"\n'
                 '[[fixes]]\nfield = "items.a.definition"\nseed_text = "loose any earlier versions"\n'
                 'fixed_text = "lose any earlier versions"\nwhy = "typo"\n')
    assert stale_fixes(bad) == ["bad.toml: fix of items.a.definition: the field does not hold 'lose any earlier versions'"]


def test_considerations_under_the_next_steps_heading_are_reported(tmp_path):
    """The first fidelity defect of its kind: Leeds' points to think about when planning, shown as
    its next steps. The seed puts "Next Steps" after them, never over them."""
    seeds_or_skip()
    leeds = load(ROOT / "instruments" / "leeds-six-principles.toml")
    considering = next(g for g in leeds["guidance"] if g["id"] == "other-things-to-consider")
    bad = _write(tmp_path / "bad.toml", leeds["source"]["seed"], [("not-there-yet", "Not there yet")],
                 '[[items]]\nid = "a"\nname = "Assets"\n'
                 f'[[guidance]]\nid = "g"\nheading = "Next Steps"\ntext = {json.dumps(considering["text"])}\nshow = ["plan"]\n')
    assert missing_wording(bad) == []  # every word is the seed's: only the heading misleads
    assert [p.split(":")[1].strip() for p in misheaded(bad)] == ["guidance.g.heading"]


def test_a_diagram_caption_given_as_the_heading_of_the_text_before_it_is_reported(tmp_path):
    seeds_or_skip()
    headstart = load(ROOT / "instruments" / "headstart-checklist.toml")
    ladder = next(g for g in headstart["guidance"] if g["id"] == "ladder-of-participation")
    caption = "HeadStart Wolverhampton interpretation of “Arnstein’s Ladder of Citizen Participation”"
    bad = _write(tmp_path / "bad.toml", headstart["source"]["seed"], [("no", "No")],
                 '[[items]]\nid = "a"\nname = "Before starting"\n'
                 f'[[guidance]]\nid = "g"\nheading = {json.dumps(caption)}\ntext = {json.dumps(ladder["text"])}\nshow = ["instrument"]\n')
    assert missing_wording(bad) == [] and len(misheaded(bad)) == 1


def test_a_new_label_attributing_words_to_the_source_is_found(tmp_path):
    module = tmp_path / "page.py"
    module.write_text('"""A page."""\nheading("Next steps the source suggests")\nst.caption("From the toolkit")\n', encoding="utf-8")
    assert [line.split(":", 2)[1] for line in strings_claiming(module)] == ["2", "3"]
