"""ProofOfThought(format="smt2") and `pot ask --format smt2` against the fake provider."""

from __future__ import annotations

import sys

import pytest
from fakes.openai_server import FakeOpenAI, Reply
from fakes.retry import FAST_RETRY

from pot.cli import main
from pot.llm.prompt import system_prompt
from pot.proof_of_thought import ProofOfThought
from pot.smtlib.formats import ProgramFormat

QUESTION = "Is Socrates mortal?"
DECLS = "(declare-sort Person 0)\n(declare-fun human (Person) Bool)\n(declare-fun mortal (Person) Bool)\n" \
        "(declare-const socrates Person)\n"
GOOD = DECLS + "(assert (! (forall ((p Person)) (=> (human p) (mortal p))) :named humans_die))\n" \
               "(assert (! (human socrates) :named socrates_human))\n" \
               "(assert (! (mortal socrates) :named claim_mortal))\n(check-sat)\n"
BAD = DECLS + "(assert (! (forall ((p Person)) (=> (human p) (mortal p p))) :named humans_die))\n" \
              "(assert (! (human socrates) :named socrates_human))\n" \
              "(assert (! (mortal socrates) :named claim_mortal))\n(check-sat)\n"


def asker(server: FakeOpenAI, **kwargs) -> ProofOfThought:
    return ProofOfThought("openai/fake", api_base=server.api_base, retry=FAST_RETRY, format="smt2", **kwargs)


@pytest.mark.litellm
def test_a_good_script_is_proved():
    reply = f"<think>maybe (assert false)</think>Here is the script:\n```smt2\n{GOOD}```\nDone."
    with FakeOpenAI([Reply(content=reply)]) as server:
        answer = asker(server).query(QUESTION)
    assert (answer.answer, answer.kind, answer.error) == (True, "proved", None)
    assert answer.program is None and answer.attempts[0].program_text == GOOD
    assert {p.name for p in answer.verdict.results[0].core} == {"humans_die", "socrates_human"}
    sent = server.requests[0]
    assert sent["messages"][0]["content"] == system_prompt(ProgramFormat.SMT2)
    assert "response_format" not in sent


@pytest.mark.litellm
def test_a_script_with_an_error_is_repaired_with_our_diagnostic():
    with FakeOpenAI([Reply(content=f"```smt2\n{BAD}```"), Reply(content=f"```smt2\n{GOOD}```")]) as server:
        answer = asker(server).query(QUESTION)
    assert (answer.answer, answer.kind, len(answer.attempts)) == (True, "proved", 2)
    first, second = answer.attempts
    assert first.diagnostics[0].code == "smt2-z3" and first.diagnostics[0].path == "line 5"
    repair = server.requests[1]["messages"]
    assert repair[:2] == server.requests[0]["messages"]
    assert repair[2] == {"role": "assistant", "content": BAD}
    assert "line 5" in repair[3]["content"] and "```smt2" in repair[3]["content"]
    assert first.diagnostics[0].message in repair[3]["content"]
    # the line the diagnostic names, quoted: models do not count lines
    assert "\n  > (assert (! (forall ((p Person)) (=> (human p) (mortal p p))) :named humans_die))\n" \
        in repair[3]["content"]
    assert second.error is None


@pytest.mark.litellm
def test_no_script_then_a_script():
    with FakeOpenAI([Reply(content="The answer is yes."), Reply(content=GOOD)]) as server:
        answer = asker(server).query(QUESTION)
    assert answer.kind == "proved" and answer.attempts[0].diagnostics[0].code == "smt2-no-script"
    assert "no SMT-LIB script" in server.requests[1]["messages"][3]["content"]


@pytest.mark.litellm
def test_inconsistent_premises_are_sent_back():
    contradiction = GOOD.replace("(check-sat)", "").replace(
        "(assert (! (mortal socrates) :named claim_mortal))",
        "(assert (! (not (mortal socrates)) :named immortal))\n(assert (! (mortal socrates) :named claim_mortal))"
    ) + "(check-sat)\n"
    with FakeOpenAI([Reply(content=contradiction), Reply(content=GOOD)]) as server:
        answer = asker(server).query(QUESTION)
    assert answer.kind == "proved"
    assert "contradict each other" in server.requests[1]["messages"][3]["content"]
    assert "immortal" in server.requests[1]["messages"][3]["content"]


def test_unknown_format_is_a_value_error():
    with pytest.raises(ValueError, match="'json' or 'smt2'"):
        ProofOfThought("openai/fake", format="lisp")


@pytest.mark.litellm
def test_cli_ask_format_smt2(monkeypatch, capsys):
    with FakeOpenAI([Reply(content=f"```smt2\n{GOOD}```")]) as server:
        monkeypatch.setattr(sys, "argv", ["pot", "ask", QUESTION, "--model", "openai/fake", "--api-base",
                                          server.api_base, "--format", "smt2", "--show-program", "--no-cache"])
        main()  # returns: exit code 0
    out = capsys.readouterr().out
    assert "PROVED" in out and "(assert (! (mortal socrates) :named claim_mortal))" in out
