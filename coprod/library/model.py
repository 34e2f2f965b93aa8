"""The objects an instrument is made of (Instrument, Item, Scale, Band, Source, Rules, …), immutable
once loaded, and the library of all instruments. Files become these objects in
coprod.library.loading, checked against coprod.library.schema first.
"""

from __future__ import annotations

from dataclasses import astuple, dataclass, field
from types import MappingProxyType
from typing import Mapping

from coprod.common.i18n import _, marked

FORMAT_VERSION = 1
# What an instrument is, which decides its results, summary and plan (never its id):
# a scale scores how far along something is (a radar); a checklist ticks checks off (the list,
# ticked; a plan row per open check); a survey asks what people think (a tally; a plan by steps).
KINDS = ("scale", "checklist", "survey")
CHART_KINDS = {"scale": "radar", "checklist": "checklist", "survey": "tally"}
@dataclass(frozen=True)
class Words:
    """What a kind of instrument calls its parts, for every sentence the app writes about them: a
    scale is scored, a checklist's checks and a survey's statements are answered."""

    score: str  # "score" | "answer"
    scored: str  # "scored" | "answered"
    item: str  # "item" | "check" | "statement"
    items: str
    answers: str  # the heading over every score (answer) with its example (notes)


# Marked for translation where a word stands alone (a column's heading: _(words.item).capitalize(), the
# heading _(words.answers)); a sentence that names them is written whole, once per kind, never put together.
KIND_WORDS = {
    "scale": Words(marked("score"), marked("scored"), marked("item"), marked("items"), marked("Scores and examples")),
    "checklist": Words(marked("answer"), marked("answered"), marked("check"), marked("checks"), marked("Your answers and notes")),
    "survey": Words(marked("answer"), marked("answered"), marked("statement"), marked("statements"),
                    marked("Your answers and notes")),
}
EXAMPLE_PLACES = ("score", "item")  # an example per score (each item in each view), or one per item
# Where a passage of the source is shown: the instrument's page; beside the plan where one is made;
# on the results (and their PDF); where others are invited to rate someone on this instrument
# ("raters"); beside one item ("item:<id>") or one free-text question ("prompt:<id>") while
# answering. Two places take passages of every instrument, as the people answering may be young
# people whatever the toolkit: every team session ("sessions"; "sessions-with-young-people" is its
# older name) and every invitation to rate someone and its rater's page ("all-raters").
GUIDANCE_PLACES = ("instrument", "plan", "results", "raters", "sessions", "all-raters", "sessions-with-young-people")


# --------------------------------------------------------------------------- the objects


@dataclass(frozen=True)
class Problem:
    file: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.field}: {self.message}"


@dataclass(frozen=True)
class Source:
    seed: str
    title: str
    publisher: str
    year: int | None = None
    note: str = ""

    def citation(self) -> str:
        year = f" ({self.year})" if self.year else ""
        return f"{self.publisher}{year}, {self.title}"


@dataclass(frozen=True)
class Band:
    id: str
    name: str
    min: int
    max: int
    meaning: str = ""

    def contains(self, score: int) -> bool:
        return self.min <= score <= self.max

    @property
    def range_label(self) -> str:
        return str(self.min) if self.min == self.max else f"{self.min}–{self.max}"


@dataclass(frozen=True)
class Point:
    value: int
    label: str


@dataclass(frozen=True)
class Scale:
    min: int
    max: int
    bands: tuple[Band, ...]
    points: tuple[Point, ...] = ()

    @property
    def values(self) -> range:
        return range(self.min, self.max + 1)

    def band_for(self, score: int) -> Band:
        for band in self.bands:
            if band.contains(score):
                return band
        raise ValueError(f"score {score} is outside the scale {self.min}–{self.max}")

    def band_above(self, band: Band) -> Band | None:
        index = self.bands.index(band)
        return self.bands[index + 1] if index + 1 < len(self.bands) else None

    def label_for(self, score: int) -> str:
        for point in self.points:
            if point.value == score:
                return point.label
        return str(score)

    def level(self, score: int) -> str:
        """A score as people read it: the point's name ("Basic"), or the number and its band
        ("5 · Making progress") when the point has no name of its own."""
        label, band = self.label_for(score), self.band_for(score).name
        return label if label == band else f"{label} · {band}"

    @property
    def is_named(self) -> bool:
        """Every point has a name (nef's levels, Yes / No): show names rather than numbers."""
        return len(self.points) == len(self.values)

    def describe(self) -> str:
        if self.is_named:
            return " · ".join(p.label for p in self.points)
        bands = ", ".join(f"{b.range_label} {b.name}" for b in self.bands)
        return f"{self.min}–{self.max} ({bands})"


@dataclass(frozen=True)
class Example:
    text: str
    band: str = ""
    title: str = ""


@dataclass(frozen=True)
class Item:
    id: str
    name: str
    definition: str = ""
    group: str = ""
    supports: tuple[str, ...] = ()
    options: tuple[str, ...] = ()
    next_steps: tuple[str, ...] = ()
    descriptors: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    examples: tuple[Example, ...] = ()


@dataclass(frozen=True)
class Perspective:
    id: str
    label: str


@dataclass(frozen=True)
class Prompt:
    id: str
    label: str
    text: str


@dataclass(frozen=True)
class Interpretation:
    min: int
    max: int
    heading: str
    text: str
    next_steps: tuple[str, ...] = ()  # the source's advice for an item scored in this range: it pre-fills the plan


@dataclass(frozen=True)
class Rules:
    example_required: bool
    example_label: str
    scores_may_be_totalled: bool
    descriptors_per_item: bool
    example_rule: str = ""
    example_per: str = "score"  # "score": one per item and view (Leeds' evidence); "item": one per item (nef)
    rated_by_others: bool = False  # others may be invited to complete it about the person (IMAGINE)
    example_rule_from: str = ""  # where the rule comes from, when not from this instrument's own part of the source


@dataclass(frozen=True)
class Chart:
    kind: str  # derived from the instrument's kind: "radar", "checklist" or "tally"
    note: str = ""
    point_rings: bool = False  # a faint ring for every point of the scale, not only the band edges


@dataclass(frozen=True)
class Guidance:
    """A passage of the source shown where a practitioner needs it: on the instrument's page, beside
    one item while scoring ("item:<id>"), or on a team session whose role groups include young people."""

    id: str
    heading: str
    text: str
    show: tuple[str, ...]
    note: str = ""  # what a reader should know of the passage here (to whom it is addressed, what it points to)


@dataclass(frozen=True)
class Step:
    """A step of a change process the source proposes (the Co-production Star), a survey's plan rows."""

    id: str
    name: str
    text: str


@dataclass(frozen=True)
class ReferenceTally:
    """Counts of answers a known group gave (the source's own table), shown beside a person's answers."""

    label: str
    counts: Mapping[str, tuple[int, ...]]  # item id -> count per band, in the scale's band order


@dataclass(frozen=True)
class Fix:
    field: str
    seed_text: str
    fixed_text: str
    why: str


@dataclass(frozen=True)
class AdaptedFrom:
    """What a personalised version was copied from: the original's id, title and the fingerprint of
    the wording it started from (the source citation stays in the version's own [source])."""

    id: str
    title: str
    fingerprint: str = ""


@dataclass(frozen=True)
class Translation:
    """What a translated version says of its translation (coprod.library.translation): who translated it,
    from which language, and the source text each translated field was translated from, by path."""

    translator: str = ""
    from_language: str = "en"
    sources: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True)
class Instrument:
    id: str
    title: str
    short_title: str
    purpose: str
    how_to_use: str
    time_needed: str
    source: Source
    scale: Scale
    rules: Rules
    chart: Chart
    items: tuple[Item, ...]
    perspectives: tuple[Perspective, ...] = ()
    prompts: tuple[Prompt, ...] = ()
    interpretation: tuple[Interpretation, ...] = ()
    general_next_steps: tuple[str, ...] = ()
    next_steps_heading: str = ""  # the source's heading over the items' next steps (or coprod's, marked)
    next_steps_for: str = ""  # whom the items' next steps are for, when not the person answering (they then fill no plan)
    supports_heading: str = ""  # the source's heading over the principles an item supports
    fixes: tuple[Fix, ...] = ()
    review_interval_days: int | None = None
    review_advice: str = ""
    kind: str = "scale"
    guidance: tuple[Guidance, ...] = ()
    steps: tuple[Step, ...] = ()
    reference_tally: ReferenceTally | None = None
    by_coprod: frozenset[str] = frozenset()  # fields written for coprod, not quoted from the source
    path: str = ""
    fingerprint: str = ""  # of the file's text: tells one version of an instrument from another
    version: int | None = None  # a personalised version's number (1, 2, …); built-in files have none
    adapted_from: AdaptedFrom | None = None  # set on a personalised version
    snapshot: str = ""  # the stored, never-changed copy of a personalised version's text (coprod.library.versions)
    language: str = "en"  # the language of its wording: the source's for a built-in, a translated version's own
    translation: Translation | None = None  # set on a translated version (coprod.library.translation)

    def written_by_coprod(self, field: str) -> bool:
        """Whether a field's text (e.g. "time_needed", "chart.note", "prompts.<id>.label") is coprod's
        own words rather than the source's: it is then shown as coprod's guidance, never as a quote."""
        return field in self.by_coprod

    @property
    def words(self) -> Words:
        """In the reader's language: every caller writes them for a person (a heading, a column, a
        word in a sentence), never as data."""
        return Words(*(_(word) for word in astuple(KIND_WORDS[self.kind])))

    def guidance_for(self, place: str) -> tuple[Guidance, ...]:
        places = {place, "sessions-with-young-people"} if place == "sessions" else {place}
        return tuple(g for g in self.guidance if places & set(g.show))

    def item(self, item_id: str) -> Item:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    @property
    def groups(self) -> tuple[str, ...]:
        """Item groups in order of first appearance ('' when items are not grouped)."""
        return tuple(dict.fromkeys(item.group for item in self.items))


@dataclass(frozen=True)
class BrokenFile:
    path: str
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class Library:
    instruments: tuple[Instrument, ...]
    broken: tuple[BrokenFile, ...]

    def get(self, instrument_id: str) -> Instrument | None:
        for instrument in self.instruments:
            if instrument.id == instrument_id:
                return instrument
        return None
