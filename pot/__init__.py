"""pot: Proof of Thought — LLM-written logic programs, type-checked and decided by Z3.

The public names are loaded when first used, so `import pot` (and `pot --help`) stays
cheap, and nothing but `ProofOfThought` ever imports the LLM layer. The `TYPE_CHECKING`
imports below say the same to type checkers and IDEs, at no cost at run time.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pot.answer import Answer, Attempt, Strategy, StrategyRun, Usage
    from pot.api import check, verify
    from pot.errors import Diagnostic, PotError, ProgramError, ProviderError, UsageError
    from pot.llm.client import RetryPolicy
    from pot.logic.verdict import ClaimKind, ClaimResult, Premise, Semantics, Verdict, VerdictKind
    from pot.proof_of_thought import ProofOfThought

__version__ = "0.1.0"

_EXPORTS = {
    "check": "pot.api", "verify": "pot.api",
    "Diagnostic": "pot.errors", "PotError": "pot.errors", "ProgramError": "pot.errors",
    "ProviderError": "pot.errors", "UsageError": "pot.errors",
    "Verdict": "pot.logic.verdict", "ClaimResult": "pot.logic.verdict", "Premise": "pot.logic.verdict",
    "Semantics": "pot.logic.verdict", "ClaimKind": "pot.logic.verdict", "VerdictKind": "pot.logic.verdict",
    "Answer": "pot.answer", "Attempt": "pot.answer", "Usage": "pot.answer",
    "Strategy": "pot.answer", "StrategyRun": "pot.answer",
    "ProofOfThought": "pot.proof_of_thought",
    "RetryPolicy": "pot.llm.client",
}

__all__ = [  # noqa: RUF022 (grouped as above, not sorted)
    "check", "verify",
    "Diagnostic", "PotError", "ProgramError", "ProviderError", "UsageError",
    "Verdict", "ClaimResult", "Premise", "Semantics", "ClaimKind", "VerdictKind",
    "Answer", "Attempt", "Usage", "Strategy", "StrategyRun",
    "ProofOfThought", "RetryPolicy",
    "__version__",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'pot' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
