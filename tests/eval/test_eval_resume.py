"""Kill and resume for real: `python -m pot eval` as a subprocess, SIGKILLed mid-run, then resumed."""

import json
import os
import re
import signal
import subprocess
import sys
import time

import pytest
from eval_helpers import REPO, read_results, write_dataset
from fakes.openai_server import marker_server


def pot_eval(*args, tmp_path, **kwargs):
    path = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))  # keeps the network guard's
    env = {**os.environ, "PYTHONPATH": path, "OPENAI_API_KEY": "sk-fake", "POT_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("POT_MODEL", None)
    return [sys.executable, "-m", "pot", "eval", *map(str, args)], dict(env=env, cwd=tmp_path, **kwargs)


def start_and_wait_for_results(cmd: list[str], kw: dict, run, lines: int) -> subprocess.Popen:
    """Start `pot eval` and return once `lines` results are written, the run still going."""
    proc = subprocess.Popen(cmd, **kw)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and proc.poll() is None:
        results = run / "results.jsonl"
        if results.exists() and results.read_bytes().count(b"\n") >= lines:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the run ended before it could be stopped"
    return proc


@pytest.mark.slow  # subprocesses, a kill and a resume
def test_sigkill_mid_run_loses_no_finished_question_and_resume_completes(tmp_path):
    n = 24
    data = write_dataset(tmp_path / "d.json", [("[true]", True)] * n)
    run = tmp_path / "run"
    with marker_server(delay_s=0.25) as llm:
        argv = ["strategyqa", "--data", data, "--model", "openai/fake-model", "--api-base", llm.api_base,
                "--out", run, "--concurrency", "2"]
        cmd, kw = pot_eval(*argv, tmp_path=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        proc = start_and_wait_for_results(cmd, kw, run, lines=4)
        proc.send_signal(signal.SIGKILL)
        proc.wait()

        data_bytes = (run / "results.jsonl").read_bytes()
        assert data_bytes.endswith(b"\n")  # only complete lines
        before = [json.loads(line) for line in data_bytes.splitlines()]
        assert 4 <= len(before) < n and len({r["id"] for r in before}) == len(before)
        assert not (run / "summary.json").exists()  # it really died mid-run
        with open(run / "results.jsonl", "ab") as fh:  # and a kill mid-write would leave this behind
            fh.write(b'{"id": "q02')
        asked_before = len(llm.questions)

        cmd, kw = pot_eval(*argv, "--json", tmp_path=tmp_path, capture_output=True, text=True, timeout=180)
        resumed = subprocess.run(cmd, **kw)
        assert resumed.returncode == 0, resumed.stderr
        asked_again = {int(re.search(r"Question (\d+)", q).group(1)) for q in llm.questions[asked_before:]}

    ids = [r["id"] for r in read_results(run)]
    assert sorted(ids) == [f"q{i:03d}" for i in range(n)]  # every question exactly once
    assert not asked_again & {int(r["id"][1:]) for r in before}  # finished ones were not asked again
    summary = json.loads(resumed.stdout)
    assert (summary["total"], summary["correct"], summary["pending"]) == (n, n, 0)

    cmd, kw = pot_eval(*argv[:-1], "3", "--max-attempts", "2", tmp_path=tmp_path, capture_output=True, text=True,
                       timeout=60)
    mismatch = subprocess.run(cmd, **kw)
    assert mismatch.returncode == 2
    assert "max_attempts: was 3, now 2" in mismatch.stderr and "Traceback" not in mismatch.stderr


@pytest.mark.slow  # fresh interpreters
def test_cli_replay_and_bad_data_through_the_entry_point(tmp_path):
    record = {"id": "a", "dataset": "strategyqa", "model": "m", "format": "json", "question": "q?",
              "ground_truth": True, "program": json.dumps({
                  "sorts": [], "functions": [], "constants": {}, "knowledge_base": ["1 < 2"],
                  "verifications": [{"name": "c", "constraint": "2 > 1"}]})}
    (tmp_path / "r.jsonl").write_text(json.dumps(record) + "\n")
    cmd, kw = pot_eval("--replay", tmp_path / "r.jsonl", "--json", tmp_path=tmp_path, capture_output=True, text=True,
                       timeout=60)
    done = subprocess.run(cmd, **kw)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["correct"] == 1
    (tmp_path / "bad.json").write_text('[{"qid": true}]')  # an id must be text (or a number)
    cmd, kw = pot_eval("strategyqa", "--data", tmp_path / "bad.json", "--model", "m", tmp_path=tmp_path,
                       capture_output=True, text=True, timeout=60)
    bad = subprocess.run(cmd, **kw)
    assert bad.returncode == 2 and "field 'qid' must be str" in bad.stderr and "Traceback" not in bad.stderr

