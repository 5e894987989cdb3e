"""Two replicas behind nginx (deploy/cluster.sh), used through the proxy by real browsers.

Each test runs its own cluster on a copy of data/ (ENVDASH_ROOT) and stops it on leaving with a
signal, checking that every process it started is gone (live_cluster.running_cluster). Which replica
ran a session is read from the replicas' own record of their script runs (ENVDASH_RUN_TIMES, with
the process id), so it is the replica that held the session's WebSocket, not only the one that sent
the page's HTML.
"""
from __future__ import annotations

import os
import shutil
import signal
import time
from pathlib import Path

import pytest
from browser_support import (
    MAIN,
    NORMAL_VIEWPORT,
    PAGES,
    RUN_COUNTER_SCRIPT,
    change_selection,
    settle,
    unavailable,
    url_for,
    wait_for_url_change,
    wait_until_idle,
)
from live_cluster import (
    REPLICA_HEADER,
    ROUTE_COOKIE,
    cookies_for_each_replica,
    replica_for,
    running,
    running_cluster,
)
from live_server import ServerFailed, build_database
from test_rebuild_under_use import (
    CURATED,
    NEW,
    OLD,
    REPORT,
    SHOWING_THE_FIGURE,
    TOAST_RECORDER,
    SwapCounter,
    edit,
    rebuilt_toasts,
    rerun_everyone_after_an_edit,
    shows,
)

pytestmark = pytest.mark.browser

NGINX = Path(os.environ.get("NGINX", "/usr/sbin/nginx"))


@pytest.fixture
def live_data(tmp_path) -> Path:
    """A copy of the project's data/ with its database built in place, as on a server."""
    if not (NGINX.exists() and os.access(NGINX, os.X_OK)):
        unavailable(f"{NGINX} not found: apt-get install nginx")
    root = tmp_path / "live"
    shutil.copytree(Path(__file__).resolve().parents[2] / "data", root / "data",
                    ignore=shutil.ignore_patterns("envdash.duckdb*", ".envdash.duckdb*"))
    build_database(root / "data" / "envdash.duckdb", root)
    return root


def _cluster(tmp_path, live_data, stop_signal):
    try:
        with running_cluster(tmp_path, live_data / "data" / "envdash.duckdb", live_data,
                             stop_signal=stop_signal) as cluster:
            yield cluster
    except ServerFailed as failure:
        pytest.fail(str(failure), pytrace=False)


@pytest.fixture
def cluster(tmp_path, live_data):
    """Two replicas and nginx, stopped with SIGTERM (as systemd does) and checked to be gone."""
    yield from _cluster(tmp_path, live_data, signal.SIGTERM)


@pytest.fixture
def cluster_stopped_by_ctrl_c(tmp_path, live_data):
    """The same, stopped with SIGINT to the script's process group, as a terminal's Ctrl-C does."""
    yield from _cluster(tmp_path, live_data, signal.SIGINT)


@pytest.fixture
def browsers(chromium, browsing_class, request):
    """Makes browser contexts on the cluster's proxy, each with its route cookie if given; closes them."""
    made = []

    def open_browser(cluster, cookie: str | None = None):
        browsing = browsing_class(chromium, cluster.server, NORMAL_VIEWPORT)
        browsing.context.add_init_script(RUN_COUNTER_SCRIPT)
        browsing.context.add_init_script(TOAST_RECORDER)
        if cookie is not None:
            browsing.context.add_cookies([{"name": ROUTE_COOKIE, "value": cookie, "url": cluster.base_url}])
        made.append(browsing)
        return browsing

    yield open_browser
    for browsing in made:
        browsing.context.close()


def answered_through_nginx_within(cluster, seconds: float) -> str | None:
    """The replica that answers a request through nginx, asked until one does."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            return replica_for(cluster.base_url)[0]
        except OSError:
            if time.monotonic() > deadline:
                return None
            time.sleep(0.5)


def runs_since(cluster, count: int) -> list[dict]:
    return cluster.script_runs()[count:]


def pids_of(runs: list[dict]) -> set[int]:
    return {run["pid"] for run in runs}


def test_a_browser_stays_on_the_replica_of_its_first_request_and_new_browsers_go_to_both(cluster_stopped_by_ctrl_c):
    cluster = cluster_stopped_by_ctrl_c
    first_replica, cookie = replica_for(cluster.base_url)
    assert cookie, "nginx did not give a new browser its route cookie"

    again = [replica_for(cluster.base_url, cookie) for _ in range(10)]

    assert again == [(first_replica, None)] * 10, "a browser with its cookie was sent elsewhere (or given a new one)"
    newcomers = {replica_for(cluster.base_url)[0] for _ in range(40)}
    assert newcomers == {replica.address for replica in cluster.replicas}


def test_sessions_on_both_replicas_work_and_an_edit_is_rebuilt_once_for_both(cluster, browsers, live_data):
    cookies = cookies_for_each_replica(cluster)
    # each replica gets a browser with two of the four pages that show the figure
    shares = {address: SHOWING_THE_FIGURE[index::2] for index, address in enumerate(sorted(cookies))}
    pages, opened = [], []
    for address, cookie in cookies.items():
        browsing = browsers(cluster, cookie)
        before = len(cluster.script_runs())
        mine = [browsing.open(PAGES[name], query) for name, query in shares[address]]
        assert pids_of(runs_since(cluster, before)) == {cluster.replica_at(address).pid}, \
            f"the sessions meant for {address} ran elsewhere"
        pages += mine
        opened.append(browsing)
    assert [page.url for page in pages if not shows(page, OLD)] == []
    swaps = SwapCounter(live_data / "data" / "envdash.duckdb")
    before_edit = len(cluster.script_runs())

    edit(live_data, REPORT, f"综合指数{OLD}", f"综合指数{NEW}")
    edit(live_data, CURATED, OLD, NEW)
    rerun_everyone_after_an_edit(pages)   # both replicas notice the edit at once and race to rebuild

    assert swaps.stop() == 1, "the database was not rebuilt exactly once"
    assert len(rebuilt_toasts(pages)) == 1, "exactly one session, on one replica, ran the rebuild"
    assert pids_of(runs_since(cluster, before_edit)) == {replica.pid for replica in cluster.replicas}
    assert [page.url for page in pages if not shows(page, NEW) or shows(page, OLD)] == []
    for browsing in opened:
        browsing.assert_clean()


def test_when_a_replica_dies_the_other_keeps_its_sessions_and_takes_the_new_ones(cluster, browsers):
    cookies = cookies_for_each_replica(cluster)
    victim, survivor = cluster.replicas
    staying = browsers(cluster, cookies[survivor.address])
    before = len(cluster.script_runs())
    trends = staying.open(PAGES["trends"], "lang=en")
    assert pids_of(runs_since(cluster, before)) == {survivor.pid}

    os.killpg(victim.pid, signal.SIGKILL)   # the replica and whatever it had started

    # At once, before any health check has run: a browser whose cookie belongs to the dead replica
    # is sent on to the survivor (nginx's passive check) and its session works there.
    newcomer = browsers(cluster, cookies[victim.address])
    before = len(cluster.script_runs())
    page = newcomer.context.new_page()
    newcomer.diagnostics.watch(page)
    newcomer.pages.append(page)
    response = page.goto(url_for(cluster.base_url, PAGES["overview"], "lang=en"))
    settle(page)
    assert response.headers[REPLICA_HEADER].split(", ")[-1] == survivor.address
    assert page.locator(f"{MAIN} h1").first.inner_text().strip()
    # the session that was on the survivor all along goes on
    old_url = trends.url
    change_selection(trends, trends.locator(f'{MAIN} [data-testid="stMultiSelect"]').first)
    wait_for_url_change(trends, old_url)
    wait_until_idle(trends)
    assert pids_of(runs_since(cluster, before)) == {survivor.pid}

    # the cluster's own health check takes the dead replica out of nginx; new browsers all go to the survivor
    cluster.wait_for_output(rf"^replica {victim.number} \(127\.0\.0\.1:{victim.port}\): taken out of nginx")
    assert {replica_for(cluster.base_url)[0] for _ in range(20)} == {survivor.address}
    staying.assert_clean()
    newcomer.assert_clean()


def test_with_restart_a_replica_whose_process_ends_is_started_again_and_put_back(tmp_path, live_data):
    with running_cluster(tmp_path, live_data / "data" / "envdash.duckdb", live_data, replicas=1,
                         options=("--restart",)) as cluster:
        (replica,) = cluster.replicas

        os.killpg(replica.pid, signal.SIGKILL)

        cluster.wait_for_output(rf"^replica 1 \(127\.0\.0\.1:{replica.port}\): taken out of nginx$")
        again = cluster.wait_for_output(rf"^replica 1: 127\.0\.0\.1:{replica.port} pid (?!{replica.pid}$)\d+$")
        cluster.wait_for_output(rf"^replica 1 \(127\.0\.0\.1:{replica.port}\): healthy, in nginx$", timeout=120)
        assert answered_through_nginx_within(cluster, seconds=15) == replica.address   # nginx reloads in the background
        assert running(int(again.split()[-1]))
    # on leaving, running_cluster checks that the new replica process was stopped with the rest
