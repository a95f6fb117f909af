"""A strategy's steps, votes and decision on the answer page and the run page."""

from __future__ import annotations

import json

from html_samples import PWN, socrates

from pot import verify
from pot.answer import Answer, Step, StepRole, StrategyRun, Usage, Vote
from pot.eval.records import strategy_record
from pot.report import answer_html, run_html
from pot.strategy import Strategy


def _sample(claim: str) -> Step:
    program = socrates(claim)
    verdict = verify(program)
    answer = Answer(question="q", answer=verdict.answer, kind=verdict.kind, program=program, verdict=verdict)
    return Step(role=StepRole.SAMPLE, answer=answer, weight=1.0, weight_reason=f"derived through a rule {PWN}",
                usage=Usage(prompt_tokens=1000, completion_tokens=234), calls=1)


def _run(*claims: str, abstained: bool = False) -> StrategyRun:
    steps = [_sample(c) for c in claims]
    yes = [i for i, s in enumerate(steps, 1) if s.answer and s.answer.answer is True]
    no = [i for i, s in enumerate(steps, 1) if s.answer and s.answer.answer is False]
    votes = [Vote(answer=True, weight=float(len(yes)), samples=yes)] if yes else []
    votes += [Vote(answer=False, weight=float(len(no)), samples=no)] if no else []
    return StrategyRun(name=Strategy.SELF_CONSISTENCY, options={"samples": len(steps)}, steps=steps, votes=votes,
                       undecided=[], confidence=None if abstained else len(yes) / len(steps), abstained=abstained,
                       decision=f"the vote split {PWN}" if abstained else "yes by 2 of 3", calls=len(steps))


def _answer(run: StrategyRun) -> Answer:
    if run.abstained:
        return Answer(question="Is Socrates mortal?", kind="no-answer", error="no answer: split", strategy=run)
    chosen = run.steps[0].answer
    assert chosen is not None
    return Answer(question="Is Socrates mortal?", answer=chosen.answer, kind=chosen.kind, program=chosen.program,
                  verdict=chosen.verdict, strategy=run)


def test_the_answer_page_shows_every_sample_and_the_vote():
    page = answer_html(_answer(_run("mortal(socrates)", "mortal(socrates)", "Not(mortal(socrates))")))
    assert "Strategy: self-consistency" in page and "samples 3" in page
    assert "yes by 2 of 3" in page and "agreement 67% of the decided weight" in page
    assert page.count('<li class="ok">') >= 3  # one timeline entry per sample
    assert "1. sample" in page and "3. sample" in page
    assert '<td class="mono">1, 2</td>' in page and '<td class="mono">3</td>' in page  # who voted for what
    assert ">proved</span> yes" in page and ">refuted</span> no" in page
    assert PWN not in page and "derived through a rule &lt;script&gt;" in page  # model-influenced text is escaped


def test_an_abstaining_vote_is_shown_as_no_answer_not_as_an_error():
    page = answer_html(_answer(_run("mortal(socrates)", "Not(mortal(socrates))", abstained=True)))
    assert '<div class="kind">no-answer</div>' in page
    assert '<div class="kind">error</div>' not in page
    assert "the vote split &lt;script&gt;" in page


def test_the_run_page_shows_the_strategy_of_each_record():
    record = {"id": "q1", "dataset": "demo", "question": "Is Socrates mortal?", "ground_truth": True,
              "answer": None, "kind": None, "error": "no answer: split",
              "strategy": strategy_record(_run("mortal(socrates)", "Not(mortal(socrates))", abstained=True))}
    page = run_html([json.loads(json.dumps(record))], {}, "run")
    assert "Strategy: self-consistency" in page and "2. sample" in page


def test_an_unreadable_strategy_record_is_left_out_not_a_crash():
    record = {"id": "q1", "dataset": "demo", "question": "Is Socrates mortal?", "ground_truth": True,
              "strategy": {"steps": "not a list"}}
    page = run_html([record], {}, "run")
    assert "Strategy:" not in page
