"""Time from request to the first widget of 世帯照会 in headless Chromium.

Measures Voilà with default kernels (a kernel starts per page) and with
preheated kernels (a pool of executed notebooks waits for visitors), on demo
offices of the given sizes.

Usage: python bench/bench_dashboard.py [--households 3000 100000] [--runs 7]
"""

import argparse
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import demo_database, describe  # noqa: E402

from seiho.ui.serve import voila_command, voila_environment  # noqa: E402

CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
FIRST_WIDGET_TEXT = "利用者IDとパスワードを入力してください"
# Seconds to let a preheated pool refill after each visit.
POOL_REFILL_SECONDS = 12


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_voila(db: Path, preheat: int) -> tuple[subprocess.Popen, int]:
    port = free_port()
    process = subprocess.Popen(
        voila_command(port, preheat=preheat), env=voila_environment(db),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return process, port
        except OSError:
            time.sleep(0.3)
    os.killpg(process.pid, signal.SIGTERM)
    raise TimeoutError("Voilà did not start")


def measure(browser, port: int, runs: int, pause: float) -> list[float]:
    samples = []
    for _ in range(runs):
        page = browser.new_page(viewport={"width": 1024, "height": 768})
        start = time.perf_counter()
        page.goto(f"http://127.0.0.1:{port}/voila/render/household_lookup.ipynb")
        page.get_by_text(FIRST_WIDGET_TEXT).wait_for(timeout=180_000)
        samples.append(time.perf_counter() - start)
        page.close()
        time.sleep(pause)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--households", type=int, nargs="+", default=[3000, 100_000])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_FLAGS)
        for households in args.households:
            db = demo_database(households)
            for preheat, label in ((0, "default kernels"), (2, "preheated kernels (pool of 2)")):
                process, port = start_voila(db, preheat)
                try:
                    if preheat:
                        time.sleep(POOL_REFILL_SECONDS)
                    samples = measure(browser, port, args.runs, POOL_REFILL_SECONDS if preheat else 1.0)
                    print(f"{households:,} households, {label}: first widget {describe(samples, 's', 1.0)}")
                finally:
                    os.killpg(process.pid, signal.SIGTERM)
                    process.wait(timeout=30)
        browser.close()


if __name__ == "__main__":
    main()
