"""What places can be compared on: comparable metrics, each chosen place's actual in one scope (and
one year, if asked), who reports the metric and who does not, the places' ranks, and the spread of
each place's directives over themes.

A comparison is always made within one scope: a share of national-controlled sections and a share
of city-controlled sections are different figures, and so are a city's urban districts and the
city as a whole. The reader picks the scope; the default is the scope the most chosen places
report (`scope_options` states the tie rule).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from envdash.core.i18n import t
from envdash.store.queries import cached_view, run_query

# The scope token of figures about the place as a whole (figures without a scope). Scope ids are
# lower-case words joined by "_" (data/scopes.yaml), so a hyphenated token cannot be one of them.
WHOLE_AREA = "whole-area"
# Names listed in the "who does not report" note before it says "and N others".
NAMES_LISTED = 8


@dataclass(frozen=True)
class ScopeOption:
    """A scope the chosen places report the metric in, and how widely."""
    scope: str           # a scope id of data/scopes.yaml, or WHOLE_AREA
    name_zh: str
    name_en: str
    places: int          # chosen places with an actual in this scope
    newest_year: int     # the newest year of those actuals


@dataclass(frozen=True)
class YearOption:
    year: int
    places: int          # chosen places with an actual for this year in the chosen scope


@dataclass(frozen=True)
class ComparisonChoices:
    """What the reader can pick for one metric and set of places; each list's first item is its default."""
    scopes: list[ScopeOption]
    years: dict[str, list[YearOption]]     # by scope

    def scope_ids(self) -> list[str]:
        return [option.scope for option in self.scopes]

    def year_list(self, scope: str) -> list[int]:
        return [option.year for option in self.years.get(scope, [])]


@dataclass
class ComparisonEvidence:
    """The bars of one comparison and everything a sentence about them may say.

    `rows` holds one actual per reporting place, in `scope` (and `year`, when the reader asked for
    one year), best first by the metric's direction, with its `rank` among them (missing when the
    values are not ranked: one place only, a neutral metric, or different periods) and `rank_tied`.
    Its scope_zh / scope_en name the scope, "whole area" included, so every bar can say it.
    """
    metric_id: str
    direction: str
    places: tuple[str, ...]                 # the chosen places, in display order
    place_names: dict[str, tuple[str, str]]  # (zh, en) name of each chosen place
    choices: ComparisonChoices
    scope: str | None                       # None: no chosen place reports the metric
    year: int | None                        # the one year asked for, else None
    rows: pd.DataFrame
    references: pd.DataFrame
    other_scope: tuple[str, ...] = ()       # chosen places reporting the metric only in other scopes
    other_year: tuple[str, ...] = ()        # ... in this scope, but not for the year asked for
    silent: tuple[str, ...] = ()            # chosen places with no actual of the metric at all
    scope_names: tuple[str, str] = ("", "")  # (zh, en) name of the chosen scope
    not_ranked_because: str | None = field(default=None)   # "one_place" | "neutral" | "periods"

    @property
    def reporting(self) -> tuple[str, ...]:
        return tuple(self.rows.place_id) if not self.rows.empty else ()

    @property
    def row_years(self) -> list[int]:
        """The years the bars fall in, oldest first."""
        return sorted({int(year) for year in self.rows.year}) if not self.rows.empty else []

    @property
    def mixed_years(self) -> list[int]:
        """The bars' years when they differ (for the warning and the slide's caveat), else []."""
        years = self.row_years
        return years if len(years) > 1 else []

    def scope_name(self, lang: str) -> str:
        return self.scope_names[0] if lang == "zh" else self.scope_names[1]


def comparable_metrics(metrics: pd.DataFrame) -> pd.DataFrame:
    return metrics[metrics.comparable & (metrics.actuals > 0)]


def scope_key(scope) -> str:
    """The scope token of a figure: its scope id, or WHOLE_AREA when it has none."""
    return scope if isinstance(scope, str) and scope else WHOLE_AREA


def with_scope_names(rows: pd.DataFrame) -> pd.DataFrame:
    """scope_key, and scope_zh / scope_en filled in for figures of the whole area."""
    keys = rows.scope.map(scope_key) if "scope" in rows else pd.Series(WHOLE_AREA, index=rows.index)
    whole = keys == WHOLE_AREA
    return rows.assign(scope_key=keys,
                       scope_zh=rows.get("scope_zh", pd.Series(None, index=rows.index, dtype=object))
                       .where(~whole, t("zh", "scope_whole_area")),
                       scope_en=rows.get("scope_en", pd.Series(None, index=rows.index, dtype=object))
                       .where(~whole, t("en", "scope_whole_area")))


def scope_options(actuals: pd.DataFrame) -> list[ScopeOption]:
    """The scopes of `actuals` (rows of compare_actuals), the default first.

    Order, and so the default: the scope the most places report; on a tie, the one whose newest
    figure is the most recent; then the whole area before any named scope; then by scope id.
    """
    if actuals.empty:
        return []
    rows = with_scope_names(actuals)
    options = []
    for key, group in rows.groupby("scope_key", sort=False):
        first = group.iloc[0]
        options.append(ScopeOption(key, str(first["scope_zh"]), str(first["scope_en"]),
                                   int(group.place_id.nunique()), int(group.year.max())))
    return sorted(options, key=lambda o: (-o.places, -o.newest_year, o.scope != WHOLE_AREA, o.scope))


def year_options(actuals: pd.DataFrame, scope: str) -> list[YearOption]:
    """The years of the actuals in `scope`, the default first: the year the most places share, the
    latest of those on a tie; the other years follow newest first."""
    rows = actuals[actuals.scope.map(scope_key) == scope] if not actuals.empty else actuals
    if rows.empty:
        return []
    counts = rows.groupby("year").place_id.nunique()
    options = [YearOption(int(year), int(count)) for year, count in counts.items()]
    default = max(options, key=lambda o: (o.places, o.year))
    return [default] + sorted((o for o in options if o is not default), key=lambda o: -o.year)


def choices_from(actuals: pd.DataFrame) -> ComparisonChoices:
    scopes = scope_options(actuals)
    return ComparisonChoices(scopes, {option.scope: year_options(actuals, option.scope) for option in scopes})


def _actuals(metric_id: str, places: tuple[str, ...]) -> pd.DataFrame:
    return run_query("compare_actuals", metric=metric_id, places=list(places))


@cached_view
def comparison_choices(metric_id: str, places: tuple[str, ...]) -> ComparisonChoices:
    """The scopes and years the chosen places report `metric_id` in (shared: read only)."""
    return choices_from(_actuals(metric_id, tuple(places)))


def in_default_scopes(actuals: pd.DataFrame) -> pd.DataFrame:
    """Rows of comparable_actuals kept to each metric's default scope (the one `scope_options` puts
    first), with the scope's names: one scope per metric, as on the one-metric view."""
    if actuals.empty:
        return with_scope_names(actuals)
    rows = with_scope_names(actuals)
    default = {metric_id: scope_options(group)[0].scope for metric_id, group in rows.groupby("metric_id", sort=False)}
    return rows[rows.scope_key == rows.metric_id.map(default)]


def rank_values(values: pd.Series, direction: str) -> pd.Series:
    """Competition ranks (1, 1, 3): the best value first by the direction; equal values share a rank."""
    return values.rank(method="min", ascending=direction == "lower_better").astype(int)


def _order_best_first(rows: pd.DataFrame, direction: str) -> pd.DataFrame:
    if direction == "neutral":
        return rows.sort_values("sort_order", kind="stable")
    return rows.sort_values(["value_std", "sort_order"], ascending=[direction == "lower_better", True], kind="stable")


def ranked(rows: pd.DataFrame, direction: str) -> tuple[pd.DataFrame, str | None]:
    """`rows` best first with `rank` and `rank_tied`, and why they are not ranked (None if they are).

    Values are ranked only when they can be: two places or more, a metric with a better direction,
    and one period for all (one scope is given: a comparison is made within one scope).
    """
    rows = _order_best_first(rows, direction)
    reason = None
    if len(rows) < 2:
        reason = "one_place"
    elif direction == "neutral":
        reason = "neutral"
    elif rows.period_label.nunique() > 1:
        reason = "periods"
    if reason:
        return rows.assign(rank=pd.NA, rank_tied=False), reason
    ranks = rank_values(rows.value_std, direction)
    return rows.assign(rank=ranks, rank_tied=ranks.duplicated(keep=False)), None


def evidence_from(actuals: pd.DataFrame, metric_id: str, direction: str, places: tuple[str, ...],
                  place_names: dict[str, tuple[str, str]], scope: str | None, year: int | None,
                  same_year: bool, references: pd.DataFrame | None = None) -> ComparisonEvidence:
    """The comparison of `actuals` (rows of compare_actuals) in `scope` (default if None or not offered)
    and, when `same_year`, in `year` (default if None or not offered)."""
    choices = choices_from(actuals)
    references = references if references is not None else pd.DataFrame()
    if not choices.scopes:
        return ComparisonEvidence(metric_id, direction, places, place_names, choices, None, None, actuals.head(0),
                                  references, silent=places)
    if scope not in choices.scope_ids():
        scope = choices.scopes[0].scope
    option = next(o for o in choices.scopes if o.scope == scope)
    if same_year:
        if year not in choices.year_list(scope):
            year = choices.years[scope][0].year
    else:
        year = None
    rows = with_scope_names(actuals)
    reporting_anywhere = set(rows.place_id)
    in_scope = rows[rows.scope_key == scope]
    chosen = in_scope[in_scope.year == year] if year is not None else in_scope
    # each place's newest actual in the scope (its only one for the year asked for)
    chosen = chosen.sort_values("period_end").groupby("place_id", sort=False).tail(1)
    chosen, reason = ranked(chosen, direction)
    shown, scoped = set(chosen.place_id), set(in_scope.place_id)
    return ComparisonEvidence(
        metric_id, direction, places, place_names, choices, scope, year, chosen.reset_index(drop=True), references,
        other_scope=tuple(p for p in places if p in reporting_anywhere and p not in scoped),
        other_year=tuple(p for p in places if p in scoped and p not in shown),
        silent=tuple(p for p in places if p not in reporting_anywhere),
        scope_names=(option.name_zh, option.name_en), not_ranked_because=reason)


def comparison_evidence(metric_id: str, direction: str, places: tuple[str, ...],
                        place_names: dict[str, tuple[str, str]], scope: str | None, year: int | None,
                        same_year: bool) -> ComparisonEvidence:
    return evidence_from(_actuals(metric_id, tuple(places)), metric_id, direction, tuple(places), place_names,
                         scope, year, same_year, run_query("metric_references", metric=metric_id))


# --- sentences ---------------------------------------------------------------------------------------

_ORDINAL_SUFFIX = {1: "st", 2: "nd", 3: "rd"}


def ordinal(number: int, lang: str) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st …; 第1, 第2 … in Chinese."""
    if lang == "zh":
        return f"第{number}"
    suffix = "th" if 10 <= number % 100 <= 20 else _ORDINAL_SUFFIX.get(number % 10, "th")
    return f"{number}{suffix}"


def rank_text(rank: int, of: int, tied: bool, lang: str) -> str:
    """"2nd of 3 reporting" / "3个填报地区中第2"; a shared rank says "tied"."""
    return t(lang, "compare_rank_tied" if tied else "compare_rank", rank=ordinal(rank, lang), count=of)


def name_list(names: list[str], lang: str) -> str:
    """"A, B and C" / "A、B和C"; more than NAMES_LISTED names end in "and N others" / "等N个地区"."""
    if len(names) > NAMES_LISTED:
        shown, rest = names[:NAMES_LISTED], len(names) - NAMES_LISTED
        return t(lang, "compare_names_and_others", names=("、" if lang == "zh" else ", ").join(shown), count=rest)
    if len(names) == 1:
        return names[0]
    return t(lang, "compare_names_and", names=("、" if lang == "zh" else ", ").join(names[:-1]), last=names[-1])


def _names(evidence: ComparisonEvidence, place_ids: tuple[str, ...], lang: str) -> list[str]:
    return [evidence.place_names[p][0 if lang == "zh" else 1] for p in place_ids]


def reporting_note(evidence: ComparisonEvidence, lang: str) -> str:
    """How many of the chosen places the bars show, and which do not appear and why, in one sentence.

    "1 of the 7 chosen places reports this metric (national-controlled sections); Jiaxing reports it
    only for other scopes; Hebei, … and Cixi do not report it."
    """
    total, shown = len(evidence.places), len(evidence.reporting)
    if not total:
        return ""
    within = evidence.scope_name(lang) if evidence.year is None else \
        t(lang, "compare_scope_and_year", scope=evidence.scope_name(lang), year=evidence.year)
    if shown == total:
        parts = [t(lang, "compare_reporting_all", count=total, within=within)]
    else:
        parts = [t(lang, "compare_reporting_one" if shown == 1 else "compare_reporting_some", count=shown,
                   total=total, within=within)]
    for group, key in ((evidence.other_scope, "compare_other_scope"), (evidence.other_year, "compare_other_year"),
                       (evidence.silent, "compare_silent")):
        if group:
            number = "one" if len(group) == 1 else "many"
            parts.append(t(lang, f"{key}_{number}", names=name_list(_names(evidence, group, lang), lang),
                           year=evidence.year or ""))
    return t(lang, "compare_sentence_join").join(parts) + t(lang, "compare_sentence_end")


def comparison_caveats(evidence: ComparisonEvidence, lang: str) -> list[str]:
    """What a copy of the chart (a slide) must carry with it: the scope, the year or the mixed years,
    and who reports the metric. Every line is a whole sentence."""
    if evidence.rows.empty:
        return []
    lines = [t(lang, "compare_caveat_scope", scope=evidence.scope_name(lang))]
    if evidence.mixed_years:
        lines.append(t(lang, "compare_mixed_years", years=", ".join(map(str, evidence.mixed_years))))
    elif evidence.year is not None:
        lines.append(t(lang, "compare_caveat_year", year=evidence.year))
    lines.append(reporting_note(evidence, lang))
    return lines


@dataclass
class PolicyFocus:
    shares: pd.DataFrame        # rows of directive_themes: each place's share of directives per theme
    places: pd.DataFrame        # rows of directive_places
    themes: pd.DataFrame        # rows of themes


def policy_focus_evidence() -> PolicyFocus:
    return PolicyFocus(run_query("directive_themes"), run_query("directive_places"), run_query("themes"))
