"""The local-model bench's table (benchmarks/local/run.py): one row per dataset and variant,
summed over the chunk directories a bench writes (and resumes)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).parents[2]


def _bench() -> Any:
    spec = importlib.util.spec_from_file_location("local_bench", ROOT / "benchmarks" / "local" / "run.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def _record(answer: bool | None, gold: bool, errors: list[str | None], kind: str | None = "proved") -> dict:
    attempts = [{"index": i, "error": e} for i, e in enumerate(errors, 1)]
    return {"answer": answer, "ground_truth": gold, "kind": kind if answer is not None else None,
            "error": None if answer is not None else "no program", "attempts": attempts,
            "prompt_tokens": 100, "completion_tokens": 10, "latency_s": 6.0}


def _write(run_dir: Path, records: list[dict]) -> None:
    run_dir.mkdir(parents=True)
    (run_dir / "results.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))


def test_chunks_of_a_cell_add_up_and_cells_keep_the_variant_order(tmp_path):
    bench = _bench()
    cut = "the reply was cut off at the output cap (2048 tokens) before the program was complete"
    full = "the reply was cut off after 1169 tokens, below the output cap (2048): the conversation filled …"
    _write(tmp_path / "prontoqa-smt2-q000", [_record(True, True, [None])])
    _write(tmp_path / "prontoqa-plain-q000", [_record(True, True, ["bad", None]),
                                              _record(None, False, [cut, "x", full])])
    contradiction = "program: the facts and rules contradict each other: knowledge_base[2] (hint: …)"
    _write(tmp_path / "prontoqa-plain-q005", [_record(False, True, [contradiction, None], kind="unknown")])
    (tmp_path / "load.jsonl").write_text(json.dumps({"cell": "prontoqa-plain", "load1": 1.0}) + "\n"
                                         + json.dumps({"cell": "prontoqa-plain", "load1": 2.5}) + "\n")
    rows = bench.rows_of(tmp_path, 3)
    assert [(r["dataset"], r["variant"]) for r in rows] == [("prontoqa", "plain"), ("prontoqa", "smt2")]
    plain = rows[0]
    assert plain["questions"] == 3
    assert plain["valid_per_attempt"] == ["1/3", "2/3", "0/1"]  # a contradiction is a valid program
    assert (plain["answered"], plain["correct"], plain["decided"], plain["decided_correct"]) == (2, 1, 1, 1)
    assert (plain["cut_off"], plain["attempts"]) == (2, 7)
    assert plain["load"] == "1.0–2.5"
    table = bench.markdown_table(rows)
    assert "| prontoqa | plain | 3 | 1/3 · 2/3 · 0/1 | 2 | 1 | 1/1 | 2/7 |" in table


def test_directory_names_give_dataset_and_variant():
    bench = _bench()
    assert bench._cell("strategyqa-structured-compact-q015") == ("strategyqa", "structured-compact")
    assert bench._cell("prontoqa-plain") == ("prontoqa", "plain")  # a bench from before chunks


def test_strategies_are_variants_with_their_options_and_get_a_table_against_plain(tmp_path):
    import argparse

    from pot.strategy import Strategy

    bench = _bench()
    assert set(bench.STRATEGIES) == {s.value for s in Strategy} - {"plain"}
    args = argparse.Namespace(samples=3, rounds=2, parts=4, check_core=True)
    assert bench.variant_options("self-consistency", args) == ["--strategy", "self-consistency", "--samples", "3"]
    assert bench.variant_options("counterexample", args) == ["--strategy", "counterexample", "--rounds", "2",
                                                             "--check-core"]
    assert bench.variant_options("smt2", args) == ["--format", "smt2"]
    _write(tmp_path / "prontoqa-plain-q000", [_record(True, True, [None]), _record(None, False, ["x", "y", "z"])])
    voted = {**_record(True, True, [None]), "strategy": {"name": "self-consistency", "calls": 5, "abstained": False}}
    split = {**_record(None, True, [None]), "strategy": {"name": "self-consistency", "calls": 4, "abstained": True}}
    _write(tmp_path / "prontoqa-self-consistency-q000", [voted, split])
    rows = bench.rows_of(tmp_path, 3)
    by_variant = {r["variant"]: r for r in rows}
    assert (by_variant["plain"]["calls"], by_variant["plain"]["abstained"]) == (4, 0)
    assert (by_variant["self-consistency"]["calls"], by_variant["self-consistency"]["abstained"]) == (9, 1)
    table = bench.markdown_table(rows)
    overview, comparison = table.split("| dataset | strategy |")
    assert "| prontoqa | plain |" in overview and "self-consistency" not in overview
    assert comparison.index("| prontoqa | plain | 2 | 1 | 1 | 1/1 | 0 | 2.0 | 110 |") < \
        comparison.index("| prontoqa | self-consistency | 2 | 1 | 1 | 1/1 | 1 | 4.5 | 110 |")


def test_no_strategy_rows_no_strategy_table(tmp_path):
    bench = _bench()
    _write(tmp_path / "prontoqa-plain-q000", [_record(True, True, [None])])
    assert "| dataset | strategy |" not in bench.markdown_table(bench.rows_of(tmp_path, 3))


def test_start_runs_the_chunks_from_that_question_on(tmp_path, monkeypatch):
    # a bench whose earlier chunks were run elsewhere (their run directories lost with a machine's cache)
    bench = _bench()
    parser = bench.argparse.ArgumentParser()
    bench.add_bench_arguments(parser)
    args = parser.parse_args(["-n", "20", "--start", "16", "--chunk", "3", "--asks", "0", "--variants", "smt2",
                              "--datasets", "prontoqa", "--out", str(tmp_path)])
    ranges = []

    def run(command, **_):
        ranges.append((command[command.index("--offset") + 1], command[command.index("--limit") + 1]))
        return bench.subprocess.CompletedProcess(command, 0, "", "")

    monkeypatch.setattr(bench.subprocess, "run", run)
    bench.bench(tmp_path, bench.QWEN, "http://127.0.0.1:1/v1", args)
    assert ranges == [("15", "3"), ("18", "2")]  # questions 16-18 and 19-20


def test_a_start_past_the_last_question_is_refused_before_any_server_starts(monkeypatch, capsys):
    bench = _bench()

    def no_server(*_):
        raise AssertionError("a server was started")

    monkeypatch.setattr(bench, "running_server", no_server)
    with pytest.raises(SystemExit) as exit_:
        bench.main(["bench", "-n", "20", "--start", "21"])
    assert exit_.value.code == 2 and "--start 21 is not a question of 1..20" in capsys.readouterr().err
