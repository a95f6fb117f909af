"""Programs Z3 cannot interrupt: 3**20000000 computed inside core minimisation, which has no
checkpoint (3**10000000 took 12 s here), whatever the time-out."""

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
