"""The process-wide solver settings, applied once by the entry points that build Z3 contexts.

Importing pot changes nothing outside it: Z3's global memory cap, its Ctrl-C handling and
the C heap's slack are set here, on the first `configure_solver()` call (from `pot.verify`,
`pot.check` on SMT-LIB text, export, the CLI), never at import.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import sys
import threading
from collections.abc import Mapping

from pot.errors import UsageError

MEMORY_VARIABLE = "POT_Z3_MEMORY_MB"
MIN_MEMORY_MB = 64  # each Z3 context takes ~16 MB even when empty; below this none can be made

_lock = threading.Lock()
_configured = False


def memory_cap_mb(environ: Mapping[str, str] = os.environ) -> int:
    """Z3's memory cap in MB, shared by every context in the process: POT_Z3_MEMORY_MB, or half
    the machine's memory. The arithmetic: page size × physical pages is the machine's memory in
    bytes; dividing by 2 << 20 (2 MiB) gives half of it in MiB. At least 1024 MB, so a small
    container still solves; 4096 MB where the platform cannot tell its memory.

    Raises UsageError, naming the variable, when it is set but not a whole number ≥ 64."""
    raw = environ.get(MEMORY_VARIABLE, "").strip()
    if raw:
        if not (raw.isascii() and raw.isdigit() and len(raw) <= 9 and int(raw) >= MIN_MEMORY_MB):
            raise UsageError(f"{MEMORY_VARIABLE}={raw[:40]!r} is not a memory size: set it to a whole number of "
                             f"megabytes, at least {MIN_MEMORY_MB} (e.g. {MEMORY_VARIABLE}=4096), or unset it "
                             "for half the machine's memory")
        return int(raw)
    try:
        return max(1024, os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // (2 << 20))
    except (ValueError, OSError, AttributeError):
        return 4096


def _keep_heap_slack() -> None:
    """Every program gets a fresh Z3 context, which allocates and frees several MB. In a
    process whose heap is already large (an evaluation run, a replay), glibc hands that
    memory back to the OS and faults it in again for each program: context creation went
    from 1.5 ms to 14 ms in measurements. Keeping 64 MB of slack at the heap top (glibc's
    M_TOP_PAD) avoids it; elsewhere this does nothing."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):  # not glibc
        ctypes.CDLL(None).mallopt(-2, 64 << 20)  # -2: M_TOP_PAD


def configure_solver() -> None:
    """Apply the process-wide solver settings once; later calls do nothing.

    Raises UsageError when POT_Z3_MEMORY_MB is invalid (and again on every call until it is fixed)."""
    global _configured
    if _configured:
        return
    import z3  # here, not at the top: child-process pools validate the variable without loading Z3

    with _lock:
        if _configured:
            return
        z3.set_param("memory_max_size", memory_cap_mb())
        # By default each check installs Z3's own SIGINT handler, which turns a Ctrl-C into a
        # cancelled check: the claim would read "undecided (timeout)", and the interrupt never
        # reaches Python, so a `pot eval` with checks in worker threads ran on to the end.
        z3.set_param("ctrl_c", False)
        _keep_heap_slack()
        _configured = True
