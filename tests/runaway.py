"""Programs Z3 cannot interrupt, and a stand-in that makes the overrun certain.

POWER_JSON and POWER_SMT2 make Z3 compute 3**20000000 inside core minimisation, in long steps
with checkpoints between them, so whether a time limit lands inside one (an overrun) or at a
checkpoint (an ordinary time-out) depends on the machine's speed: with
limits of 0.3 and 1.5 s this machine timed out, with 0.6, 1 and 2 s it overran, and CI timed
out at 2 s.
Tests that must see the overrun run pot with `blocked_z3`, where a check of a program holding
the number 20000000 waits for good, as no time-out and no interrupt can stop it."""

from __future__ import annotations

import sys

POWER_JSON = {"constants": {"nums": {"sort": "IntSort", "members": ["n", "m"]}},
              "knowledge_base": ["n == 20000000", "m == 3**n"],
              "verifications": [{"name": "c", "constraint": "m > 5"}]}
POWER_SMT2 = """(declare-const n Int)
(declare-const m Int)
(assert (= n 20000000))
(assert (= m (^ 3 n)))
(assert (! (> m 5) :named claim))
(check-sat)
"""

_BLOCK_POWER_CHECKS = """\
import threading
import z3

_check = z3.Solver.check


def _check_or_block(self, *assumptions):
    if "20000000" in self.sexpr():
        threading.Event().wait()  # like Z3 inside one huge multiplication: deaf to time-outs and interrupts
    return _check(self, *assumptions)


z3.Solver.check = _check_or_block
"""


def blocked_z3(module: str) -> list[str]:
    """The command `python -m <module>` with every Z3 check of a POWER program blocked for good
    (other programs are decided as usual); arguments go after it."""
    run = f"import runpy\nrunpy.run_module({module!r}, run_name='__main__', alter_sys=True)\n"
    return [sys.executable, "-c", _BLOCK_POWER_CHECKS + run]
