"""pot: Proof of Thought — LLM-written logic programs, type-checked and decided by Z3.

The public names are loaded when first used, so `import pot` (and `pot --help`) stays
cheap, and nothing but `ProofOfThought` ever imports the LLM layer.
"""

from importlib import import_module

__version__ = "0.1.0"

_EXPORTS = {
    "check": "pot.api", "verify": "pot.api",
    "Diagnostic": "pot.errors", "PotError": "pot.errors", "ProgramError": "pot.errors",
    "ProviderError": "pot.errors",
    "Verdict": "pot.logic.verdict",
    "Answer": "pot.answer",
    "ProofOfThought": "pot.proof_of_thought",
}

__all__ = [*_EXPORTS, "__version__"]


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'pot' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(__all__)
