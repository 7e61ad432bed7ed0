"""``seiho serve`` stops Voilà and its kernels on SIGTERM and SIGINT."""

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import build_small_office

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc (Linux)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def parent_pid(pid: int) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name in brackets may contain spaces, so split after it.
    return int(stat.rsplit(")", 1)[1].split()[1])


def child_pids(pid: int) -> list[int]:
    pids = [int(entry.name) for entry in Path("/proc").iterdir() if entry.name.isdigit()]
    return [child for child in pids if parent_pid(child) == pid]


def is_running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def get_status(port: int, path: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path)
        return connection.getresponse().status
    finally:
        connection.close()


def wait_for_status_200(port: int, process: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"seiho serve exited with status {process.returncode}")
        try:
            if get_status(port, "/") == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise TimeoutError(f"seiho serve did not answer on port {port} within {timeout} s")


def port_closed(port: int) -> bool:
    try:
        get_status(port, "/")
    except ConnectionRefusedError:
        return True
    return False


def wait_until_gone(pids: list[int], timeout: float) -> list[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        running = [pid for pid in pids if is_running(pid)]
        if not running:
            return []
        time.sleep(0.2)
    return running


@pytest.mark.parametrize("signal_number", [signal.SIGTERM, signal.SIGINT])
def test_serve_signal_stops_voila_and_kernels(tmp_path, signal_number):
    store = build_small_office(tmp_path)
    port = free_port()
    log_path = tmp_path / "serve.log"
    command = [sys.executable, "-m", "seiho.cli", "serve", "--db", str(store.path), "--port", str(port)]
    started: list[int] = []

    with open(log_path, "w", encoding="utf-8") as log_file:
        serve = subprocess.Popen(command, stdout=log_file, stderr=subprocess.STDOUT)
    try:
        wait_for_status_200(port, serve)
        # Rendering a dashboard starts a kernel, which must stop with Voilà.
        assert get_status(port, "/voila/render/household_lookup.ipynb") == 200
        voila_pids = child_pids(serve.pid)
        assert len(voila_pids) == 1
        kernel_pids = child_pids(voila_pids[0])
        assert kernel_pids
        started = voila_pids + kernel_pids

        serve.send_signal(signal_number)

        assert serve.wait(timeout=30) == 0
        assert wait_until_gone(voila_pids, timeout=5) == []
        assert wait_until_gone(kernel_pids, timeout=5) == []
        assert port_closed(port)
    finally:
        for pid in [serve.pid, *started]:
            if is_running(pid):
                os.kill(pid, signal.SIGKILL)
