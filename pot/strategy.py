"""The names of the test-time strategies: a module of its own, so that parsing options imports nothing heavy."""

from __future__ import annotations

from pot.choice import Choice


class Strategy(Choice, option="strategy"):
    """How many programs a question gets and how they become one answer (docs/strategies.md)."""

    PLAIN = "plain"  # one program, repaired until valid
    SELF_CONSISTENCY = "self-consistency"  # k independent samples, a solver-aware vote
    SELF_REFINE = "self-refine"  # critique the program, rewrite it, at most n rounds
    DECOMPOSED = "decomposed"  # sub-questions answered apart, then the question with their answers
    LEAST_TO_MOST = "least-to-most"  # sub-problems from simplest up, each with the earlier answers
    COUNTEREXAMPLE = "counterexample"  # unknown: show the model both worlds the solver found, ask for facts
