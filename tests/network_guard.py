"""Fail any test that opens a connection to a host other than loopback.

Offices run the workbench on networks without internet access, so nothing
may reach outside the machine at run time. The guard wraps
``socket.socket.connect`` and ``connect_ex`` for the whole test session.
"""

import ipaddress
import socket

_original_connect = socket.socket.connect
_original_connect_ex = socket.socket.connect_ex
_original_getaddrinfo = socket.getaddrinfo


class NonLoopbackConnection(AssertionError):
    """A test tried to connect to a host other than loopback."""


def _is_loopback(address) -> bool:
    if isinstance(address, (str, bytes)):
        return True  # AF_UNIX socket path
    host = address[0]
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        # A host name other than localhost would need DNS, which is itself
        # a connection outside the machine.
        return False


def _check(sock: socket.socket, address) -> None:
    if sock.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address):
        raise NonLoopbackConnection(f"connection to a non-loopback address is not allowed in tests: {address!r}")


def _guarded_connect(self, address):
    _check(self, address)
    return _original_connect(self, address)


def _guarded_connect_ex(self, address):
    _check(self, address)
    return _original_connect_ex(self, address)


def _guarded_getaddrinfo(host, *args, **kwargs):
    # Looking up a name other than localhost sends a query to a DNS server off the machine.
    name = host.decode() if isinstance(host, bytes) else host
    if name not in (None, "localhost", "") and not _is_numeric(name):
        raise NonLoopbackConnection(f"name lookup is not allowed in tests: {name!r}")
    return _original_getaddrinfo(host, *args, **kwargs)


def _is_numeric(host: str) -> bool:
    try:
        ipaddress.ip_address(host.split("%")[0])
        return True
    except ValueError:
        return False


def install() -> None:
    """Replace the socket connect methods and name lookup with the guarded ones."""
    socket.getaddrinfo = _guarded_getaddrinfo
    socket.socket.connect = _guarded_connect
    socket.socket.connect_ex = _guarded_connect_ex
