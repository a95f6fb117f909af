"""Issue 7.8: `pot export` reads its input under the same size cap as check and verify
($POT_MAX_INPUT_MB), so a huge file or an endless device ends in a too-large diagnostic."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from pot import ProgramError
from pot.cli import cli
from pot.smtlib.export import export_smt2

ROOT = Path(__file__).resolve().parents[2]
PROGRAM = {"functions": [{"name": "x", "range": "IntSort"}], "knowledge_base": ["x > 0"] * 200,
           "verifications": [{"constraint": "x > -1"}]}


def test_export_refuses_a_program_past_the_input_limit(monkeypatch, tmp_path):
    monkeypatch.setenv("POT_MAX_INPUT_MB", "0.001")  # 1,048 bytes
    big = tmp_path / "big.json"
    big.write_text(json.dumps(PROGRAM))
    for source in (big, big.read_text()):
        with pytest.raises(ProgramError) as info:
            export_smt2(source)
        (d,) = info.value.diagnostics
        assert d.code == "too-large" and "POT_MAX_INPUT_MB" in (d.hint or "")
    result = CliRunner().invoke(cli, ["export", str(big)])
    assert result.exit_code == 3 and "input limit" in result.output  # click >= 8.2: output holds stderr too
    monkeypatch.setenv("POT_MAX_INPUT_MB", "1")
    assert "(check-sat)" in CliRunner().invoke(cli, ["export", str(big)]).output  # within the limit: exported


def test_export_of_an_endless_device_stops_at_the_limit():
    env = {"PYTHONPATH": str(ROOT), "POT_MAX_INPUT_MB": "1", "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-m", "pot", "export", "/dev/zero"], capture_output=True, text=True,
                          env=env, timeout=120)
    assert done.returncode == 3
    assert "input limit" in done.stderr
