"""The reference data: places, themes, units, metrics and sources, validated with pydantic."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from envdash.core.periods import PeriodError, parse_period
from envdash.core.problems import Problem, with_suggestion
from envdash.curation.changelog import Change, read_changelog
from envdash.curation.record_validation import read_records
from envdash.curation.yaml_files import read_yaml

Direction = Literal["higher_better", "lower_better", "neutral"]
# A word the drafter looks for in a text (a unit spelling, a cue, a not_when word): an empty one would
# be found everywhere.
Word = Annotated[str, Field(min_length=1)]
Level = Literal["province", "prefecture", "county"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Place(Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name_zh: str = Field(min_length=1)
    name_en: str = Field(min_length=1)
    level: Level
    parent: str | None = None


class Theme(Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name_zh: str
    name_en: str
    # Words that place a sentence in this theme (水质, 断面 for water): a drafted number whose name
    # is shared by metrics of two themes ("优良率") goes to the theme its sentence speaks of.
    cues: list[Word] = []


class Unit(Strict):
    id: str = Field(min_length=1)
    name_zh: str
    name_en: str
    dimension: str
    factor: float = Field(gt=0, allow_inf_nan=False)
    # Other spellings the reports use (微克每立方米, μg/m3, ug/m3): read as this unit when drafting.
    written: list[Word] = []


class Reference(Strict):
    kind: Literal["standard", "guideline", "national_target", "national_average"]
    value: float = Field(allow_inf_nan=False)
    label_zh: str
    label_en: str
    source: str = Field(min_length=1)
    year: int | None = None


class Metric(Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name_zh: str = Field(min_length=1)
    name_en: str = Field(min_length=1)
    unit: str
    direction: Direction
    theme: str
    comparable: bool
    definition_zh: str = Field(min_length=1)
    definition_en: str = Field(min_length=1)
    synonyms: list[str] = []
    # Words that, beside a synonym, mean another measure: 近岸海域 before 优良水质比例 is sea water,
    # not surface water. A drafted number whose own words hold one is not given this metric.
    not_when: list[Word] = []
    references: list[Reference] = []
    # A count that feeds a share: a figure of this metric stated with its whole (49 of 49, 5 of 8)
    # implies a figure of `share_metric` (100 %, 62.5 %), which the build derives.
    share_metric: str | None = None


class Scope(Strict):
    """What a figure covers when that matters for reading or comparing it (a section set, urban districts)."""
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name_zh: str = Field(min_length=1)
    name_en: str = Field(min_length=1)
    definition_zh: str = Field(min_length=1)
    definition_en: str = Field(min_length=1)


class Source(Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    place: str
    issuer_zh: str
    issuer_en: str
    title_zh: str
    title_en: str
    title_note_zh: str | None = None
    title_note_en: str | None = None
    published: dt.date
    published_certainty: Literal["exact", "inferred"]
    published_note_zh: str | None = None
    published_note_en: str | None = None
    period: str
    kind: str
    script: Literal["simplified", "traditional"]
    path: str
    boilerplate: list[str] = []


@dataclass
class Catalog:
    root: Path
    places: dict[str, Place] = field(default_factory=dict)
    themes: dict[str, Theme] = field(default_factory=dict)
    units: dict[str, Unit] = field(default_factory=dict)
    metrics: dict[str, Metric] = field(default_factory=dict)
    scopes: dict[str, Scope] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)   # publishes from the studio (data/changelog.yaml)
    source_texts: dict[str, str] = field(default_factory=dict)
    # (section, id) → (file label, line index, record position): where each record was written
    locations: dict[tuple[str, str], tuple[str, object, int]] = field(default_factory=dict)

    def unit_factor(self, unit_id: str) -> float:
        return self.units[unit_id].factor

    def problem(self, section: str, record_id: str, field_name: str, message: str) -> Problem:
        label, lines, index = self.locations.get((section, record_id), (f"data/{section}", None, 0))
        line = lines.field_line(section, index, field_name) if lines else 1
        return Problem(label, line, f"{section}[{index}] {record_id}", field_name, message)


def _read_keyed(paths: list[Path], root: Path, section: str, model, problems: list[Problem],
                locations: dict) -> dict:
    """Records of `section` from `paths`, keyed by id; a repeated id is a problem."""
    by_id = {}
    for path in paths:
        document, read_problems = read_yaml(path, str(path.relative_to(root)))
        problems.extend(read_problems)
        if document is None:
            continue
        for index, record in read_records(document, section, model, problems):
            if record.id in by_id:
                problems.append(Problem(document.label, document.lines.field_line(section, index, "id"),
                                        f"{section}[{index}]", "id", f"duplicate id {record.id!r}"))
                continue
            by_id[record.id] = record
            locations[(section, record.id)] = (document.label, document.lines, index)
    return by_id


def _dimension(catalog: Catalog, metric: Metric) -> str | None:
    unit = catalog.units.get(metric.unit)
    return unit.dimension if unit else None


def _share_metric_problems(catalog: Catalog, metric: Metric) -> list[Problem]:
    """A count feeds a share: the count is measured in a count unit, the share in a share unit."""
    share = catalog.metrics.get(metric.share_metric)
    if share is None:
        return [catalog.problem("metrics", metric.id, "share_metric",
                                with_suggestion(f"unknown metric {metric.share_metric!r}", metric.share_metric,
                                                catalog.metrics))]
    problems = []
    if _dimension(catalog, share) != "share":
        problems.append(catalog.problem("metrics", metric.id, "share_metric",
                                        f"{share.id!r} is measured in {share.unit!r}, not a share (%): a count "
                                        f"stated with its whole implies a share"))
    if _dimension(catalog, metric) not in (None, "count"):
        problems.append(catalog.problem("metrics", metric.id, "share_metric",
                                        f"only a count feeds a share; {metric.id!r} is measured in {metric.unit!r}"))
    return problems


def _one_language_only(catalog: Catalog, section: str, record_id: str, record, stem: str) -> list[Problem]:
    """A note is written in both languages or not at all: the app shows it in the reader's."""
    zh, en = getattr(record, f"{stem}_zh"), getattr(record, f"{stem}_en")
    if bool(zh) == bool(en):
        return []
    missing = f"{stem}_en" if zh else f"{stem}_zh"
    present = f"{stem}_zh" if zh else f"{stem}_en"
    return [catalog.problem(section, record_id, present, f"{present} needs {missing} too: notes are shown in "
                                                         f"the reader's language")]


def load_catalog(root: Path) -> tuple[Catalog, list[Problem]]:
    """Read and cross-check the reference data under `root`/data."""
    data = root / "data"
    problems: list[Problem] = []
    catalog = Catalog(root)
    where = catalog.locations
    catalog.places = _read_keyed([data / "places.yaml"], root, "places", Place, problems, where)
    catalog.themes = _read_keyed([data / "themes.yaml"], root, "themes", Theme, problems, where)
    catalog.units = _read_keyed([data / "units.yaml"], root, "units", Unit, problems, where)
    catalog.metrics = _read_keyed(sorted((data / "metrics").glob("*.yaml")), root, "metrics", Metric,
                                  problems, where)
    catalog.scopes = _read_keyed([data / "scopes.yaml"], root, "scopes", Scope, problems, where)
    catalog.sources = _read_keyed([data / "sources.yaml"], root, "sources", Source, problems, where)

    for place in catalog.places.values():
        if place.parent and place.parent not in catalog.places:
            problems.append(catalog.problem("places", place.id, "parent", with_suggestion(f"unknown place {place.parent!r}", place.parent, catalog.places)))
    for metric in catalog.metrics.values():
        if metric.unit not in catalog.units:
            problems.append(catalog.problem("metrics", metric.id, "unit", with_suggestion(f"unknown unit {metric.unit!r}", metric.unit, catalog.units)))
        if metric.theme not in catalog.themes:
            problems.append(catalog.problem("metrics", metric.id, "theme", with_suggestion(f"unknown theme {metric.theme!r}", metric.theme, catalog.themes)))
        if metric.share_metric is not None:
            problems.extend(_share_metric_problems(catalog, metric))
    for source in catalog.sources.values():
        if source.place not in catalog.places:
            problems.append(catalog.problem("sources", source.id, "place", with_suggestion(f"unknown place {source.place!r}", source.place, catalog.places)))
        for note in ("title_note", "published_note"):
            problems.extend(_one_language_only(catalog, "sources", source.id, source, note))
        try:
            parse_period(source.period)
        except PeriodError as error:
            problems.append(catalog.problem("sources", source.id, "period", str(error)))
        text_path = root / source.path
        if not text_path.is_file():
            problems.append(catalog.problem("sources", source.id, "path", f"no file at {source.path}"))
            continue
        try:
            catalog.source_texts[source.id] = text_path.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            problems.append(catalog.problem("sources", source.id, "path", f"{source.path} is not UTF-8"))
    catalog.changes = read_changelog(root, catalog.sources, problems)
    return catalog, problems
