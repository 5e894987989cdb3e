"""A rebuild the app starts runs in a child process: the server's own peak memory does not take the
build's. (bench/run.py measures the app server itself at 200,000 figures; this is the same check on
a small synthetic data set, in a process that stands in for the server.)"""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from envdash.core.paths import PROJECT_ROOT

sys.path.insert(0, str(PROJECT_ROOT / "bench"))

# Stands in for the server: loads what a page run has loaded, then keeps the data fresh as a page does.
SERVER = r"""
import json, resource, sys
from pathlib import Path
import duckdb, pandas, envdash.analysis, envdash.present  # noqa: F401  (what a page run has loaded)
from envdash.store.freshness import ensure_fresh

def peak_kib():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])

root = Path(sys.argv[1])
before = peak_kib()
result = ensure_fresh(root, root / "data" / "envdash.duckdb", in_child=sys.argv[2] == "child")
print(json.dumps({"status": result.status, "problems": [str(p) for p in result.problems], "before": before,
                  "after": peak_kib(), "child": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))
"""


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    from generate import generate
    root = tmp_path_factory.mktemp("synthetic")
    generate(root, 5_000)
    return root


def _serve_one_rebuild(root, how: str) -> dict:
    (root / "data" / "envdash.duckdb").unlink(missing_ok=True)
    result = subprocess.run([sys.executable, "-c", SERVER, str(root), how], cwd=PROJECT_ROOT, capture_output=True,
                            text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    measured = json.loads(result.stdout.strip().splitlines()[-1])
    assert measured["status"] == "rebuilt", measured["problems"][:3]
    return measured


def test_a_rebuild_in_a_child_leaves_the_servers_peak_memory_where_it_was(synthetic):
    child = _serve_one_rebuild(synthetic, "child")
    in_process = _serve_one_rebuild(synthetic, "in process")
    child_growth_mb = (child["after"] - child["before"]) / 1024
    in_process_growth_mb = (in_process["after"] - in_process["before"]) / 1024
    # the build took its memory in the child; done in the server, the same build raises its peak
    assert child_growth_mb < 8, child
    assert in_process_growth_mb > child_growth_mb + 25, (child, in_process)
    assert child["child"] / 1024 > in_process_growth_mb
