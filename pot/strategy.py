"""The names of the test-time strategies: a module of its own, so that parsing options imports nothing heavy."""

from __future__ import annotations

from enum import StrEnum


class Strategy(StrEnum):
    """How many programs a question gets and how they become one answer (docs/strategies.md)."""

    PLAIN = "plain"  # one program, repaired until valid
    SELF_CONSISTENCY = "self-consistency"  # k independent samples, a solver-aware vote
    SELF_REFINE = "self-refine"  # critique the program, rewrite it, at most n rounds
    DECOMPOSED = "decomposed"  # sub-questions answered apart, then the question with their answers
    LEAST_TO_MOST = "least-to-most"  # sub-problems from simplest up, each with the earlier answers
    COUNTEREXAMPLE = "counterexample"  # unknown: show the model both worlds the solver found, ask for facts

    @classmethod
    def parse(cls, value: object) -> Strategy:
        """The strategy named by `value`, or a ValueError that lists the choices."""
        if isinstance(value, str) and value in cls._value2member_map_:
            return cls(value)
        raise ValueError(f"strategy must be one of {', '.join(cls)}, not {value!r}")
