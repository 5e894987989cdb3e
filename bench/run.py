"""Benchmark: build speed and memory, and every page against Streamlit's own floor, at several sizes.

    python bench/run.py [--sizes seed,20000,200000,1000000] [--runs 5] [--browser]

For each size it makes a data folder in a temporary directory (`seed`: a copy of the project's
data; a number: that many synthetic curated figures from bench/generate.py), builds it with the
real build (in fresh processes, --runs times), times every page with AppTest (cold and warm) and
its queries, times a floor page with the same charts, tables, widgets and text from in-memory data,
and with --browser the first chart in headless Chromium and the app server's peak memory.
Prints a table and writes BENCHMARKS.md. Sizes from 100,000 figures are measured 3 times, from
1,000,000 once; the browser timings at most 3 times.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

from generate import copy_seed, generate  # noqa: E402
from rebuild import rebuild_rows, with_rebuild_section  # noqa: E402
from sections import keep_many_users  # noqa: E402

PAGES = ("overview", "trends", "targets", "compare", "sources", "data")
ONCE_FROM = 1_000_000          # sizes this large are measured once: a build takes minutes
FEW_RUNS_FROM, FEW_RUNS = 100_000, 3


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _run_json(command: list[str], env: dict, timeout: float) -> dict:
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{result.stderr[-3000:]}")
    for line in result.stderr.splitlines():
        if line.startswith("  "):
            _log(line)
    return json.loads(result.stdout.strip().splitlines()[-1])


def machine() -> dict:
    import duckdb
    import pandas
    import plotly
    import pydantic
    import streamlit
    import yaml
    memory = next((int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal:")), 0)
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    return {"cores": os.cpu_count(), "memory_gb": memory / 2**20, "cpu": cpu,
            "python": platform.python_version(), "streamlit": streamlit.__version__, "plotly": plotly.__version__,
            "duckdb": duckdb.__version__, "pandas": pandas.__version__, "pydantic": pydantic.__version__,
            "pyyaml": yaml.__version__ + (" (libyaml)" if hasattr(yaml, "CSafeLoader") else ""),
            "load_before": os.getloadavg()[0]}


def prepare(size: str, folder: Path) -> dict:
    started = time.perf_counter()
    info = copy_seed(folder) if size == "seed" else generate(folder, int(size))
    info["generate_s"] = time.perf_counter() - started
    return info


def bench_size(size: str, runs: int, browser: bool, workdir: Path, only_builds: bool = False,
               server: bool = True) -> dict:
    folder = workdir / f"data-{size}"
    db_path = folder / "data" / "envdash.duckdb"
    _log(f"[{size}] preparing data in {folder}")
    info = prepare(size, folder)
    figures = 0 if size == "seed" else int(size)
    once = figures >= ONCE_FROM
    # a cold Data page at 200,000 figures takes about a minute: three runs there, one from a million
    runs = 1 if once else min(runs, FEW_RUNS) if figures >= FEW_RUNS_FROM else runs
    env = {**os.environ, "ENVDASH_ROOT": str(folder), "ENVDASH_DB": str(db_path), "PYTHONUNBUFFERED": "1"}
    timeout = 3600 if once else 1200

    rebuild = [sys.executable, str(BENCH / "rebuild.py")]
    _log(f"[{size}] building {runs}×, each followed by the YAML-parsing floor")
    builds, floors = [], []
    for _ in range(runs):   # in turn, so that a build and its floor meet the same load on the machine
        builds.append(_run_json([sys.executable, str(BENCH / "build.py"), str(folder), str(db_path)], env, timeout))
        floors.append(_run_json([*rebuild, "floor", str(folder)], env, timeout))
    build = {key: statistics.median(b[key] for b in builds) for key in ("seconds", "cpu", "peak_rss_mb", "db_mb")}
    build.update({key: builds[0][key] for key in ("figures", "derived", "directives")})
    build["figures_per_s"] = build["figures"] / build["seconds"]
    build["workers"] = max(b.get("workers", 1) for b in builds)

    floor = {key: statistics.median(f[key] for f in floors) for key in ("seconds", "cpu")}
    floor["fastest"] = statistics.mode(f["fastest"] for f in floors)
    floor["by"] = {name: statistics.median(f["by"][name] for f in floors) for name in floors[0]["by"]}
    full_over_floor = statistics.median(b["seconds"] / f["seconds"] for b, f in zip(builds, floors))
    _log(f"[{size}] full build {build['seconds']:.2f} s, floor {floor['seconds']:.2f} s ({floor['fastest']}): "
         f"{full_over_floor:.2f}× (CPU {build['cpu'] / floor['cpu']:.2f}×)")
    _log(f"[{size}] one curated file edited, rebuilt {runs}× in process and {runs}× as the app does")
    incremental = _run_json([*rebuild, "incremental", str(folder), str(db_path), str(runs)], env, timeout)
    _log(f"[{size}] rebuilt in {incremental['in_process']:.2f} s ({incremental['in_process'] / build['seconds']:.3f} "
         f"of full), by the app's child in {incremental['child']:.2f} s ({incremental['child'] / build['seconds']:.3f})")
    result = {"size": size, "runs": runs, "data": info, "build": build, "floor": floor, "incremental": incremental,
              "full_over_floor": full_over_floor}
    if server:
        _log(f"[{size}] the app server while its child rebuilds")
        result["server"] = _run_json([*rebuild, "server", str(folder), str(db_path)], env, timeout)
        _log(f"[{size}] server VmHWM {result['server']['server_before_mb']:.0f} MB before, "
             f"{result['server']['server_after_mb']:.0f} MB after the rebuild; child {result['server']['child_peak_mb']:.0f} MB")
    if only_builds:
        return result

    _log(f"[{size}] pages with AppTest {runs}× (cold and warm) against their floors")
    floor_dir = folder / "floor"
    pages = _run_json([sys.executable, str(BENCH / "pages.py"), "--floor-dir", str(floor_dir), "--runs", str(runs)],
                      env, timeout * 2)
    result["pages"] = pages
    if browser:
        _log(f"[{size}] first chart in Chromium {runs}×")
        from browser import browser_timings
        result["browser"] = browser_timings(folder, db_path, floor_dir, min(runs, FEW_RUNS))
    return result


# --- the report ----------------------------------------------------------------------------------


def _ms(seconds: float | None) -> str:
    return "–" if seconds is None else f"{seconds * 1000:,.0f}"


def _ratio(page: float, floor: float) -> float:
    return page / floor if floor else float("inf")


def tables(results: list[dict]) -> tuple[str, float]:
    """Markdown tables of the results and the worst warm page/floor ratio."""
    lines = [rebuild_rows(results), "", "## Build", "",
             "| size | figures (incl. derived) | directives | sources | build s | figures/s | CPU s | peak RSS MB | database MB |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        b = r["build"]
        lines.append(f"| {r['size']} | {b['figures']:,} | {b['directives']:,} | {r['data'].get('sources', '–'):,} | "
                     f"{b['seconds']:.2f} | {b['figures_per_s']:,.0f} | {b['cpu']:.2f} | {b['peak_rss_mb']:,.0f} | "
                     f"{b['db_mb']:,.1f} |")
    lines += ["", "## Pages (AppTest, milliseconds, medians)", "",
              "Warm: a rerun with the same selections. Floor: a bare page with the same charts, tables, widgets "
              "and text from in-memory data. Queries: the page's named queries on the database (cold) and "
              "through the cache (warm).", "",
              "| size | page | cold | warm | floor cold | floor warm | **warm/floor** | vs seed warm | "
              "queries cold | queries warm | charts · points | tables · cells |",
              "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    worst = 0.0
    seed = next((r for r in results if r["size"] == "seed"), None)
    for r in results:
        for page, p in r["pages"]["pages"].items():
            ratio = _ratio(p["warm"], p["floor_warm"])
            worst = max(worst, ratio)
            versus = "–"
            if seed is not None and r is not seed and page in seed["pages"]["pages"]:
                versus = f"{p['warm'] / seed['pages']['pages'][page]['warm']:.2f}×"
            shape, queries = p["shape"], p["queries"]
            lines.append(f"| {r['size']} | {page} | {_ms(p['cold'])} | {_ms(p['warm'])} | {_ms(p['floor_cold'])} | "
                         f"{_ms(p['floor_warm'])} | **{ratio:.2f}** | {versus} | {_ms(queries['cold'])} | "
                         f"{queries['warm'] * 1000:.1f} | {shape['charts']} · {shape['points']:,} | "
                         f"{shape['tables']} · {shape['cells']:,} |")
    lines += ["", "## Processes", "",
              "| size | first page in a new process (imports, fingerprint check) ms | AppTest process peak RSS MB | "
              "app server peak RSS MB (VmHWM, all pages visited) |", "|---|---:|---:|---:|"]
    for r in results:
        server = r.get("browser", {}).get("server_peak_rss_mb")
        lines.append(f"| {r['size']} | {_ms(r['pages']['startup'])} | {r['pages']['apptest_peak_rss_mb']:,.0f} | "
                     f"{'–' if server is None else f'{server:,.0f}'} |")
    if any("browser" in r for r in results):
        lines += ["", "## Browser (headless Chromium, milliseconds from navigation to the first chart, medians)", "",
                  "Pages without a chart: to the page's title with the script finished.", "",
                  "| size | page | app | floor | app/floor |", "|---|---|---:|---:|---:|"]
        for r in results:
            for page, timing in r.get("browser", {}).get("pages", {}).items():
                lines.append(f"| {r['size']} | {page} | {_ms(timing['app'])} | {_ms(timing['floor'])} | "
                             f"{_ratio(timing['app'], timing['floor']):.2f} |")
    return "\n".join(lines), worst


def report(results: list[dict], info: dict, wall: float) -> tuple[str, float]:
    body, worst = tables(results)
    sizes = ", ".join(f"{r['size']} ({r['runs']} run{'s' if r['runs'] > 1 else ''})" for r in results)
    header = [
        "# Benchmarks", "",
        "Made by `python bench/run.py` (see README, \"Benchmark\"). Every time is a median over the runs given; "
        "sizes of a million figures and more are measured once.", "",
        f"- Machine: {info['cores']} cores ({info['cpu']}), {info['memory_gb']:.1f} GB memory; load average "
        f"{info['load_before']:.2f} before the run, {os.getloadavg()[0]:.2f} after (other work on the machine "
        "adds noise)",
        f"- Python {info['python']}; streamlit {info['streamlit']}, plotly {info['plotly']}, duckdb {info['duckdb']}, "
        f"pandas {info['pandas']}, pydantic {info['pydantic']}, PyYAML {info['pyyaml']}",
        f"- Sizes: {sizes}; `seed` is the project's own curation, the others synthetic data for "
        f"~340 prefecture-level cities (bench/generate.py)",
        f"- Wall time of the whole benchmark: {wall / 60:.1f} min",
        "- AppTest makes a new script cache on every run, so it would time compiling app.py and the page "
        "each rerun; the benchmark gives it one shared cache, as a server has (pages and floors alike)",
        "- Pages open with their defaults in English (`?lang=en`); the Sources page on its first report",
        "", "",
    ]
    return "\n".join(header) + body + f"\n\nworst warm page/floor ratio: {worst:.2f}\n", worst


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="seed,20000,200000",
                        help="comma-separated: seed and/or numbers of curated figures (default: seed,20000,200000)")
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement; the median is reported")
    parser.add_argument("--browser", action="store_true", help="also time the first chart in headless Chromium")
    parser.add_argument("--out", type=Path, default=ROOT / "BENCHMARKS.md")
    parser.add_argument("--workdir", type=Path, help="keep the generated data here instead of a temporary folder")
    parser.add_argument("--only-builds", action="store_true",
                        help="only full builds, their YAML floor, rebuilds after an edit and the server's memory "
                             "meanwhile; replaces only that section of BENCHMARKS.md")
    parser.add_argument("--no-server", action="store_true", help="skip the app server rebuilding in a child")
    args = parser.parse_args()
    started = time.perf_counter()
    info = machine()
    results = []
    with tempfile.TemporaryDirectory(prefix="envdash-bench-") as temporary:
        workdir = args.workdir or Path(temporary)
        workdir.mkdir(parents=True, exist_ok=True)
        for size in args.sizes.split(","):
            results.append(bench_size(size.strip(), args.runs, args.browser, workdir, args.only_builds,
                                      not args.no_server))
            (workdir / "results.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    old = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
    if args.only_builds:
        sizes = ", ".join(r["size"] for r in results)
        measured = (f"Measured by `python bench/run.py --only-builds` on {time.strftime('%Y-%m-%d')}: "
                    f"{info['cores']} cores ({info['cpu']}), load average {info['load_before']:.2f} before the run "
                    f"and {os.getloadavg()[0]:.2f} after; sizes {sizes}, {args.runs} runs each.")
        section = rebuild_rows(results).replace("## Full and incremental builds\n",
                                                f"## Full and incremental builds\n\n{measured}\n", 1)
        args.out.write_text(with_rebuild_section(old, section), encoding="utf-8")
        print(section)
        _log(f"wrote the build section of {args.out} ({(time.perf_counter() - started) / 60:.1f} min)")
        return
    text, worst = report(results, info, time.perf_counter() - started)
    args.out.write_text(keep_many_users(old, text), encoding="utf-8")
    print(text)
    _log(f"wrote {args.out}")


if __name__ == "__main__":
    main()
