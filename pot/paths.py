"""Where pot keeps files between runs; every cache takes its own subfolder of `cache_root()`."""

from __future__ import annotations

import os
from pathlib import Path


def cache_root() -> Path:
    """$POT_CACHE_DIR, or the user's cache directory (e.g. ~/.cache/pot)."""
    configured = os.environ.get("POT_CACHE_DIR")
    if configured:
        return Path(configured)
    from platformdirs import user_cache_dir  # only when needed: it is not free to import

    return Path(user_cache_dir("pot"))
