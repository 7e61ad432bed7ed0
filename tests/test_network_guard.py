"""The suite itself refuses connections outside the machine."""

import socket

import pytest

from network_guard import NonLoopbackConnection


def test_guard_blocks_public_address():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        with pytest.raises(NonLoopbackConnection):
            sock.connect(("192.0.2.1", 80))  # TEST-NET-1, never routed


def test_guard_blocks_private_address_ex():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        with pytest.raises(NonLoopbackConnection):
            sock.connect_ex(("10.0.0.1", 443))


def test_guard_blocks_host_names():
    with pytest.raises(NonLoopbackConnection):
        socket.create_connection(("example.invalid", 80), timeout=1)


def test_guard_allows_loopback():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        with socket.create_connection(server.getsockname(), timeout=2):
            pass


def test_guard_active_in_subprocesses():
    import subprocess
    import sys

    probe = (
        "import socket\n"
        "try:\n"
        "    socket.create_connection(('192.0.2.1', 80), timeout=1)\n"
        "except AssertionError as error:\n"
        "    print('blocked', type(error).__name__)\n"
    )
    output = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60).stdout
    assert output.strip() == "blocked NonLoopbackConnection"
