"""pot: Proof of Thought — LLM-written logic programs, type-checked and decided by Z3.

`pot.verify` and `pot.check` need no LLM library; `ProofOfThought` (the LLM
pipeline) is imported only when first used.
"""

from pot.api import check, verify
from pot.errors import Diagnostic, PotError, ProgramError, ProviderError
from pot.logic.verdict import Verdict

__version__ = "0.1.0"

__all__ = ["check", "verify", "Diagnostic", "PotError", "ProgramError", "ProviderError", "Verdict",
           "ProofOfThought", "Answer", "__version__"]


def __getattr__(name: str):
    if name == "ProofOfThought":
        from pot.proof_of_thought import ProofOfThought

        return ProofOfThought
    if name == "Answer":
        from pot.answer import Answer

        return Answer
    raise AttributeError(f"module 'pot' has no attribute {name!r}")
