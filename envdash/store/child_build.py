"""Building the database in a child process, so a server that notices a change does not take the
build's memory (hundreds of megabytes at 200,000 figures) into its own, for ever."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from envdash.core.paths import PROJECT_ROOT
from envdash.core.problems import CurationFailed, Problem

# What the child prints on its last line of standard output: how the build ended, as JSON.
RESULT_PREFIX = "envdash-build-result: "
PROGRESS_PREFIX = "· "


def result_line(problems: list[Problem]) -> str:
    """The child's last line: the problems that stopped the build (none when it succeeded)."""
    return RESULT_PREFIX + json.dumps({"problems": [problem.__dict__ for problem in problems]}, ensure_ascii=False)


def _problems_of(stdout: str) -> list[Problem] | None:
    for line in reversed(stdout.splitlines()):
        if line.startswith(RESULT_PREFIX):
            return [Problem(**item) for item in json.loads(line[len(RESULT_PREFIX):])["problems"]]
    return None


class ChildBuildFailed(RuntimeError):
    """The child ended without saying how the build went (killed, out of memory, a crash)."""


def build_in_child(root: Path, db_path: Path, progress=None) -> None:
    """`python -m envdash build` of `root` into `db_path` in a new process; raises CurationFailed
    with the child's problems, or ChildBuildFailed when it died. The caller holds the build lock."""
    command = [sys.executable, "-m", "envdash", "--root", str(root), "--db", str(db_path), "build", "--result-line"]
    child = subprocess.Popen(command, cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, encoding="utf-8", env={**os.environ, "PYTHONUNBUFFERED": "1"})
    errors = []
    for line in child.stderr:        # progress lines arrive while the child works
        line = line.rstrip("\n")
        if line.startswith(PROGRESS_PREFIX) and progress is not None:
            progress(line[len(PROGRESS_PREFIX):])
        elif not line.startswith(PROGRESS_PREFIX):
            errors.append(line)
    stdout = child.stdout.read()
    child.wait()
    problems = _problems_of(stdout)
    if problems is None:
        raise ChildBuildFailed(f"the build process ended with exit code {child.returncode} and no result: "
                               + " | ".join(errors[-5:]))
    if problems:
        raise CurationFailed(problems)
