"""A Streamlit server of the app on its own data set, for tests that need more than the session's.

The same steps as conftest.py's `envdash_server` (build, start on a free loopback port, wait until
healthy, stop the whole process group), with the data root and the database chosen by the caller:
a module overrides `envdash_server` with `running_server(...)` and the shared `browse` fixture then
opens its pages on that server.
"""
from __future__ import annotations

import ctypes
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from browser_support import PROJECT_ROOT

STARTUP_SECONDS = 60
STOP_SECONDS = 15


class ServerFailed(RuntimeError):
    """The database could not be built or the server did not come up; the message has the log."""


@dataclass(frozen=True)
class Server:
    base_url: str
    port: int
    database: Path
    log: Path
    pid: int                   # the Streamlit process itself (python -m streamlit, no shell between)
    data_root: Path | None     # ENVDASH_ROOT, or None for the project's own data

    def peak_memory_kib(self) -> int:
        """VmHWM: the most resident memory the server process has had since it started."""
        return _status_kib(self.pid, "VmHWM")

    def memory_kib(self) -> int:
        return _status_kib(self.pid, "VmRSS")


def _status_kib(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    raise KeyError(f"{field} not in /proc/{pid}/status")


def server_env(database: Path, data_root: Path | None) -> dict:
    env = {**os.environ, "ENVDASH_DB": str(database), "PYTHONUNBUFFERED": "1"}
    env.pop("ENVDASH_ROOT", None)   # the project's own data unless the caller names a data root
    if data_root is not None:
        env["ENVDASH_ROOT"] = str(data_root)
    return env


def build_database(database: Path, data_root: Path | None = None) -> None:
    """`python -m envdash build` of `data_root` (default: the project) into `database`."""
    root = ["--root", str(data_root)] if data_root is not None else []
    build = subprocess.run([sys.executable, "-m", "envdash", *root, "--db", str(database), "build"],
                           cwd=PROJECT_ROOT, env=server_env(database, data_root), capture_output=True, text=True,
                           timeout=300)
    if build.returncode != 0:
        raise ServerFailed(f"building the database failed:\n{build.stdout}\n{build.stderr}")


def _die_with_parent() -> None:
    """In the server process: get SIGTERM if pytest dies (killed, timed out) before its teardown."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def healthy(base_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=2) as response:
            return response.read().strip() == b"ok"
    except OSError:
        return False


def log_tail(log: Path, lines: int = 40) -> str:
    return "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True


def _stop(process: subprocess.Popen, group: int) -> None:
    """Terminate the server's whole process group, killing it if it does not stop in time."""
    if process.poll() is None or _group_alive(group):
        try:
            os.killpg(group, signal.SIGTERM)
        except ProcessLookupError:
            pass
    try:
        process.wait(timeout=STOP_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(group, signal.SIGKILL)
        process.wait(timeout=STOP_SECONDS)
    deadline = time.monotonic() + STOP_SECONDS
    while _group_alive(group) and time.monotonic() < deadline:
        time.sleep(0.1)
    if _group_alive(group):
        os.killpg(group, signal.SIGKILL)


@contextmanager
def running_server(folder: Path, database: Path, data_root: Path | None = None,
                   script: str = "app.py") -> Iterator[Server]:
    """`streamlit run app.py` on a free local port reading `database` (and `data_root`, if given);
    `script` serves another app of the project (studio/studio_app.py, the curation studio).

    The database must exist (see build_database). On leaving, the server's process group is gone
    and nothing answers on its port any more.
    """
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    log = folder / f"streamlit-{port}.log"
    with open(log, "wb") as log_file:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port),
             "--server.headless", "true", "--server.address", "127.0.0.1"],
            cwd=PROJECT_ROOT, env=server_env(database, data_root), stdout=log_file, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True, preexec_fn=_die_with_parent)
    group = process.pid  # start_new_session: the server leads its own process group
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while not healthy(base_url):
            if process.poll() is not None:
                raise ServerFailed(f"streamlit exited with {process.returncode}:\n{log_tail(log)}")
            if time.monotonic() > deadline:
                raise ServerFailed(f"streamlit not healthy after {STARTUP_SECONDS} s:\n{log_tail(log)}")
            time.sleep(0.2)
        yield Server(base_url, port, database, log, process.pid, data_root)
    finally:
        _stop(process, group)
    if process.poll() is None or _group_alive(group) or healthy(base_url):
        raise ServerFailed(f"the server on port {port} (group {group}) is still running")
