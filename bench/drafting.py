"""How well `suggest` drafts real-style report excerpts: the share of figures with the right value,
unit and comparator, and of headline figures with the right metric, kind and period.

    python bench/drafting.py [--set dev|heldback|independent|all] [--show]

The excerpts and their expected records are in tests/fixtures/drafting/ (see the README there: the
held-back and independent sets are for measuring only). `--show` lists every figure drafted wrong, with what was
drafted instead; use it on the dev set.
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))

from envdash.core.numbers import same_number  # noqa: E402
from envdash.core.periods import PeriodError, parse_period  # noqa: E402
from envdash.curation.catalog import Catalog, load_catalog  # noqa: E402
from envdash.curation.drafting.context import ReportInfo  # noqa: E402
from envdash.curation.drafting.figures import Suggestion, suggest_figures  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "drafting"
SETS = ("dev", "heldback", "independent")
# The headline figures of issue 16: PM2.5, good-days share, composite index, Class I–III water
# share, drinking-water compliance.
HEADLINE_METRICS = frozenset({"pm25_annual_mean", "air_good_days_ratio", "air_quality_composite_index",
                              "surface_water_good_ratio", "drinking_water_source_compliance"})
_EXCERPT_KEYS = {"id", "published", "period", "plan", "text", "figures"}
_FIGURE_KEYS = {"value", "unit", "cmp", "change", "metric", "kind", "period", "near"}


class FixtureError(ValueError):
    """An expected record that cannot be read; the message names file, excerpt, figure and field."""


@dataclass(frozen=True)
class Expected:
    value: float | None
    unit: str | None
    comparator: str
    change: tuple[float, str] | None
    metric: str | None
    kind: str | None
    period: str | None
    near: str | None

    @property
    def is_headline(self) -> bool:
        return self.metric in HEADLINE_METRICS


@dataclass(frozen=True)
class Excerpt:
    file: str
    id: str
    genre: str
    info: ReportInfo
    text: str
    figures: tuple[Expected, ...]


@dataclass
class Outcome:
    """What became of one expected figure."""
    excerpt: Excerpt
    expected: Expected
    drafted: Suggestion | None
    value_right: bool
    change_right: bool
    metric_right: bool = False
    kind_right: bool = False
    period_right: bool = False

    @property
    def headline_right(self) -> bool:
        return self.metric_right and self.kind_right and self.period_right


@dataclass
class Score:
    outcomes: list[Outcome] = field(default_factory=list)
    spurious_headlines: list[tuple[Excerpt, Suggestion]] = field(default_factory=list)

    @property
    def figures(self) -> int:
        return len(self.outcomes)

    @property
    def value_rate(self) -> float:
        return _share(sum(o.value_right for o in self.outcomes), self.figures)

    @property
    def headlines(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.expected.is_headline]

    @property
    def headline_rate(self) -> float:
        return _share(sum(o.headline_right for o in self.headlines), len(self.headlines))

    def only(self, genre: str) -> "Score":
        return Score([o for o in self.outcomes if o.excerpt.genre == genre],
                     [pair for pair in self.spurious_headlines if pair[0].genre == genre])


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


# --- reading the fixtures ----------------------------------------------------------------------------------

def _fail(where: str, message: str) -> FixtureError:
    return FixtureError(f"{where}: {message}")


def _expected(record: object, where: str) -> Expected:
    if not isinstance(record, dict):
        raise _fail(where, "a figure is a mapping such as {value: 30, unit: µg/m³}")
    unknown = set(record) - _FIGURE_KEYS
    if unknown:
        raise _fail(where, f"unknown field(s) {sorted(unknown)}; known: {sorted(_FIGURE_KEYS)}")
    if "value" not in record or "unit" not in record:
        raise _fail(where, "value and unit are required (value: null for a change only)")
    value = record["value"]
    if value is not None and not isinstance(value, (int, float)):
        raise _fail(where + ": value", f"{value!r} is not a number")
    change = record.get("change")
    if change is not None:
        if not (isinstance(change, list) and len(change) == 2 and isinstance(change[0], (int, float))):
            raise _fail(where + ": change", "a change is [value, unit], e.g. [-5.0, \"%\"]")
        change = (float(change[0]), str(change[1]))
    if value is None and change is None:
        raise _fail(where, "a figure with no value needs a change")
    metric = record.get("metric")
    if metric is not None:
        for key in ("kind", "period"):
            if key not in record:
                raise _fail(where + f": {key}", f"a figure with a metric needs its {key}")
        if record["kind"] not in ("actual", "target"):
            raise _fail(where + ": kind", f"{record['kind']!r} is not actual or target")
        try:
            parse_period(record["period"])
        except PeriodError as error:
            raise _fail(where + ": period", str(error)) from None
    return Expected(None if value is None else float(value), record["unit"], record.get("cmp", "="), change,
                    metric, record.get("kind"), None if record.get("period") is None else str(record["period"]),
                    record.get("near"))


def _excerpt(record: object, genre: str, label: str, index: int) -> Excerpt:
    where = f"{label}: excerpts[{index}]"
    if not isinstance(record, dict):
        raise _fail(where, "an excerpt is a mapping with id, published, period, text and figures")
    where = f"{label}: {record.get('id', f'excerpts[{index}]')}"
    unknown = set(record) - _EXCERPT_KEYS
    missing = {"id", "published", "period", "text", "figures"} - set(record)
    if unknown or missing:
        raise _fail(where, f"unknown field(s) {sorted(unknown)}" if unknown else f"missing {sorted(missing)}")
    if not isinstance(record["published"], dt.date):
        raise _fail(where + ": published", f"{record['published']!r} is not a date (YYYY-MM-DD)")
    try:
        parse_period(record["period"])
    except PeriodError as error:
        raise _fail(where + ": period", str(error)) from None
    figures = tuple(_expected(figure, f"{where}: figures[{number}]")
                    for number, figure in enumerate(record["figures"] or []))
    info = ReportInfo(record["published"], str(record["period"]), bool(record.get("plan", False)))
    return Excerpt(label, str(record["id"]), genre, info, str(record["text"]), figures)


def load_set(name: str, fixtures: Path = FIXTURES) -> list[Excerpt]:
    """Every excerpt of the set `name` (a folder under `fixtures`), file by file."""
    folder = fixtures / name
    if not folder.is_dir():
        raise FixtureError(f"no set {name!r}: {folder} is not a folder")
    excerpts = []
    for path in sorted(folder.glob("*.yaml")):
        label = str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)
        try:
            document = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as error:
            raise FixtureError(f"{label}: not YAML ({error})") from None
        if not isinstance(document, dict) or not isinstance(document.get("excerpts"), list):
            raise _fail(label, "expected a mapping with genre and a list of excerpts")
        genre = str(document.get("genre", path.stem))
        excerpts += [_excerpt(record, genre, label, index) for index, record in enumerate(document["excerpts"])]
    ids = Counter(excerpt.id for excerpt in excerpts)
    if repeated := [excerpt_id for excerpt_id, count in ids.items() if count > 1]:
        raise FixtureError(f"{name}: excerpt id(s) used twice: {repeated}")
    return excerpts


# --- scoring -----------------------------------------------------------------------------------------------

def _states(suggestion: Suggestion, expected: Expected) -> bool:
    """Whether the suggestion is the expected figure's number: its value, or for a change only its change."""
    if expected.value is not None:
        return suggestion.value is not None and same_number(suggestion.value, expected.value)
    return (suggestion.value is None and suggestion.change is not None
            and same_number(suggestion.change["value"], expected.change[0]))


def _value_right(suggestion: Suggestion, expected: Expected) -> bool:
    if suggestion.comparator != expected.comparator:
        return False
    if expected.value is None:
        return suggestion.change["unit"] == expected.change[1]
    return suggestion.unit == expected.unit


def _change_right(suggestion: Suggestion | None, expected: Expected) -> bool:
    drafted = suggestion.change if suggestion is not None else None
    if expected.change is None or drafted is None:
        return expected.change is None and drafted is None
    return same_number(drafted["value"], expected.change[0]) and drafted["unit"] == expected.change[1]


def _same_period(left: str | None, right: str | None) -> bool:
    try:
        first, second = parse_period(left), parse_period(right)
    except (PeriodError, TypeError):
        return False
    return (first.start, first.end) == (second.start, second.end)


def score_excerpt(excerpt: Excerpt, suggestions: list[Suggestion]) -> tuple[list[Outcome], list[Suggestion]]:
    """Each expected figure matched, in reading order, to the first unused suggestion stating its number."""
    used: set[int] = set()
    outcomes = []
    for expected in excerpt.figures:
        drafted = next((s for index, s in enumerate(suggestions) if index not in used and _states(s, expected)
                        and (expected.near is None or expected.near in s.quote)), None)
        if drafted is None:
            outcomes.append(Outcome(excerpt, expected, None, False, False))
            continue
        used.add(next(index for index, s in enumerate(suggestions) if s is drafted))
        outcome = Outcome(excerpt, expected, drafted, _value_right(drafted, expected), _change_right(drafted, expected))
        if expected.is_headline:
            guessed = drafted.metric.metric if drafted.metric else None
            outcome.metric_right = guessed == expected.metric
            outcome.kind_right = drafted.kind == expected.kind
            outcome.period_right = _same_period(drafted.period, expected.period)
        outcomes.append(outcome)
    expected_headline = {id(o.drafted) for o in outcomes if o.drafted is not None and o.expected.metric
                         and o.drafted.metric and o.drafted.metric.metric == o.expected.metric}
    spurious = [s for s in suggestions if s.metric and s.metric.metric in HEADLINE_METRICS
                and id(s) not in expected_headline]
    return outcomes, spurious


def score_set(excerpts: list[Excerpt], catalog: Catalog) -> Score:
    score = Score()
    for excerpt in excerpts:
        suggestions = suggest_figures(excerpt.text, "testplace", catalog, excerpt.info)
        outcomes, spurious = score_excerpt(excerpt, suggestions)
        score.outcomes += outcomes
        score.spurious_headlines += [(excerpt, suggestion) for suggestion in spurious]
    return score


# --- the report ----------------------------------------------------------------------------------------------

def _line(label: str, score: Score) -> str:
    headlines = score.headlines
    right = sum(o.value_right for o in score.outcomes)
    headline_right = sum(o.headline_right for o in headlines)
    parts = [f"{label:<22} value+unit+comparator {right:>3}/{score.figures:<3} {score.value_rate:6.1%}",
             f"headline metric+kind+period {headline_right:>3}/{len(headlines):<3} {score.headline_rate:6.1%}"]
    if headlines:
        parts.append("(metric {m}, kind {k}, period {p})".format(
            m=sum(o.metric_right for o in headlines), k=sum(o.kind_right for o in headlines),
            p=sum(o.period_right for o in headlines)))
    changes = [o for o in score.outcomes if o.expected.change is not None]
    parts.append(f"changes {sum(o.change_right for o in changes)}/{len(changes)}")
    parts.append(f"wrong headline metric on other numbers {len(score.spurious_headlines)}")
    return "  ".join(parts)


def report(name: str, score: Score) -> str:
    genres = sorted({o.excerpt.genre for o in score.outcomes})
    excerpts = len({o.excerpt.id for o in score.outcomes})
    lines = [f"{name}: {excerpts} excerpts, {score.figures} figures, {len(score.headlines)} headline figures",
             _line("  all", score)]
    lines += [_line(f"  {genre}", score.only(genre)) for genre in genres]
    return "\n".join(lines)


def _drafted(suggestion: Suggestion | None) -> str:
    if suggestion is None:
        return "not drafted"
    metric = suggestion.metric.metric if suggestion.metric else None
    return (f"value {suggestion.value} unit {suggestion.unit} cmp {suggestion.comparator} change {suggestion.change} "
            f"metric {metric} kind {suggestion.kind} period {suggestion.period}")


def failures(score: Score) -> str:
    lines = []
    for outcome in score.outcomes:
        wrong = [name for name, right in (("value/unit/comparator", outcome.value_right),
                                         ("metric", outcome.metric_right or not outcome.expected.is_headline),
                                         ("kind", outcome.kind_right or not outcome.expected.is_headline),
                                         ("period", outcome.period_right or not outcome.expected.is_headline),
                                         ("change", outcome.change_right or outcome.expected.change is None))
                 if not right]
        if wrong:
            expected = outcome.expected
            lines.append(f"{outcome.excerpt.id}: {', '.join(wrong)} wrong\n"
                         f"    expected value {expected.value} unit {expected.unit} cmp {expected.comparator} "
                         f"change {expected.change} metric {expected.metric} kind {expected.kind} "
                         f"period {expected.period}\n    drafted  {_drafted(outcome.drafted)}"
                         + (f"\n    quote    {outcome.drafted.quote}" if outcome.drafted else ""))
    for excerpt, suggestion in score.spurious_headlines:
        lines.append(f"{excerpt.id}: headline metric on another number\n    drafted  {_drafted(suggestion)}\n"
                     f"    quote    {suggestion.quote}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=(*SETS, "all"), default="all")
    parser.add_argument("--show", action="store_true", help="list every figure drafted wrong")
    args = parser.parse_args(argv)
    catalog, problems = load_catalog(ROOT)
    if problems:
        print("\n".join(str(problem) for problem in problems), file=sys.stderr)
        return 1
    try:
        sets = {name: load_set(name) for name in (SETS if args.set == "all" else (args.set,))}
    except FixtureError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for name, excerpts in sets.items():
        score = score_set(excerpts, catalog)
        print(report(name, score))
        if args.show:
            print(failures(score))
    return 0


if __name__ == "__main__":
    sys.exit(main())
