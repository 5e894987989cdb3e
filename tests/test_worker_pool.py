"""Work spread over worker processes comes back exactly as if one process had done it.

The build forks workers only from a process without other threads, and a test session may have
started some (the freshness watcher), so the checks that need workers run in a new interpreter.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from envdash.core import worker_pool

TESTS = Path(__file__).resolve().parent


def _in_new_interpreter(check: str, *args: str) -> None:
    """Run `check(*args)` of this module in a new interpreter whose build always uses workers."""
    code = ("import sys, test_worker_pool as t, envdash.core.worker_pool as w; "
            "w.MIN_ITEMS_FOR_POOL = 1; w._machine_is_busy = lambda workers: False; "
            f"t.{check}(*sys.argv[1:])")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(TESTS), str(TESTS.parent)]))
    result = subprocess.run([sys.executable, "-c", code, *args], cwd=TESTS, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr


def _process_and_square(offset, item):
    return os.getpid(), item * item + offset


def _exit_on_five(shared, item):
    if item == 5:
        os._exit(3)
    return item


def check_results_keep_the_order_of_the_items() -> None:
    results = worker_pool.map_in_order(_process_and_square, 7, list(range(200)))
    assert [value for _, value in results] == [item * item + 7 for item in range(200)]
    assert os.getpid() not in {pid for pid, _ in results}


def check_real_curation_equals_reading_it_alone() -> None:
    from envdash.core.paths import PROJECT_ROOT
    from envdash.store.build import coverage_frames, validate
    catalog, spread = validate(PROJECT_ROOT)
    spread_coverage = coverage_frames(catalog, spread)
    worker_pool.MIN_ITEMS_FOR_POOL = 10**9
    alone_catalog, alone = validate(PROJECT_ROOT)
    assert spread == alone
    for spread_frame, alone_frame in zip(spread_coverage, coverage_frames(alone_catalog, alone)):
        assert spread_frame.equals(alone_frame)


def check_problems_of_several_files_keep_their_order(folder: str) -> None:
    from fixture_project import FIGURES, figure, make_project

    from envdash.core.problems import CurationFailed
    from envdash.store.build import validate
    project = make_project(Path(folder) / "project")
    project.write_curated(name="a_first", extra_figures=[figure(metric="no_such_metric")])
    project.write_curated(name="b_second", figures=[dict(FIGURES[0], unit="no_such_unit")])
    reported = []
    for min_items in (1, 10**9):   # with workers, then alone
        worker_pool.MIN_ITEMS_FOR_POOL = min_items
        try:
            validate(project.root)
        except CurationFailed as failed:
            reported.append(failed.problems)
    assert len(reported) == 2 and reported[0] == reported[1]
    assert [problem.file for problem in reported[0]] == sorted(problem.file for problem in reported[0])


def check_a_dying_worker_fails_the_step() -> None:
    from concurrent.futures.process import BrokenProcessPool
    try:
        worker_pool.map_in_order(_exit_on_five, None, list(range(20)))
    except BrokenProcessPool:
        return
    raise AssertionError("a worker died and the step went on")


def test_workers_return_results_in_the_order_of_the_items():
    _in_new_interpreter("check_results_keep_the_order_of_the_items")


def test_real_curation_read_by_workers_equals_reading_it_alone():
    _in_new_interpreter("check_real_curation_equals_reading_it_alone")


def test_problems_of_several_files_keep_their_order_when_read_by_workers(tmp_path):
    _in_new_interpreter("check_problems_of_several_files_keep_their_order", str(tmp_path))


def test_a_worker_that_dies_fails_the_step_instead_of_waiting_for_ever():
    _in_new_interpreter("check_a_dying_worker_fails_the_step")


def test_small_batches_stay_in_this_process(monkeypatch):
    monkeypatch.setattr(worker_pool, "_machine_is_busy", lambda workers: False)
    results = worker_pool.map_in_order(_process_and_square, 0, [1, 2, 3])
    assert {pid for pid, _ in results} == {os.getpid()}


def test_a_busy_machine_keeps_the_work_in_this_process(monkeypatch):
    monkeypatch.setattr(worker_pool, "MIN_ITEMS_FOR_POOL", 1)
    monkeypatch.setattr(worker_pool, "_machine_is_busy", lambda workers: True)
    results = worker_pool.map_in_order(_process_and_square, 0, list(range(100)))
    assert {pid for pid, _ in results} == {os.getpid()}
