"""Typed terms: what the checker produces and the compiler consumes.

Every term knows its sort, every name is resolved (constant, enum value, bound
variable, function), and every coercion is explicit (`to_real`), so the compiler
needs no lookups and no inference.
"""

from __future__ import annotations

from dataclasses import dataclass

from pot.dsl.sorts import Sort


@dataclass(frozen=True, slots=True)
class Term:
    op: str
    sort: Sort
    args: tuple[Term, ...] = ()
    value: object = None  # literal value, symbol name, or bound variables (name, sort) pairs


@dataclass(frozen=True, slots=True)
class Formula:
    """A premise, a claim, or an optimization constraint, ready to compile."""

    id: str  # "knowledge_base[3]", "rules[0]", "verifications[0]"
    name: str | None
    text: str  # as the program wrote it, for evidence
    term: Term
