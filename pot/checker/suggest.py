"""'Did you mean' hints for misspelt names, at a bounded cost per program.

difflib's ratio is quadratic in the names' length and is tried against every candidate,
so a program of a thousand misspelt long names against a thousand declared ones took
minutes. Three bounds keep it small: names past MAX_NAME_LENGTH get no fuzzy match, only
candidates whose length could reach the cutoff are compared (at most MAX_CANDIDATES),
and a program gets at most MAX_FUZZY_SEARCHES fuzzy searches (a case-insensitive exact
match is always looked for: it costs one pass).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

MAX_NAME_LENGTH = 64
MAX_CANDIDATES = 500
MAX_FUZZY_SEARCHES = 50
CUTOFF = 0.75


class Suggester:
    """One program's suggestions: counts the fuzzy searches it has made."""

    def __init__(self, searches: int = MAX_FUZZY_SEARCHES):
        self.searches_left = searches

    def closest(self, name: str, candidates: Iterable[str]) -> str | None:
        pool = list(candidates)
        lowered = name.lower()
        for c in pool:
            if c.lower() == lowered:
                return c
        if len(name) > MAX_NAME_LENGTH or self.searches_left <= 0:
            return None
        # ratio = 2·matches / (len(a) + len(b)) reaches CUTOFF only if the shorter is this much of the longer
        floor = CUTOFF / (2 - CUTOFF)
        near = [c for c in pool if len(c) <= MAX_NAME_LENGTH
                and min(len(c), len(name)) >= floor * max(len(c), len(name))][:MAX_CANDIDATES]
        if not near:
            return None
        self.searches_left -= 1
        close = difflib.get_close_matches(name, near, n=1, cutoff=CUTOFF)
        return close[0] if close else None

    def hint(self, name: str, candidates: Iterable[str]) -> str | None:
        match = self.closest(name, candidates)
        return f"did you mean '{match}'?" if match else None
