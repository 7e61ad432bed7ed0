"""``seiho serve``: serve every dashboard with Voilà on the loopback address."""

import argparse
import logging
import os
import subprocess
import sys
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
    try:
        return subprocess.call(voila_command(args.port, args.ip, args.preheat, args.cull_idle, args.cull_interval), env=voila_environment(db_path))
    except KeyboardInterrupt:
        return 0
