"""The translator: question → prompt → LLM (through litellm) → program → checked, repaired.

Nothing outside this package imports litellm, and nothing here imports it at module
load: `pot verify` stays free of it. `litellm()` below is the one door in.
"""

from __future__ import annotations

import os
from types import ModuleType


def litellm() -> ModuleType:
    """Import litellm, first making it use its bundled price map instead of fetching one."""
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    import litellm as module

    module.suppress_debug_info = True
    return module
