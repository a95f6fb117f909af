"""Spotting a reply that repeats itself, while it streams.

A small model can fall into a loop: measured with Qwen2.5-Coder 1.5B under a JSON grammar,
one 270-character verification written again and again until the output cap, 2,048 tokens
(7 minutes on a CPU) for nothing. Such a reply is stopped once one stretch of WINDOW
characters has appeared REPEATS times. Real programs do not do that: in the 1,984 programs of
the replay corpus (JSON and SMT-LIB, two models) no 200-character stretch appears more than
twice (tests/llm/test_repetition.py checks it when the corpus is there).
"""

from __future__ import annotations

WINDOW = 200
"""Characters in the stretch compared: long enough that legitimately similar lines (facts of
one shape, declarations) differ somewhere inside it."""

REPEATS = 4
"""Occurrences of the same stretch that make a loop (the corpus never has more than 2)."""

STEP = 100
"""Characters streamed between two checks."""


class RepetitionWatch:
    """Fed a reply piece by piece; says when its last WINDOW characters have appeared REPEATS times."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self._checked = 0

    def feed(self, piece: str) -> str | None:
        """Add `piece`; the repeated stretch once the reply loops, else None."""
        self._parts.append(piece)
        self._length += len(piece)
        if self._length < WINDOW * REPEATS or self._length - self._checked < STEP:
            return None
        self._checked = self._length
        text = "".join(self._parts)
        self._parts = [text]
        tail = text[-WINDOW:]
        return tail if text.count(tail) >= REPEATS else None
