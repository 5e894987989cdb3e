"""deploy/cluster.sh run for a test or a benchmark: replicas behind nginx on free local ports.

`running_cluster(...)` starts the script on a data set and database of the caller's choosing, waits
for its "ready:" line and hands back what it printed about itself (the replicas' ports and process
ids, nginx's). On leaving it stops the script with a signal, as a person or systemd would, and
checks that every process it had started is gone, its ports are closed and its run folder removed.
"""
from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from browser_support import PROJECT_ROOT
from live_server import Server, ServerFailed, _die_with_parent, server_env

CLUSTER_SH = PROJECT_ROOT / "deploy" / "cluster.sh"
READY_SECONDS = 150
STOP_SECONDS = 40
REPLICA_HEADER = "x-envdash-replica"
ROUTE_COOKIE = "envdash_route"

_REPLICA_LINE = re.compile(r"^replica (\d+): 127\.0\.0\.1:(\d+) pid (\d+)$")
_NGINX_LINE = re.compile(r"^nginx: pid (\d+)$")
_RUN_FOLDER = re.compile(r"run folder (\S+),")


@dataclass(frozen=True)
class Replica:
    number: int
    port: int
    pid: int

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def peak_memory_kib(self) -> int:
        """VmHWM of the replica's process: the most resident memory it has had since it started."""
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
        raise KeyError(f"VmHWM not in /proc/{self.pid}/status")


@dataclass
class Cluster:
    process: subprocess.Popen
    base_url: str
    port: int
    replicas: list[Replica]
    nginx_pid: int
    run_folder: Path
    output: list[str]               # the script's lines so far (a thread keeps reading them)
    output_log: Path
    run_times: Path                 # ENVDASH_RUN_TIMES of every replica
    server: Server = field(init=False)

    def __post_init__(self):
        # what the shared browser fixtures need to know of "the server": the proxy's address
        self.server = Server(self.base_url, self.port, Path(), self.output_log, self.process.pid, None)

    def replica_at(self, address: str) -> Replica:
        return next(replica for replica in self.replicas if replica.address == address)

    def wait_for_output(self, pattern: str, timeout: float = 30) -> str:
        """The first line of the script's output matching `pattern` (a regular expression)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in list(self.output):
                if re.search(pattern, line):
                    return line
            time.sleep(0.1)
        raise AssertionError(f"cluster.sh never printed /{pattern}/; it printed:\n" + "\n".join(self.output))

    def script_runs(self) -> list[dict]:
        """Every script run of the replicas so far: {"pid", "page", "seconds", "ending", "ended"}."""
        if not self.run_times.exists():
            return []
        return [json.loads(line) for line in self.run_times.read_text(encoding="utf-8").splitlines() if line]

    def processes(self) -> set[int]:
        """The script and every process below it now (replicas, nginx and its workers, builds)."""
        return {self.process.pid} | descendants(self.process.pid)


def descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def free_ports(count: int) -> int:
    """The first of `count` consecutive loopback ports that are free now."""
    for _ in range(200):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            first = probe.getsockname()[1]
        if first + count > 65535:
            continue
        try:
            sockets = []
            for port in range(first, first + count):
                sockets.append(socket.socket())
                sockets[-1].bind(("127.0.0.1", port))
            return first
        except OSError:
            continue
        finally:
            for opened in sockets:
                opened.close()
    raise RuntimeError(f"no {count} consecutive free ports")


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):
            return True
    except OSError:
        return False


def replica_for(base_url: str, cookie: str | None = None) -> tuple[str, str | None]:
    """(the replica nginx sent a request to, the route cookie it set) for one request."""
    request = urllib.request.Request(f"{base_url}/_stcore/health")
    if cookie is not None:
        request.add_header("Cookie", f"{ROUTE_COOKIE}={cookie}")
    with urllib.request.urlopen(request, timeout=10) as response:
        set_cookie = next((value.split(";", 1)[0].split("=", 1)[1] for value in response.headers.get_all("Set-Cookie") or []
                           if value.startswith(f"{ROUTE_COOKIE}=")), None)
        return response.headers[REPLICA_HEADER], set_cookie


def cookies_for_each_replica(cluster: Cluster) -> dict[str, str]:
    """A route cookie value that nginx sends to each replica, found by asking it (address -> value)."""
    found: dict[str, str] = {}
    for number in range(500):
        value = f"test-route-{number}"
        address, _ = replica_for(cluster.base_url, value)
        found.setdefault(address, value)
        if len(found) == len(cluster.replicas):
            return found
    raise AssertionError(f"nginx sent 500 different cookies only to {sorted(found)}")


def _read_output(process: subprocess.Popen, lines: list[str], log: Path) -> None:
    with open(log, "a", encoding="utf-8") as copy:
        for line in process.stdout:
            lines.append(line.rstrip("\n"))
            copy.write(line)
            copy.flush()


def _log_tails(folder: Path) -> str:
    parts = []
    for log in sorted(folder.glob("*.log")):
        text = log.read_text(encoding="utf-8", errors="replace").splitlines()[-25:]
        parts.append(f"--- {log.name} ---\n" + "\n".join(text))
    return "\n".join(parts)


@contextmanager
def running_cluster(folder: Path, database: Path, data_root: Path | None = None, replicas: int = 2,
                    stop_signal: int = signal.SIGTERM, check_every: int = 1,
                    extra_env: dict | None = None, options: tuple[str, ...] = ()) -> Iterator[Cluster]:
    """deploy/cluster.sh with `replicas` replicas reading `database` (and `data_root`, if given).

    `stop_signal` is sent on leaving: SIGTERM as systemd does, or SIGINT to the script's process
    group as a terminal does on Ctrl-C.
    """
    port = free_ports(1)
    first_replica_port = free_ports(replicas)
    logs = folder / f"cluster-{port}"
    logs.mkdir(parents=True, exist_ok=True)
    output_log = logs / "cluster.sh.log"
    run_times = logs / "run-times.jsonl"
    env = {**server_env(database, data_root), "PYTHON": sys.executable, "ENVDASH_RUN_TIMES": str(run_times),
           **(extra_env or {})}
    process = subprocess.Popen(
        ["bash", str(CLUSTER_SH), "--replicas", str(replicas), "--port", str(port),
         "--first-replica-port", str(first_replica_port), "--check-every", str(check_every), "--logs", str(logs), *options],
        cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        text=True, start_new_session=True, preexec_fn=_die_with_parent)
    output: list[str] = []
    reader = threading.Thread(target=_read_output, args=(process, output, output_log), daemon=True)
    reader.start()
    started: set[int] = set()
    cluster = None
    try:
        deadline = time.monotonic() + READY_SECONDS
        while not any(line.startswith("ready: ") for line in output):
            if process.poll() is not None or time.monotonic() > deadline:
                raise ServerFailed(f"cluster.sh not ready (exit code {process.poll()}):\n" + "\n".join(output)
                                   + "\n" + _log_tails(logs))
            time.sleep(0.2)
        replica_lines = [_REPLICA_LINE.match(line) for line in output]
        cluster = Cluster(
            process=process, base_url=f"http://127.0.0.1:{port}", port=port,
            replicas=[Replica(int(match[1]), int(match[2]), int(match[3])) for match in replica_lines if match],
            nginx_pid=int(next(match for line in output if (match := _NGINX_LINE.match(line)))[1]),
            run_folder=Path(next(match for line in output if (match := _RUN_FOLDER.search(line)))[1]),
            output=output, output_log=output_log, run_times=run_times)
        started = cluster.processes()
        yield cluster
    finally:
        started |= {process.pid} | descendants(process.pid)
        if process.poll() is None:
            if stop_signal == signal.SIGINT:
                os.killpg(process.pid, signal.SIGINT)   # what a terminal's Ctrl-C does
            else:
                process.send_signal(stop_signal)
        try:
            process.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            for pid in started:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            raise ServerFailed(f"cluster.sh did not stop within {STOP_SECONDS} s of {signal.Signals(stop_signal).name}:\n"
                               + "\n".join(output))
        reader.join(timeout=5)
    left = sorted(pid for pid in started if running(pid))
    if left:
        for pid in left:
            os.kill(pid, signal.SIGKILL)
        raise ServerFailed(f"processes of the cluster still running after it stopped: {left}")
    if process.returncode != 0:
        raise ServerFailed(f"cluster.sh exited with {process.returncode} on {signal.Signals(stop_signal).name}:\n"
                           + "\n".join(output))
    if cluster is not None:
        still_answering = [url for url in [cluster.base_url, *(f"http://{r.address}/_stcore/health" for r in cluster.replicas)]
                           if answers(url)]
        if still_answering:
            raise ServerFailed(f"still answering after the cluster stopped: {still_answering}")
        if cluster.run_folder.exists():
            raise ServerFailed(f"the run folder {cluster.run_folder} was left behind")
