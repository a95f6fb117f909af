"""Live equals replay: a provider that answers every question with its recorded program makes a
live run score each question exactly as `pot eval --replay` scores that record — for all five
datasets, read from the original's processed files as they are."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from corpus import SHARED
from eval_helpers import pot_eval, read_results
from fakes.openai_server import FakeOpenAI, RecordedModel

from pot.eval.datasets import DATASETS, read_json_items
from pot.eval.replay import replay_record

pytestmark = [pytest.mark.usefixtures("provider_env"), pytest.mark.slow,
              pytest.mark.skipif(not (SHARED / "replay").is_dir() or not (SHARED / "data").is_dir(),
                                 reason="../shared (replay corpus and data files) is absent")]

PER_DATASET = 4  # questions per dataset: one of each outcome the replay shows, first found first
COMPARED = ("answer", "kind", "reason")


def recorded(dataset: str) -> list[dict]:
    """The JSON-format records of one dataset, from the qwen3 corpus."""
    lines = (SHARED / "replay" / "qwen3.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines if line.strip()]
    return [r for r in records if r["dataset"] == dataset and r["format"] == "json"]


def varied(records: list[dict]) -> list[dict]:
    """Up to PER_DATASET records with different replay outcomes (proved, refuted, unknown, error …)."""
    picked: dict[str, dict] = {}
    for record in records:
        outcome = replay_record(record, "entail")
        picked.setdefault(outcome["kind"] or "error", record)
        if len(picked) == PER_DATASET:
            break
    extra = [r for r in records if r not in picked.values()]
    return (list(picked.values()) + extra)[:PER_DATASET]


def subset(dataset: str, questions: set[str], tmp_path: Path) -> Path:
    """The original file's own items for these questions, in its own format (JSON list or JSONL)."""
    source = SHARED / "data" / DATASETS[dataset].file
    items = [item for _, item in read_json_items(source) if item["question"].strip() in questions]
    assert len(items) >= len(questions)
    path = tmp_path / source.name
    if source.suffix == ".jsonl":
        path.write_text("".join(json.dumps(item) + "\n" for item in items), encoding="utf-8")
    else:
        path.write_text(json.dumps(items), encoding="utf-8")
    return path


@pytest.mark.parametrize("dataset", sorted(DATASETS))
def test_a_live_run_on_recorded_programs_scores_like_their_replay(dataset, tmp_path, capsys):
    records = varied(recorded(dataset))
    data = subset(dataset, {r["question"].strip() for r in records}, tmp_path)
    replay_file = tmp_path / "records.jsonl"
    replay_file.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    with FakeOpenAI(responder=RecordedModel.from_records(records)) as llm:
        code = pot_eval(dataset, data=data, model="openai/recorded", api_base=llm.api_base, out=tmp_path / "live",
                        max_attempts=2, json_output=True)
        assert code == 0, capsys.readouterr()
    assert pot_eval(replay=replay_file, out=tmp_path / "replay", json_output=True) == 0
    capsys.readouterr()
    live = {r["question"].strip(): r for r in read_results(tmp_path / "live")}
    replayed = {r["question"].strip(): r for r in read_results(tmp_path / "replay")}
    assert set(replayed) <= set(live) and len(replayed) == len(records)
    for question, want in replayed.items():
        got = live[question]
        assert {k: got.get(k) for k in COMPARED} == {k: want.get(k) for k in COMPARED}, question[:80]
        assert (got["error"] is None) == (want["error"] is None), (got["error"], want["error"])
        assert got["ground_truth"] == want["ground_truth"]
        if got["verdict"] is not None:  # the same evidence, not only the same answer
            assert got["verdict"]["results"] == want["verdict"]["results"]
    if dataset == "proofwriter":  # the file's depth field gives a breakdown
        summary = json.loads((tmp_path / "live" / "summary.json").read_text())
        assert summary["by_group"] and all(g.startswith("QDep=") for g in summary["by_group"])
