"""Every dashboard, served by Voilà and opened in headless Chromium.

The page must show Japanese text, print no error output, and make no
request to any host but the local server. 世帯照会 is also used end to end:
log in, search by kana, open a household.
"""

import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest

from seiho.paths import dashboards_dir
from seiho.ui.serve import voila_command, voila_environment

from conftest import PASSWORD, build_small_office

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
DASHBOARDS = sorted(path.name for path in dashboards_dir().glob("*.ipynb"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_server(port: int, process: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"Voilà exited with status {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"Voilà did not listen on port {port} within {timeout} s")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """Serve the dashboards on a free loopback port with the small office."""
    folder = tmp_path_factory.mktemp("served")
    store = build_small_office(folder)
    secret = folder / "secret.txt"
    secret.write_text("SECRET-CONTENT-DO-NOT-SERVE", encoding="utf-8")
    port = free_port()
    log_path = folder / "voila.log"
    with open(log_path, "wb") as log_file:
        process = subprocess.Popen(
            voila_command(port), env=voila_environment(store.path), stdout=log_file, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_for_server(port, process)
        yield {"url": f"http://127.0.0.1:{port}", "port": port, "db": store.path, "secret": secret, "log": log_path}
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail("Chromium がありません。`make test` が導入します（Debian パッケージ chromium）。")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


class PageWatch:
    """Collect what a page requests and what errors it reports."""

    def __init__(self, page, server_port: int):
        self.outside_requests = []
        self.errors = []
        page.on("request", self._on_request)
        page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.port = server_port

    def _on_request(self, request):
        parsed = urlparse(request.url)
        if parsed.scheme in ("data", "blob"):
            return
        if parsed.hostname != "127.0.0.1" or parsed.port != self.port:
            self.outside_requests.append(request.url)


def open_dashboard(browser, server, name):
    page = browser.new_page(viewport={"width": 1024, "height": 768})
    watch = PageWatch(page, server["port"])
    page.goto(f"{server['url']}/voila/render/{name}")
    page.get_by_text("利用者IDとパスワードを入力してください").wait_for(timeout=120_000)
    return page, watch


def log_in(page, user_id):
    page.get_by_placeholder("例: cw001").fill(user_id)
    page.locator("input[type=password]").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.get_by_text("でログイン中").wait_for(timeout=60_000)


@pytest.mark.parametrize("name", DASHBOARDS)
def test_dashboard_loads_without_outside_requests(browser, server, name):
    page, watch = open_dashboard(browser, server, name)
    page.wait_for_load_state("networkidle")
    assert watch.outside_requests == []
    page.close()


@pytest.mark.parametrize("name", DASHBOARDS)
def test_dashboard_shows_no_errors(browser, server, name):
    page, watch = open_dashboard(browser, server, name)
    log_in(page, "sv1")
    page.wait_for_timeout(1000)
    assert watch.errors == []
    assert page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
    assert "Traceback" not in page.content()
    page.close()


@pytest.mark.parametrize("name", DASHBOARDS)
def test_dashboard_page_is_japanese(browser, server, name):
    page, _ = open_dashboard(browser, server, name)
    text = page.inner_text("body")
    japanese = sum(1 for character in text if "\u3040" <= character <= "\u30ff" or "\u4e00" <= character <= "\u9fff")
    assert japanese >= 10
    page.close()


def test_menu_lists_dashboards_in_japanese(browser, server):
    page = browser.new_page()
    watch = PageWatch(page, server["port"])
    page.goto(server["url"] + "/")
    assert page.get_by_role("link", name="世帯照会").count() == 1
    assert watch.outside_requests == []
    page.close()


def test_household_lookup_end_to_end(browser, server):
    page, watch = open_dashboard(browser, server, "household_lookup.ipynb")
    log_in(page, "cw1")
    search = page.get_by_placeholder("ケース番号・氏名・フリガナ")
    search.fill("たかはし")
    search.press("Enter")
    page.get_by_text("1世帯が見つかりました").wait_for(timeout=30_000)
    page.get_by_role("option").first.click()
    page.locator("table.seiho-summary").first.wait_for(timeout=30_000)
    assert "髙橋 トメ" in page.inner_text("table.seiho-summary >> nth=0")
    assert watch.errors == []
    page.close()


def test_household_lookup_wrong_password(browser, server):
    page, _ = open_dashboard(browser, server, "household_lookup.ipynb")
    page.get_by_placeholder("例: cw001").fill("cw1")
    page.locator("input[type=password]").fill("wrong")
    page.get_by_role("button", name="ログイン").click()
    page.get_by_text("利用者IDまたはパスワードが違います").wait_for(timeout=30_000)
    page.close()


def kernel_processes(server_pid: int) -> list[int]:
    """Return the ids of kernel processes started by the Voilà server."""
    kernels = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line)
            command = (status.parent / "cmdline").read_bytes()
        except OSError:
            continue
        if fields.get("PPid", "").strip() == str(server_pid) and b"ipykernel" in command:
            kernels.append(int(status.parent.name))
    return kernels


def test_closed_tab_kernel_is_culled(browser, tmp_path):
    store = build_small_office(tmp_path)
    port = free_port()
    process = subprocess.Popen(
        voila_command(port, cull_idle=10, cull_interval=1), env=voila_environment(store.path),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    try:
        wait_for_server(port, process)
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{port}/voila/render/household_lookup.ipynb")
        page.get_by_text("利用者IDとパスワードを入力してください").wait_for(timeout=120_000)
        assert len(kernel_processes(process.pid)) == 1
        page.close()

        deadline = time.monotonic() + 60
        while kernel_processes(process.pid) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert kernel_processes(process.pid) == []
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)


def raw_get(port: int, path: str) -> tuple[int, bytes]:
    """GET a path exactly as written, without a client normalising '..'."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.putrequest("GET", path, skip_host=False, skip_accept_encoding=True)
    connection.endheaders()
    response = connection.getresponse()
    return response.status, response.read()


# GHSA-2q59-h24c-w6fg: Voilà before 0.5.6 served any file under /static/<path>.
@pytest.mark.parametrize("template", [
    "/static{abs}",
    "/voila/static{abs}",
    "/voila/files/{rel}",
    "/voila/files/..%2f{rel_up}",
    "/voila/files/{abs}",
    "/voila/files/%2e%2e/%2e%2e/{rel_up}",
    "/voila/static/../../../../../../../..{abs}",
    "/voila/static/..%2f..%2f..%2f..%2f..%2f..%2f..%2f..%2f..{abs}",
    "/voila/templates/seiho/static/..%2f..%2f..%2f..%2f..%2f..%2f..%2f..{abs}",
    "/static/..%2f..%2f..%2f..%2f..%2f..%2f..%2f..{abs}",
    "/voila/render/..%2f..%2f..%2f..%2f..%2f..{abs}",
    "/voila/tree/..%2f..%2f..%2f..%2f..{abs_dir}",
])
@pytest.mark.parametrize("target", ["db", "secret", "passwd"])
def test_server_does_not_serve_outside_files(server, template, target):
    path = {"db": Path(server["db"]), "secret": Path(server["secret"]), "passwd": Path("/etc/passwd")}[target]
    root = dashboards_dir()
    relative = os.path.relpath(path, root)
    url = template.format(
        rel=relative, rel_up=relative.lstrip("./"), abs=str(path), abs_dir=str(path.parent),
    )
    status, body = raw_get(server["port"], url)
    assert b"DUCK" not in body[:64]
    assert b"SECRET-CONTENT" not in body
    assert b"root:x:" not in body
