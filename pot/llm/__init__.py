"""The translator: question → prompt → LLM (through litellm) → program → checked, repaired.

Nothing outside this package imports litellm, and nothing here imports it at module
load: `pot verify` stays free of it. `litellm()` below is the one door in.
"""

from __future__ import annotations

import functools
import os
from types import ModuleType


@functools.cache
def litellm() -> ModuleType:
    """litellm, imported and configured once, on the first call (the LLM client's first use).

    Configuring means: its bundled price map instead of a download at import (litellm reads
    LITELLM_LOCAL_MODEL_COST_MAP while importing, hence the environment; a value the user
    set is kept), and no debug banner. Importing pot.llm changes nothing process-wide."""
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    import litellm as module

    module.suppress_debug_info = True
    return module
