"""A tiny but complete envdash project, written into a temporary folder for one test.

`make_project(tmp_path)` writes places, themes, units and scopes (copied from the repository), a small
metrics catalogue, two made-up sources with their texts, and a curated file for each; a test then
overrides what it needs with `write_curated(...)` or `write_raw(...)` and runs the loader.
"""
from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent

SOURCE_ID = "baoding_2024_meeting"
SOURCE_PATH = "data/sources/baoding_2024_meeting.txt"
DIRECTIVES_ONLY_SOURCE_ID = "jiangsu_2024_meeting"

# Made up for the tests; line numbers matter to the coverage tests (see SOURCE_LINES).
SOURCE_TEXT = """保定市生态环境局召开2024年全市生态环境保护工作会议
会议指出,2023年,全年空气质量综合指数4.74,同比下降1.46%,PM2.5浓度26微克/立方米。
全市空气优良天数比率达到80.5%,同比提高3.1个百分点。
生态环境领域项目涉及总投资700多亿元。
完成1万亩污染耕地安全利用。
会议要求:
1.打好碧水提升战
2.打好蓝天保卫战,确保PM2.5年均浓度控制在29微克每立方米以下,空气优良率保持在87%以上。
力争全年空气质量综合指数4.6,同比下降3%。
2024年8月底前完成全部整治任务。
市局全体干部职工共计2300余人参加会议。
"""

# The line of the text each number stands on (1-based), for the coverage tests.
SOURCE_LINES = {"4.74": 2, "1.46": 2, "26": 2, "2300": 11, "1 (list ordinal)": 7}

DIRECTIVES_ONLY_TEXT = """江苏省生態環境廳召開月度工作例會
1.深入打好污染防治攻坚战,2025年底前完成长江大保护专项整治。
"""

METRICS = [
    {"id": "pm25_annual_mean", "name_zh": "PM2.5年均浓度", "name_en": "PM2.5 annual mean",
     "unit": "µg/m³", "direction": "lower_better", "theme": "air", "comparable": True,
     "definition_zh": "细颗粒物年均浓度。", "definition_en": "Annual mean of PM2.5."},
    {"id": "air_good_days_ratio", "name_zh": "空气质量优良天数比率", "name_en": "Good-air-days ratio",
     "unit": "%", "direction": "higher_better", "theme": "air", "comparable": True,
     "definition_zh": "优良天数占比。", "definition_en": "Share of good-air days."},
    {"id": "air_quality_composite_index", "name_zh": "空气质量综合指数",
     "name_en": "Air quality composite index", "unit": "index", "direction": "lower_better",
     "theme": "air", "comparable": True,
     "definition_zh": "综合指数,越低越好。", "definition_en": "Composite index; lower is better."},
    {"id": "environmental_investment", "name_zh": "生态环境项目总投资",
     "name_en": "Investment in environmental projects", "unit": "亿元", "direction": "neutral",
     "theme": "investment", "comparable": False,
     "definition_zh": "项目总投资额。", "definition_en": "Total investment of the projects."},
    {"id": "polluted_farmland_safe_use_area", "name_zh": "污染耕地安全利用面积",
     "name_en": "Polluted farmland put to safe use", "unit": "亩", "direction": "higher_better",
     "theme": "soil", "comparable": False,
     "definition_zh": "实现安全利用的污染耕地面积。", "definition_en": "Area of polluted farmland put to safe use."},
]

# Counts, a share one of them feeds, and a streak: for the tests of derived shares, zeros written in
# words, stock dates and Chinese numerals (`add_count_metrics` writes them into a project).
COUNT_METRICS = [
    {"id": "sections_class_i_iii_count", "name_zh": "Ⅲ类及以上断面数", "name_en": "Sections at Class I–III",
     "unit": "个", "direction": "higher_better", "theme": "water", "comparable": False,
     "definition_zh": "达到Ⅲ类及以上的断面个数。", "definition_en": "Sections at Class I–III.",
     "share_metric": "surface_water_good_ratio"},
    {"id": "surface_water_good_ratio", "name_zh": "Ⅲ类及以上断面比例", "name_en": "Share of sections at Class I–III",
     "unit": "%", "direction": "higher_better", "theme": "water", "comparable": True,
     "definition_zh": "Ⅲ类及以上断面比例。", "definition_en": "Share of sections at Class I–III."},
    {"id": "monitoring_stations", "name_zh": "监测站点数", "name_en": "Monitoring stations", "unit": "个",
     "direction": "higher_better", "theme": "water", "comparable": False,
     "definition_zh": "建成的监测站点数。", "definition_en": "Monitoring stations built."},
    {"id": "major_emergencies", "name_zh": "较大及以上突发环境事件数", "name_en": "Major environmental emergencies",
     "unit": "起", "direction": "lower_better", "theme": "enforcement", "comparable": False,
     "definition_zh": "较大及以上等级突发环境事件数。", "definition_en": "Emergencies of the major grade or above."},
    {"id": "excellent_years", "name_zh": "连续优秀年数", "name_en": "Years in a row rated excellent", "unit": "年",
     "direction": "higher_better", "theme": "governance", "comparable": False,
     "definition_zh": "连续获评优秀的年数。", "definition_en": "Consecutive years rated excellent."},
]

SOURCES = [
    {"id": SOURCE_ID, "place": "baoding", "issuer_zh": "保定市生态环境局",
     "issuer_en": "Baoding Ecology and Environment Bureau",
     "title_zh": "保定市生态环境局召开2024年全市生态环境保护工作会议",
     "title_en": "Baoding 2024 work meeting", "published": "2024-03-28",
     "published_certainty": "exact", "period": "2023..2024", "kind": "meeting news",
     "script": "simplified", "path": SOURCE_PATH},
    {"id": DIRECTIVES_ONLY_SOURCE_ID, "place": "jiangsu", "issuer_zh": "江苏省生态环境厅",
     "issuer_en": "Jiangsu Department of Ecology and Environment", "title_zh": "省生態環境廳召開月度工作例會",
     "title_en": "Jiangsu monthly work meeting", "published": "2024-12-16",
     "published_certainty": "inferred", "period": "2024-11..2024-12", "kind": "meeting news",
     "script": "traditional", "path": "data/sources/jiangsu_2024_meeting.txt"},
]

FIGURES = [
    {"place": "baoding", "metric": "air_quality_composite_index", "period": "2023", "kind": "actual",
     "value": 4.74, "unit": "index",
     "change": {"value": -1.46, "unit": "%", "basis": "relative"},
     "quote": "全年空气质量综合指数4.74,同比下降1.46%"},
    {"place": "baoding", "metric": "pm25_annual_mean", "period": "2023", "kind": "actual",
     "value": 26, "unit": "µg/m³", "quote": "PM2.5浓度26微克/立方米"},
    {"place": "baoding", "metric": "air_good_days_ratio", "period": "2023", "kind": "actual",
     "value": 80.5, "unit": "%", "change": {"value": 3.1, "unit": "pp", "basis": "absolute"},
     "quote": "全市空气优良天数比率达到80.5%,同比提高3.1个百分点"},
    {"place": "baoding", "metric": "environmental_investment", "period": "2023", "kind": "actual",
     "value": 700, "unit": "亿元", "comparator": ">", "quote": "涉及总投资700多亿元"},
    {"place": "baoding", "metric": "polluted_farmland_safe_use_area", "period": "2023", "kind": "actual",
     "value": 1, "unit": "万亩", "quote": "完成1万亩污染耕地"},
    {"place": "baoding", "metric": "pm25_annual_mean", "period": "2024", "kind": "target",
     "value": 29, "unit": "µg/m³", "comparator": "<=", "strength": "binding",
     "quote": "确保PM2.5年均浓度控制在29微克每立方米以下"},
    {"place": "baoding", "metric": "air_good_days_ratio", "period": "2024", "kind": "target",
     "value": 87, "unit": "%", "comparator": ">=", "quote": "空气优良率保持在87%以上"},
    {"place": "baoding", "metric": "air_quality_composite_index", "period": "2024", "kind": "target",
     "value": 4.6, "unit": "index", "strength": "aspirational",
     "change": {"value": -3, "unit": "%", "basis": "relative"},
     "quote": "力争全年空气质量综合指数4.6,同比下降3%"},
]

DIRECTIVES = [
    {"theme": "water", "quote": "打好碧水提升战", "summary_en": "Win the campaign for clearer water."},
    {"theme": "enforcement", "quote": "2024年8月底前完成全部整治任务",
     "summary_en": "Finish all remediation tasks by the end of August 2024.", "deadline": "2024-08-31"},
]

JIANGSU_DIRECTIVES = [
    {"theme": "water", "quote": "2025年底前完成长江大保护专项整治",
     "summary_en": "Finish the Yangtze protection campaign by the end of 2025.", "deadline": "2025"},
]


def add_count_metrics(project: "Project", text: str = "") -> None:
    """COUNT_METRICS in the project's catalogue, and `text` appended to the report as new lines."""
    project.write_yaml("data/metrics/counts.yaml", {"metrics": COUNT_METRICS})
    if text:
        project.write_raw(SOURCE_PATH, SOURCE_TEXT + text)


def dump_yaml(data) -> str:
    """Block-style YAML, one field a line, so tests can find the line of any field."""
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False, width=1000)


def figure(**overrides) -> dict:
    """The first default figure (Baoding's 2023 composite index) with `overrides` applied."""
    record = copy.deepcopy(FIGURES[0])
    record.update(overrides)
    return record


def _reference_section(name: str) -> str:
    return (REPO_ROOT / "data" / name).read_text(encoding="utf-8")


@dataclass
class CommandResult:
    returncode: int
    stdout: str
    stderr: str


# Run by CliServer: imports what envdash/__main__.py imports, then forks one child per command. The
# child runs envdash's __main__ as `python -m envdash` would (exit code, stdout, stderr, and an
# uncaught exception printed as a traceback with exit code 1), without re-importing pandas and duckdb.
_SERVER = r"""
import json, os, runpy, signal, sys, time
import envdash.store.build, envdash.curation.coverage, envdash.core.paths, envdash.core.problems  # noqa: F401

def child(args, out_path, err_path):
    os.chdir(os.environ.pop("ENVDASH_TEST_CWD"))
    for fd, path in ((1, out_path), (2, err_path)):
        os.dup2(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC), fd)
    sys.stdin = open(os.devnull)
    sys.stdout = open(1, "w", encoding="utf-8", closefd=False)
    sys.stderr = open(2, "w", encoding="utf-8", errors="backslashreplace", closefd=False)
    sys.argv = ["envdash", *args]
    code = 0
    try:
        runpy.run_module("envdash", run_name="__main__", alter_sys=True)
    except SystemExit as exit:
        code = exit.code if isinstance(exit.code, int) else (exit.code is not None)
        if isinstance(exit.code, str):
            print(exit.code, file=sys.stderr)
    except BaseException:
        sys.excepthook(*sys.exc_info())
        code = 1
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)

for request in sys.stdin:
    args, out_path, err_path, timeout = json.loads(request)
    pid = os.fork()
    if pid == 0:
        try:
            child(args, out_path, err_path)
        finally:
            os._exit(70)  # never return to this loop from a child
    deadline = time.monotonic() + timeout
    while (waited := os.waitpid(pid, os.WNOHANG))[0] == 0:
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            waited = os.waitpid(pid, 0)
            break
        time.sleep(0.005)
    print(os.waitstatus_to_exitcode(waited[1]), flush=True)
"""


class CliServer:
    """Runs `python -m envdash ...` in a fresh process per command, without a new interpreter.

    Starting Python and importing pandas and duckdb takes about a second a command, and the loader
    tests run some forty commands. The server imports them once and forks a child for each command
    (tens of milliseconds); a crash in the child, even a segfault, shows as its exit code.
    """

    def __init__(self):
        env = dict(command_env(), ENVDASH_TEST_CWD=str(REPO_ROOT))
        self.process = subprocess.Popen([sys.executable, "-c", _SERVER], cwd=REPO_ROOT, env=env, text=True,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.folder = tempfile.TemporaryDirectory(prefix="envdash-cli-")

    def run(self, args: list[str], timeout: float = 60) -> CommandResult:
        out, err = Path(self.folder.name, "stdout"), Path(self.folder.name, "stderr")
        self.process.stdin.write(json.dumps([args, str(out), str(err), timeout]) + "\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline()
        assert answer, "the CLI server stopped"
        return CommandResult(int(answer), out.read_text(encoding="utf-8"), err.read_text(encoding="utf-8"))

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=10)
        self.folder.cleanup()


@dataclass
class Project:
    root: Path
    env: dict = field(default_factory=dict)
    cli: CliServer | None = None

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def db_path(self) -> Path:
        return self.data / "envdash.duckdb"

    def path(self, relative: str) -> Path:
        return self.root / relative

    def write_raw(self, relative: str, content: str | bytes) -> Path:
        """Write a file's exact text (or bytes) under the project root."""
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    def write_yaml(self, relative: str, data) -> Path:
        return self.write_raw(relative, dump_yaml(data))

    def write_curated(self, figures=None, directives=None, source: str = SOURCE_ID,
                      name: str | None = None, extra_figures=(), extra_directives=()) -> Path:
        """(Re)write data/curated/<name or source>.yaml; None keeps the default records."""
        records = {"source": source}
        figures = copy.deepcopy(FIGURES if figures is None else figures) + list(extra_figures)
        directives = copy.deepcopy(DIRECTIVES if directives is None else directives) + list(extra_directives)
        if figures:
            records["figures"] = figures
        if directives:
            records["directives"] = directives
        return self.write_yaml(f"data/curated/{name or source}.yaml", records)

    def write_ignore(self, entries: list[dict], source: str = SOURCE_ID, name: str | None = None) -> Path:
        return self.write_yaml(f"data/coverage_ignore/{name or source}.yaml", {"source": source, "ignore": entries})

    def line_of(self, relative: str, needle: str, occurrence: int = 1) -> int:
        """1-based line of the `occurrence`-th line of a file that contains `needle`."""
        lines = (self.root / relative).read_text(encoding="utf-8").splitlines()
        hits = [number for number, line in enumerate(lines, start=1) if needle in line]
        assert len(hits) >= occurrence, f"{needle!r} occurs {len(hits)} time(s) in {relative}"
        return hits[occurrence - 1]

    def command(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "envdash", "--root", str(self.root), *args]

    def start(self, *args: str) -> subprocess.Popen:
        """Start `python -m envdash --root <project> <args>` from the repository, in a new interpreter."""
        return subprocess.Popen(self.command(*args), cwd=REPO_ROOT, env=self.env, text=True,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def run_python(self, *args: str, timeout: float = 60) -> CommandResult:
        """`python -m envdash --root <project> <args>` in a new interpreter."""
        process = self.start(*args)
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        finally:
            process.kill()
            process.wait()
        return CommandResult(process.returncode, stdout, stderr)

    def run(self, *args: str, timeout: float = 60) -> CommandResult:
        """The command line in a fresh process: forked by the CLI server when there is one."""
        if self.cli is None:
            return self.run_python(*args, timeout=timeout)
        return self.cli.run(["--root", str(self.root), *args], timeout=timeout)


def command_env() -> dict:
    """The environment for the command line, without overrides that would point it elsewhere."""
    env = {key: value for key, value in os.environ.items() if key not in ("ENVDASH_ROOT", "ENVDASH_DB")}
    env["PYTHONPATH"] = str(REPO_ROOT)
    return env


def make_project(root: Path, cli: CliServer | None = None) -> Project:
    """Write a complete, valid project under `root` and return a handle on it."""
    project = Project(Path(root), command_env(), cli)
    for name in ("places.yaml", "themes.yaml", "units.yaml", "scopes.yaml"):
        project.write_raw(f"data/{name}", _reference_section(name))
    project.write_yaml("data/metrics/core.yaml", {"metrics": METRICS})
    project.write_yaml("data/sources.yaml", {"sources": SOURCES})
    project.write_raw(SOURCE_PATH, SOURCE_TEXT)
    project.write_raw(SOURCES[1]["path"], DIRECTIVES_ONLY_TEXT)
    project.write_curated()
    project.write_curated(figures=[], directives=JIANGSU_DIRECTIVES, source=DIRECTIVES_ONLY_SOURCE_ID)
    (project.data / "coverage_ignore").mkdir(exist_ok=True)
    return project
