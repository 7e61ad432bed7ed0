"""``seiho serve``: serve every dashboard with Voilà on the loopback address."""

import argparse
import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from seiho.errors import SeihoError
from seiho.paths import REPOSITORY_ROOT, dashboards_dir
from seiho.store import default_db_path

log = logging.getLogger(__name__)

TEMPLATE_ROOT = REPOSITORY_ROOT / "share" / "jupyter"

# Voilà 0.5 keeps a kernel running after its browser tab closes. Kernels idle
# this long are shut down, checked every minute, whether a tab is still open
# or not: a dashboard left open on a shared office PC stops serving data and
# needs a reload and a new login.
CULL_IDLE_SECONDS = 1800
CULL_INTERVAL_SECONDS = 60

# On SIGTERM Voilà 0.5 stops serving and shuts down its kernels, waiting up
# to jupyter_client's shutdown_wait_time (5 s) for each before killing it.
# A Voilà still running this many seconds after the SIGTERM is killed.
STOP_TIMEOUT_SECONDS = 30


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", default=None, help="データベースファイル（既定: SEIHO_DB または data/demo.duckdb）")
    parser.add_argument("--port", type=int, default=8866, help="待ち受けるポート番号（既定: 8866）")
    parser.add_argument("--ip", default="127.0.0.1", help="待ち受けるアドレス（既定: 127.0.0.1）")
    parser.add_argument("--preheat", type=int, default=0, help="画面ごとに事前に起動しておくカーネルの数（既定: 0）")
    parser.add_argument("--cull-idle", type=int, default=CULL_IDLE_SECONDS, help="操作のない画面のカーネルを停止するまでの秒数（既定: 1800）")
    parser.add_argument("--cull-interval", type=int, default=CULL_INTERVAL_SECONDS, help="停止するカーネルを探す間隔の秒数（既定: 60）")


def voila_command(
    port: int,
    ip: str = "127.0.0.1",
    preheat: int = 0,
    cull_idle: int = CULL_IDLE_SECONDS,
    cull_interval: int = CULL_INTERVAL_SECONDS,
) -> list[str]:
    """Return the Voilà command line that serves the dashboards folder."""
    command = [
        sys.executable, "-m", "voila", str(dashboards_dir()),
        f"--port={port}",
        f"--Voila.ip={ip}",
        "--Voila.port_retries=0",
        "--no-browser",
        "--template=seiho",
        "--VoilaConfiguration.classic_tree=True",
        "--show_tracebacks=False",
        "--HTMLExporter.language_code=ja",
        f"--MappingKernelManager.cull_idle_timeout={cull_idle}",
        f"--MappingKernelManager.cull_interval={cull_interval}",
        "--MappingKernelManager.cull_connected=True",
    ]
    if preheat > 0:
        command += ["--preheat_kernel=True", f"--pool_size={preheat}"]
    return command


def voila_environment(db_path: Path) -> dict[str, str]:
    """Return the environment for Voilà: the database, the template, no telemetry."""
    environment = dict(os.environ)
    environment["SEIHO_DB"] = str(Path(db_path).resolve())
    jupyter_path = environment.get("JUPYTER_PATH", "")
    environment["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(TEMPLATE_ROOT), jupyter_path]))
    return environment


def run(args: argparse.Namespace) -> int:
    db_path = Path(args.db) if args.db else default_db_path()
    if not db_path.exists():
        raise SeihoError(
            f"データベース {db_path} がありません。先に `seiho demo --db {db_path}` で作成するか、--db で指定してください。",
            f"database {db_path} not found",
        )

    url = f"http://{args.ip}:{args.port}/"
    print(f"seiho workbench を {url} で公開します（停止は Ctrl+C）。", flush=True)
    log.info("starting Voilà on %s with database %s", url, db_path)
    command = voila_command(args.port, args.ip, args.preheat, args.cull_idle, args.cull_interval)
    return run_voila(command, voila_environment(db_path))


def run_voila(command: list[str], environment: dict[str, str]) -> int:
    """Run Voilà until it exits, stopping it when this process gets SIGTERM or SIGINT.

    Voilà runs in its own session, so Ctrl+C in the terminal reaches only this
    process, which sends Voilà one SIGTERM and waits for it to shut down its
    kernels. Voilà kernels run in sessions of their own and outlive a Voilà
    that is killed, so SIGKILL is only the last resort after
    ``STOP_TIMEOUT_SECONDS``. Returns 0 after a requested stop, otherwise
    Voilà's exit status.

    NOTE: a SIGKILL to this process cannot be forwarded, so Voilà and its
    kernels keep running after it.
    """
    process = subprocess.Popen(command, env=environment, start_new_session=True)
    stop_requested_at: list[float] = []

    def request_stop(signal_number: int, _frame) -> None:
        log.info("received %s, stopping Voilà (pid %d)", signal.Signals(signal_number).name, process.pid)
        if not stop_requested_at:
            stop_requested_at.append(time.monotonic())
            process.send_signal(signal.SIGTERM)

    previous_handlers = {number: signal.signal(number, request_stop) for number in (signal.SIGTERM, signal.SIGINT)}
    try:
        status = _wait_for_voila(process, stop_requested_at)
    finally:
        for number, handler in previous_handlers.items():
            signal.signal(number, handler)
    log.info("Voilà (pid %d) exited with status %d", process.pid, status)
    return 0 if stop_requested_at else status


def _wait_for_voila(process: subprocess.Popen, stop_requested_at: list[float]) -> int:
    announced = False
    while True:
        try:
            return process.wait(timeout=0.5)
        except subprocess.TimeoutExpired:
            pass
        if not stop_requested_at:
            continue
        if not announced:
            print("seiho workbench を停止しています（画面のカーネルを終了します）。", flush=True)
            announced = True
        if time.monotonic() - stop_requested_at[0] > STOP_TIMEOUT_SECONDS:
            log.warning("Voilà (pid %d) still running %d s after SIGTERM, killing it", process.pid, STOP_TIMEOUT_SECONDS)
            process.kill()
            return process.wait()
