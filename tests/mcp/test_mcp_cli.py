"""`pot mcp` as a command: its failures are one clear line and an exit code, not a traceback."""

from __future__ import annotations

import socket
import sys

import pytest

from pot.cli import main


def run_pot(monkeypatch, capsys, *args: str) -> tuple[int, str]:
    monkeypatch.setattr(sys, "argv", ["pot", *args])
    with pytest.raises(SystemExit) as done:
        main()
    return int(done.value.code or 0), capsys.readouterr().err


def test_without_the_sdk_it_says_which_extra_to_install(monkeypatch, capsys):
    monkeypatch.delitem(sys.modules, "pot.agent.server", raising=False)
    for name in [m for m in sys.modules if m == "mcp" or m.startswith("mcp.")] + ["mcp"]:
        monkeypatch.setitem(sys.modules, name, None)  # what a missing package looks like to `import`
    code, err = run_pot(monkeypatch, capsys, "mcp")
    assert code == 1
    assert "pip install 'pot-toolkit[mcp]'" in err
    assert "Traceback" not in err


def test_a_taken_port_is_a_clear_error(monkeypatch, capsys):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, err = run_pot(monkeypatch, capsys, "mcp", "--http", str(port))
    assert code == 1
    assert err.startswith("Error: cannot serve:")
    assert "Traceback" not in err


@pytest.mark.parametrize("port", ["-1", "65536", "http"])
def test_a_bad_port_is_a_usage_error(monkeypatch, capsys, port):
    code, err = run_pot(monkeypatch, capsys, "mcp", "--http", port)
    assert code == 2
    assert "--http" in err
