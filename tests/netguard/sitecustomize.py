"""The network guard: connections go to loopback addresses or nowhere.

Used in two ways: `tests/conftest.py` installs it around every test, and test
subprocesses get it by having this directory on PYTHONPATH (Python imports
`sitecustomize` at start-up), where a blocked connection is also written to stderr.
"""

from __future__ import annotations

import ipaddress
import socket
import sys
from collections.abc import Callable

MARKER = "NETWORK-GUARD: blocked"


def is_loopback(address: object) -> bool:
    if not isinstance(address, tuple):
        return True  # AF_UNIX paths and the like are local by nature
    host = str(address[0])
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False  # a host name other than localhost


def guarded(real: Callable, on_block: Callable[[object], None]) -> Callable:
    def connect(self, address):
        if not is_loopback(address):
            on_block(address)
            raise ConnectionRefusedError(f"{MARKER} {address!r}")
        return real(self, address)

    return connect


def _report(address: object) -> None:
    sys.stderr.write(f"{MARKER} {address!r}\n")


if __name__ == "sitecustomize":
    socket.socket.connect = guarded(socket.socket.connect, _report)
    socket.socket.connect_ex = guarded(socket.socket.connect_ex, _report)
