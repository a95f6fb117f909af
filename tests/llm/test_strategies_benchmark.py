"""benchmarks/strategies.py --fake: the harness runs end to end against the fake provider."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.litellm  # every test here goes through litellm (see tests/conftest.py)

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"


@pytest.mark.skipif(not (SHARED / "data").is_dir(), reason="../shared/data (the benchmark datasets) is absent")
def test_fake_smoke_run_prints_a_row_per_dataset_and_strategy(monkeypatch, capsys):
    spec = importlib.util.spec_from_file_location("strategies_benchmark", REPO / "benchmarks" / "strategies.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(sys, "argv", ["strategies.py", "--fake", "-n", "2", "--strategies",
                                      "plain,self-consistency,counterexample", "--samples", "2", "--json"])
    module.main()
    rows = json.loads(capsys.readouterr().out)
    assert [(r["dataset"], r["strategy"]) for r in rows] == [
        (d, s) for d in ("prontoqa", "strategyqa") for s in ("plain", "self-consistency", "counterexample")]
    assert all(r["n"] == 2 and r["answered"] + r["abstained"] + r["no_program"] <= 2 for r in rows)
    by = {(r["dataset"], r["strategy"]): r for r in rows}
    assert by["prontoqa", "self-consistency"]["calls_per_q"] == 2.0  # two samples, each valid at once
    assert by["prontoqa", "plain"]["calls_per_q"] == 1.0
