"""Work spread over worker processes comes back exactly as if one process had done it."""
from __future__ import annotations

import os
from concurrent.futures.process import BrokenProcessPool

import pytest

from envdash import worker_pool
from envdash.build import _coverage_frames, validate
from envdash.paths import PROJECT_ROOT
from envdash.problems import CurationFailed
from fixture_project import FIGURES, figure


@pytest.fixture
def pool_for_any_number_of_items(monkeypatch):
    if not worker_pool._fork_is_safe():
        pytest.skip("this test process runs other threads, so the build would not fork")
    monkeypatch.setattr(worker_pool, "MIN_ITEMS_FOR_POOL", 1)
    monkeypatch.setattr(worker_pool, "_machine_is_busy", lambda workers: False)


def _process_and_square(offset, item):
    return os.getpid(), item * item + offset


def test_workers_return_results_in_the_order_of_the_items(pool_for_any_number_of_items):
    results = worker_pool.map_in_order(_process_and_square, 7, list(range(200)))
    assert [value for _, value in results] == [item * item + 7 for item in range(200)]
    assert os.getpid() not in {pid for pid, _ in results}


def test_small_batches_stay_in_this_process(monkeypatch):
    monkeypatch.setattr(worker_pool, "_machine_is_busy", lambda workers: False)
    results = worker_pool.map_in_order(_process_and_square, 0, [1, 2, 3])
    assert {pid for pid, _ in results} == {os.getpid()}


def test_real_curation_read_by_workers_equals_reading_it_alone(monkeypatch):
    alone_catalog, alone = validate(PROJECT_ROOT)
    alone_coverage = _coverage_frames(alone_catalog, alone)
    if not worker_pool._fork_is_safe():
        pytest.skip("this test process runs other threads, so the build would not fork")
    monkeypatch.setattr(worker_pool, "MIN_ITEMS_FOR_POOL", 1)
    monkeypatch.setattr(worker_pool, "_machine_is_busy", lambda workers: False)
    catalog, spread = validate(PROJECT_ROOT)
    assert spread == alone
    for spread_frame, alone_frame in zip(_coverage_frames(catalog, spread), alone_coverage):
        assert spread_frame.equals(alone_frame)


def test_problems_of_several_files_keep_their_order_when_read_by_workers(project, pool_for_any_number_of_items):
    project.write_curated(name="a_first", extra_figures=[figure(metric="no_such_metric")])
    project.write_curated(name="b_second", figures=[dict(FIGURES[0], unit="no_such_unit")])
    with pytest.raises(CurationFailed) as spread:
        validate(project.root)
    worker_pool.MIN_ITEMS_FOR_POOL = 10**9
    with pytest.raises(CurationFailed) as alone:
        validate(project.root)
    assert spread.value.problems == alone.value.problems
    assert [problem.file for problem in spread.value.problems] == sorted(problem.file for problem in spread.value.problems)


def _exit_on_five(shared, item):
    if item == 5:
        os._exit(3)
    return item


def test_a_worker_that_dies_fails_the_step_instead_of_waiting_for_ever(pool_for_any_number_of_items):
    with pytest.raises(BrokenProcessPool):
        worker_pool.map_in_order(_exit_on_five, None, list(range(20)))


def test_a_busy_machine_keeps_the_work_in_this_process(monkeypatch):
    monkeypatch.setattr(worker_pool, "MIN_ITEMS_FOR_POOL", 1)
    monkeypatch.setattr(worker_pool, "_machine_is_busy", lambda workers: True)
    results = worker_pool.map_in_order(_process_and_square, 0, list(range(100)))
    assert {pid for pid, _ in results} == {os.getpid()}
