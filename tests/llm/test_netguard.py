import socket

from netguard.sitecustomize import MARKER, guarded, is_loopback


def test_loopback_addresses():
    assert is_loopback(("127.0.0.1", 80)) and is_loopback(("::1", 80, 0, 0)) and is_loopback(("localhost", 1))
    assert is_loopback("/tmp/some.sock")
    assert not is_loopback(("93.184.216.34", 443)) and not is_loopback(("api.openai.com", 443))


def test_guard_blocks_and_reports():
    blocked, passed = [], []
    connect = guarded(lambda self, address: passed.append(address), blocked.append)
    connect(None, ("127.0.0.1", 8080))
    try:
        connect(None, ("203.0.113.7", 443))
    except ConnectionRefusedError as exc:
        assert MARKER in str(exc)
    assert passed == [("127.0.0.1", 8080)] and blocked == [("203.0.113.7", 443)]


def test_the_fixture_is_active():
    assert socket.socket.connect.__name__ == "connect" and socket.socket.connect.__module__ == "netguard.sitecustomize"
