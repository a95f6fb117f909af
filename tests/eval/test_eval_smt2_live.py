"""`pot eval --format smt2`: a live run in which the model writes SMT-LIB scripts."""

import json

import pytest
from eval_helpers import pot_eval, read_results, write_dataset
from fakes.openai_server import FakeOpenAI, Reply

pytestmark = [pytest.mark.usefixtures("provider_env"),
              pytest.mark.litellm]  # every test here goes through litellm (see tests/conftest.py)

DECLS = "(declare-sort Person 0)\n(declare-fun human (Person) Bool)\n(declare-fun mortal (Person) Bool)\n" \
        "(declare-const socrates Person)\n"
SCRIPT = DECLS + "(assert (! (forall ((p Person)) (=> (human p) (mortal p))) :named humans_die))\n" \
                 "(assert (! (human socrates) :named socrates_human))\n" \
                 "(assert (! (mortal socrates) :named claim_mortal))\n(check-sat)\n"


def test_a_live_run_in_smt2_asks_for_scripts_and_records_their_format(tmp_path, capsys):
    data = write_dataset(tmp_path / "d.json", [("", True)])
    with FakeOpenAI([Reply(content=f"```smt2\n{SCRIPT}```")]) as llm:
        code = pot_eval("strategyqa", data=data, model="openai/fake-model", api_base=llm.api_base,
                        out=tmp_path / "run", json_output=True, replay_format="smt2")
        system = llm.requests[0]["messages"][0]["content"]
    summary = json.loads(capsys.readouterr().out)
    assert code == 0 and (summary["answered"], summary["correct"]) == (1, 1)
    assert "SMT-LIB" in str(system)  # the SMT-LIB prompt, not the JSON one
    (record,) = read_results(tmp_path / "run")
    assert record["format"] == "smt2" and record["kind"] == "proved" and "(check-sat)" in record["program"]
    run = json.loads((tmp_path / "run" / "run.json").read_text())
    assert run["parameters"]["format"] == "smt2"  # a resume must ask for scripts too


def test_a_json_run_directory_refuses_to_resume_as_smt2(tmp_path, capsys):
    data = write_dataset(tmp_path / "d.json", [("[true]", True)])
    with FakeOpenAI([Reply(content="{}")]) as llm:
        common = {"data": data, "model": "openai/fake-model", "api_base": llm.api_base, "out": tmp_path / "run",
                  "max_attempts": 1}
        assert pot_eval("strategyqa", **common) == 0
        capsys.readouterr()
        assert pot_eval("strategyqa", **common, replay_format="smt2") == 2
    assert "format" in capsys.readouterr().err
