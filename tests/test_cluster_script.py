"""deploy/cluster.sh refuses what it cannot run with a one-line reason, before starting anything."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

CLUSTER_SH = Path(__file__).resolve().parents[1] / "deploy" / "cluster.sh"


def _run(*arguments: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", str(CLUSTER_SH), *arguments], capture_output=True, text=True, timeout=30, env=env)


@pytest.mark.parametrize(("arguments", "message"), [
    (("--replicas", "two"), "--replicas needs a whole number, not 'two'"),
    (("--replicas", "0"), "--replicas must be at least 1"),
    (("--port",), "--port needs a whole number, not ''"),
    (("--workers", "3"), "unknown option '--workers' (see --help)"),
])
def test_a_wrong_option_is_refused_with_its_name_and_nothing_is_started(arguments, message):
    result = _run(*arguments)

    assert result.returncode == 2
    assert result.stderr.strip() == f"cluster.sh: {message}"
    assert result.stdout == ""


def test_a_missing_nginx_is_named_with_the_package_to_install(tmp_path):
    result = _run("--replicas", "1", env={"PATH": "/usr/bin:/bin", "NGINX": str(tmp_path / "nginx")})

    assert result.returncode == 2
    assert result.stderr.strip() == f"cluster.sh: {tmp_path / 'nginx'} not found: apt-get install nginx (or set NGINX)"


def test_help_lists_every_option_the_script_reads():
    usage = _run("--help").stdout
    script = CLUSTER_SH.read_text(encoding="utf-8")
    options = {line.split(")")[0].strip() for line in script.splitlines() if line.strip().startswith("--") and ")" in line}

    assert options and all(option in usage for option in options - {"--"}), options
