"""The API key a model needs, checked from the environment alone, before litellm is imported.

Importing litellm takes seconds; a user without a key should hear so at once. The table
covers the providers whose key variables are fixed; for any other, the client asks litellm
at the first call (`LLMClient._check_keys`).
"""

from __future__ import annotations

import os

# provider prefix → the environment variables that can hold its key (any one will do)
PROVIDER_KEYS: dict[str, tuple[str, ...]] = {
    "openai": ("OPENAI_API_KEY",),
    "anthropic": ("ANTHROPIC_API_KEY",),
    "gemini": ("GEMINI_API_KEY",),
    "groq": ("GROQ_API_KEY",),
    "mistral": ("MISTRAL_API_KEY",),
    "deepseek": ("DEEPSEEK_API_KEY",),
    "openrouter": ("OPENROUTER_API_KEY", "OR_API_KEY"),
    "xai": ("XAI_API_KEY",),
}
# bare model names litellm routes to a provider by their look
_BARE = (("gpt-", "openai"), ("o1", "openai"), ("o3", "openai"), ("o4", "openai"), ("claude", "anthropic"))


def provider_of(model: str) -> str | None:
    prefix, slash, _ = model.partition("/")
    if slash:
        return prefix.lower()
    return next((provider for start, provider in _BARE if model.lower().startswith(start)), None)


def missing_key(model: str, api_base: str | None = None) -> tuple[str, ...]:
    """The key variables of which none is set, when `model` needs one of them; () when fine or unknown.

    With `api_base` (a local or proxied server) the server decides what it needs."""
    if api_base:
        return ()
    names = PROVIDER_KEYS.get(provider_of(model) or "", ())
    return () if not names or any(os.environ.get(name) for name in names) else names
