"""Synthetic curated data at a chosen size, written as a full data/ tree the real build reads.

Every prefecture-level city (~340) reports once a year: one stored text per place and year, one
curated file per text. Actual figures for the year (about a third with a 同比 change, so derived
values exist), targets for the next year (~20 % of figures), and directives (~10 % of records).
Every quote is a sentence of its text and states its numbers, so the build's checks pass exactly
as they do for hand-curated files. Deterministic: the same size gives the same files.
"""
from __future__ import annotations

import json
import math
import random
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script from anywhere

from envdash.core.paths import PROJECT_ROOT  # noqa: E402

PREFECTURES = 340
PROVINCES = 31
FIGURES_PER_SOURCE = 60          # a typical annual review and plan
TARGET_SHARE = 0.2
CHANGE_SHARE = 0.35
DIRECTIVE_SHARE = 0.1            # of all records
LAST_YEAR = 2025
CORE_METRICS = PROJECT_ROOT / "data" / "metrics" / "core.yaml"

# Syllables for place names: two of them make a city name (no digits, so coverage stays clean).
_SYLLABLES = [("安", "An"), ("宁", "ning"), ("江", "jiang"), ("山", "shan"), ("清", "qing"), ("阳", "yang"),
              ("平", "ping"), ("兴", "xing"), ("华", "hua"), ("泉", "quan"), ("川", "chuan"), ("源", "yuan"),
              ("德", "de"), ("临", "lin"), ("和", "he"), ("丰", "feng"), ("海", "hai"), ("湖", "hu"),
              ("南", "nan"), ("东", "dong"), ("西", "xi"), ("北", "bei"), ("中", "zhong"), ("云", "yun"),
              ("林", "lin"), ("宝", "bao"), ("昌", "chang"), ("泰", "tai"), ("嘉", "jia"), ("永", "yong")]
_PROVINCE_SYLLABLES = [("辽", "Liao"), ("吉", "Ji"), ("黔", "Qian"), ("滇", "Dian"), ("陇", "Long"),
                       ("湘", "Xiang"), ("赣", "Gan"), ("闽", "Min"), ("晋", "Jin"), ("豫", "Yu"),
                       ("皖", "Wan"), ("鄂", "E"), ("蜀", "Shu"), ("粤", "Yue"), ("桂", "Gui"), ("琼", "Qiong")]

# Synthetic metrics per theme: (name pattern zh, name pattern en, unit, direction, comparable).
_METRIC_KINDS = [
    ("{t}工作达标率", "{T} compliance rate", "%", "higher_better"),
    ("{t}重点项目数", "{T} key projects", "个", "higher_better"),
    ("{t}专项投资", "{T} investment", "万元", "neutral"),
    ("{t}问题整改数", "{T} problems rectified", "件", "higher_better"),
]
_KIND_SUFFIXES = ("rate", "projects", "investment", "rectified")
_COMPARABLE_THEMES = ("air", "water", "soil", "waste")
_VERBS = ["深入推进", "持续加强", "统筹开展", "全面落实", "扎实做好", "加快推动", "系统谋划", "严格落实",
          "不断完善", "着力提升", "稳步推进", "全力保障"]
_TASKS = ["治理攻坚", "监督管理", "制度建设", "能力建设", "风险防控", "宣传引导", "执法检查", "协同联动"]
_STRENGTH_WORDS = {"binding": "确保", "aspirational": "力争", "planned": "计划"}


@dataclass(frozen=True)
class MetricSpec:
    id: str
    name_zh: str
    unit: str
    direction: str
    low: float
    high: float
    decimals: int


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _places() -> tuple[list[dict], list[dict]]:
    provinces = []
    for index in range(PROVINCES):
        first, second = _PROVINCE_SYLLABLES[index % 16], _SYLLABLES[index // 16 + 3]
        provinces.append({"id": f"prov{index:02d}", "name_zh": first[0] + second[0] + "省",
                          "name_en": f"{first[1]}{second[1]} (synthetic)"})
    cities = []
    pairs = [(a, b) for a in _SYLLABLES for b in _SYLLABLES if a != b]
    random.Random(7).shuffle(pairs)
    for index in range(PREFECTURES):
        (zh1, en1), (zh2, en2) = pairs[index]
        cities.append({"id": f"city{index:03d}", "name_zh": f"{zh1}{zh2}市", "name_en": f"{en1.capitalize()}{en2}",
                       "parent": provinces[index % PROVINCES]["id"]})
    return provinces, cities


def _metrics(themes: list[tuple[str, str, str]]) -> list[MetricSpec]:
    """The six core metrics (copied, with their reference lines) and 54 synthetic ones."""
    specs = [MetricSpec("pm25_annual_mean", "PM2.5年均浓度", "µg/m³", "lower_better", 15, 60, 0),
             MetricSpec("air_good_days_ratio", "空气质量优良天数比率", "%", "higher_better", 60, 98, 1),
             MetricSpec("air_quality_composite_index", "空气质量综合指数", "index", "lower_better", 2.5, 6.5, 2),
             MetricSpec("surface_water_good_ratio", "地表水Ⅲ类及以上断面比例", "%", "higher_better", 60, 100, 1),
             MetricSpec("drinking_water_source_compliance", "饮用水水源地水质达标率", "%", "higher_better", 90, 100, 1),
             MetricSpec("construction_land_safe_use_ratio", "重点建设用地安全利用率", "%", "higher_better", 90, 100, 1)]
    ranges = {"%": (50, 99.9, 1), "个": (1, 400, 0), "万元": (100, 90000, 1), "件": (1, 900, 0)}
    for theme_id, theme_zh, _ in themes:
        for zh, _en, unit, direction in _METRIC_KINDS:
            if len(specs) >= 60:
                break
            low, high, decimals = ranges[unit]
            metric_id = f"{theme_id}_{_KIND_SUFFIXES[_METRIC_KINDS.index((zh, _en, unit, direction))]}"
            specs.append(MetricSpec(metric_id, zh.format(t=theme_zh), unit, direction, low, high, decimals))
    return specs


def _metrics_yaml(specs: list[MetricSpec], themes: list[tuple[str, str, str]]) -> str:
    theme_names = {theme_id: (zh, en) for theme_id, zh, en in themes}
    lines = ["# Synthetic metrics for the benchmark (the six core metrics are in core.yaml).", "metrics:"]
    for spec in specs[6:]:
        theme_id, kind = spec.id.rsplit("_", 1)
        _, en_pattern, _, _ = _METRIC_KINDS[_KIND_SUFFIXES.index(kind)]
        name_en = en_pattern.format(T=theme_names[theme_id][1])
        comparable = "true" if kind == "rate" and theme_id in _COMPARABLE_THEMES else "false"
        lines += [f"  - id: {spec.id}", f"    name_zh: {_q(spec.name_zh)}", f"    name_en: {_q(name_en)}",
                  f"    unit: {_q(spec.unit)}", f"    direction: {spec.direction}", f"    theme: {theme_id}",
                  f"    comparable: {comparable}", f"    definition_zh: {_q(spec.name_zh + '(合成数据)。')}",
                  f"    definition_en: {_q(name_en + ' (synthetic benchmark data).')}"]
    return "\n".join(lines) + "\n"


def _themes() -> list[tuple[str, str, str]]:
    import yaml
    data = yaml.safe_load((PROJECT_ROOT / "data" / "themes.yaml").read_text(encoding="utf-8"))
    return [(t["id"], t["name_zh"], t["name_en"]) for t in data["themes"]]


def _unit_text(unit: str) -> str:
    return {"µg/m³": "微克/立方米", "index": "", "%": "%"}.get(unit, unit)


def _number(value: float, decimals: int) -> str:
    text = f"{value:.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


class _SourceWriter:
    """The records and the stored text of one report (one place, one year)."""

    def __init__(self, rng: random.Random, place: dict, year: int, specs: list[MetricSpec],
                 themes: list[tuple[str, str, str]]):
        self.rng, self.place, self.year, self.specs, self.themes = rng, place, year, specs, themes
        self.source_id = f"{place['id']}_{year}"
        self.sentences: list[str] = []
        self.figures: list[str] = []
        self.directives: list[str] = []

    def figure(self, spec: MetricSpec, kind: str) -> None:
        rng = self.rng
        value = _number(rng.uniform(spec.low, spec.high), spec.decimals)
        unit_text = _unit_text(spec.unit)
        period = str(self.year if kind == "actual" else self.year + 1)
        lines = [f"  - place: {self.place['id']}", f"    metric: {spec.id}", f"    period: \"{period}\"",
                 f"    kind: {kind}", f"    value: {value}", f"    unit: {_q(spec.unit)}"]
        if kind == "actual":
            quote = f"全市{spec.name_zh}为{value}{unit_text}"
            if rng.random() < CHANGE_SHARE / (1 - TARGET_SHARE):
                change = _number(rng.uniform(0.1, 9.9), 1)
                falls = rng.random() < 0.5
                if spec.unit == "%":
                    quote += f",同比{'下降' if falls else '提高'}{change}个百分点"
                    lines.append(f"    change: {{value: {'-' if falls else ''}{change}, unit: pp, basis: absolute}}")
                else:
                    quote += f",同比{'下降' if falls else '增长'}{change}%"
                    lines.append(f"    change: {{value: {'-' if falls else ''}{change}, unit: \"%\", basis: relative}}")
        else:
            strength = rng.choice(("binding", "aspirational", "planned"))
            comparator, bound = {"lower_better": ("<=", "不高于"), "higher_better": (">=", "不低于")}.get(
                spec.direction, ("=", "达到"))
            quote = f"{_STRENGTH_WORDS[strength]}{spec.name_zh}{bound}{value}{unit_text}"
            lines += [f"    comparator: \"{comparator}\"", f"    strength: {strength}"]
        lines.append(f"    quote: {_q(quote)}")
        self.figures.append("\n".join(lines))
        self.sentences.append(quote + "。")

    def directive(self, index: int) -> None:
        theme_id, theme_zh, theme_en = self.themes[index % len(self.themes)]
        verb = _VERBS[(index // len(self.themes)) % len(_VERBS)]
        task = _TASKS[(index // (len(self.themes) * len(_VERBS))) % len(_TASKS)]
        quote = f"{verb}{theme_zh}{task}工作"
        self.directives.append("\n".join([f"  - theme: {theme_id}", f"    quote: {_q(quote)}",
                                          f"    summary_en: {_q(f'Keep up {theme_en.lower()} work (synthetic).')}"]))
        self.sentences.insert(self.rng.randrange(len(self.sentences) + 1), "要" + quote + "。")

    def text(self) -> str:
        title = f"{self.place['name_zh']}{self.year}年生态环境工作总结和{self.year + 1}年工作要点"
        body, line = [title], []
        for sentence in self.sentences:
            line.append(sentence)
            if len(line) == 6:
                body.append("".join(line))
                line = []
        if line:
            body.append("".join(line))
        return "\n\n".join(body) + "\n"

    def curated(self) -> str:
        parts = [f"source: {self.source_id}", "figures:" if self.figures else "figures: []", *self.figures]
        parts += ["directives:" if self.directives else "directives: []", *self.directives]
        return "\n".join(parts) + "\n"

    def source_entry(self) -> str:
        place, year = self.place, self.year
        title_zh = f"{place['name_zh']}{year}年生态环境工作总结和{year + 1}年工作要点"
        title_en = f"{place['name_en']} {year} review and {year + 1} plan (synthetic)"
        return "\n".join([
            f"  - id: {self.source_id}", f"    place: {place['id']}",
            f"    issuer_zh: {_q(place['name_zh'] + '生态环境局')}",
            f"    issuer_en: {_q(place['name_en'] + ' Ecology and Environment Bureau')}",
            f"    title_zh: {_q(title_zh)}", f"    title_en: {_q(title_en)}",
            f"    published: {self.year + 1}-03-15", "    published_certainty: exact",
            f"    period: \"{self.year}..{self.year + 1}\"", "    kind: review and plan", "    script: simplified",
            f"    path: data/sources/{self.source_id}.txt"])


def plan(size: int) -> tuple[int, int]:
    """(years, sources) for `size` curated figures: one report per city and year, ~60 figures each."""
    years = max(1, round(size / (PREFECTURES * FIGURES_PER_SOURCE)))
    return years, PREFECTURES * years


def generate(root: Path, size: int, seed: int = 2025) -> dict:
    """Write root/data with `size` curated figures; return what was written."""
    data = root / "data"
    if data.exists():
        shutil.rmtree(data)
    for folder in ("metrics", "curated", "sources", "coverage_ignore"):
        (data / folder).mkdir(parents=True)
    for name in ("themes.yaml", "units.yaml", "scopes.yaml"):
        shutil.copy(PROJECT_ROOT / "data" / name, data / name)
    shutil.copy(CORE_METRICS, data / "metrics" / "core.yaml")
    themes = _themes()
    specs = _metrics(themes)
    (data / "metrics" / "synthetic.yaml").write_text(_metrics_yaml(specs, themes), encoding="utf-8")

    provinces, cities = _places()
    place_lines = ["places:"]
    for province in provinces:
        place_lines.append(f"  - {{id: {province['id']}, name_zh: {_q(province['name_zh'])}, "
                           f"name_en: {_q(province['name_en'])}, level: province}}")
    for city in cities:
        place_lines.append(f"  - {{id: {city['id']}, name_zh: {_q(city['name_zh'])}, name_en: {_q(city['name_en'])}, "
                           f"level: prefecture, parent: {city['parent']}}}")
    (data / "places.yaml").write_text("\n".join(place_lines) + "\n", encoding="utf-8")

    years, sources = plan(size)
    rng = random.Random(seed)
    source_entries, figures, directives = ["sources:"], 0, 0
    first_year = LAST_YEAR - years + 1
    for position in range(sources):
        city, year = cities[position % PREFECTURES], first_year + position // PREFECTURES
        count = size // sources + (1 if position < size % sources else 0)
        targets = round(count * TARGET_SHARE)
        actuals = count - targets
        writer = _SourceWriter(rng, city, year, specs, themes)
        for spec in rng.sample(specs, min(actuals, len(specs))):
            writer.figure(spec, "actual")
        for spec in rng.sample(specs, min(targets, len(specs))):
            writer.figure(spec, "target")
        directive_count = max(1, math.floor(count * DIRECTIVE_SHARE / (1 - DIRECTIVE_SHARE) + rng.random()))
        for index in rng.sample(range(len(themes) * len(_VERBS) * len(_TASKS)), directive_count):
            writer.directive(index)
        (data / "sources" / f"{writer.source_id}.txt").write_text(writer.text(), encoding="utf-8")
        (data / "curated" / f"{writer.source_id}.yaml").write_text(writer.curated(), encoding="utf-8")
        source_entries.append(writer.source_entry())
        figures += len(writer.figures)
        directives += len(writer.directives)
    (data / "sources.yaml").write_text("\n".join(source_entries) + "\n", encoding="utf-8")
    return {"figures": figures, "directives": directives, "sources": sources, "years": years,
            "places": PREFECTURES, "metrics": len(specs)}


def copy_seed(root: Path) -> dict:
    """The project's own curated data, copied (the database is left behind)."""
    data = root / "data"
    if data.exists():
        shutil.rmtree(data)
    shutil.copytree(PROJECT_ROOT / "data", data, ignore=shutil.ignore_patterns("envdash.duckdb*", "*.lock", ".*"))
    return {"sources": len(list((data / "sources").glob("*.txt")))}


if __name__ == "__main__":
    print(generate(Path(sys.argv[1]), int(sys.argv[2])))
