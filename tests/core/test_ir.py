"""The intermediate form: the operator contract between checker and compiler, and its shapes."""

from __future__ import annotations

from fractions import Fraction

import pytest
import z3

from pot.checker import check_program
from pot.dsl.parsed import parse_program
from pot.dsl.program import load_program
from pot.dsl.sorts import INT
from pot.ir import App, Apply, BitVecVal, IntVal, Op, Quantifier, RealVal, Symbol, Term, subterms
from pot.logic.compile import _BUILD, compile_program

# One program whose expressions, together, make the checker produce every operator.
EVERY_OP = {
    "sorts": [{"name": "P", "type": "DeclareSort"}, {"name": "Color", "type": "EnumSort", "values": ["red", "blue"]},
              {"name": "B8", "type": "BitVecSort(8)"}, {"name": "Arr", "type": "ArraySort(IntSort, IntSort)"}],
    "functions": [{"name": "f", "domain": ["P"], "range": "IntSort"}, {"name": "g", "domain": [], "range": "RealSort"},
                  {"name": "paint", "domain": ["P"], "range": "Color"}],
    "constants": {"ps": {"sort": "P", "members": ["a"]}, "nums": {"sort": "IntSort", "members": ["n"]},
                  "bits": {"sort": "B8", "members": ["b"]}, "arrs": {"sort": "Arr", "members": ["arr"]}},
    "variables": [{"name": "x", "sort": "P"}],
    "knowledge_base": [
        "And(True, Or(n > 0, n < 0), Not(n >= 1), Implies(n <= 2, n == 2), Xor(n != 3, False))",
        "If(n > 0, n + 1, n - 1) * 2 == n / 2 + n % 3 + n ** 2 + -n",
        "ToReal(n) / 2.5 + g == ToReal(ToInt(g))",
        "(b & 1) | (b ^ BitVecVal(3, 8)) == (~b << 1) >> 2",
        "Store(arr, 0, 1)[0] == Select(arr, 1)",
        "ForAll([x], f(x) > 0)",
        "Exists([x], paint(x) == red)",
    ],
    "verifications": [{"constraint": "f(a) > 0"}],
}


def _checked(program: dict):
    loaded, diags = load_program(program)
    assert loaded is not None, diags
    checked, diags = check_program(parse_program(loaded))
    assert checked is not None, diags
    return checked


def _ops(checked) -> set[Op]:
    return {t.op for f in checked.premises + checked.claims for t in subterms(f.term)}


def test_every_operator_the_checker_produces_has_a_builder_and_no_builder_is_dead():
    checked = _checked(EVERY_OP)
    # bound variables (VAR) come from the quantifiers above
    assert _ops(checked) == set(Op), f"the checker produced no {set(Op) - _ops(checked)}"
    assert set(_BUILD) == set(Op)
    compiled = compile_program(checked)
    assert all(isinstance(z, z3.BoolRef) for _, z in compiled.premises + compiled.claims)


def test_compile_pairs_each_formula_with_its_z3_term():
    compiled = compile_program(_checked(EVERY_OP))
    assert [f.id for f, _ in compiled.premises] == [f"knowledge_base[{i}]" for i in range(7)]
    assert [f.id for f, _ in compiled.claims] == ["verifications[0]"]
    assert str(compiled.claims[0].z3) == "f(a) > 0"


@pytest.mark.parametrize("text, node, payload", [
    ("n == 1", IntVal, 1),
    ("g == 1", RealVal, Fraction(1)),  # an integer literal promoted to Real: a Real literal, no conversion
    ("b == 300", BitVecVal, 300 % 256),  # an integer literal as a bit-vector: reduced to its width
    ("n == -5", IntVal, -5),  # negation folded into the literal
])
def test_literals_carry_typed_values(text, node, payload):
    checked = _checked({**EVERY_OP, "knowledge_base": [text]})
    eq = checked.premises[0].term
    assert isinstance(eq, Apply) and eq.op is Op.EQ
    lit = eq.args[1]
    assert isinstance(lit, node) and lit.value == payload and type(lit.value) is type(payload)


def test_symbols_applications_and_quantifiers_carry_names():
    checked = _checked({**EVERY_OP, "knowledge_base": ["ForAll([x], f(x) > n)", "paint(a) == red", "f(x) > 0"]})
    forall, enum_eq, free = (f.term for f in checked.premises)
    assert isinstance(forall, Quantifier) and forall.op is Op.FORALL and [v for v, _ in forall.bound] == ["x"]
    gt = forall.body
    assert isinstance(gt, Apply) and isinstance(gt.args[0], App) and gt.args[0].function == "f"
    assert gt.args[0].args == (Symbol(Op.VAR, "x", gt.args[0].args[0].sort),)
    assert gt.args[1] == Symbol(Op.CONST, "n", gt.args[1].sort)
    assert isinstance(enum_eq, Apply) and enum_eq.args[1] == Symbol(Op.ENUM, "red", enum_eq.args[1].sort)
    assert isinstance(free, Apply) and free.args[0].args[0].op is Op.CONST  # a free variable is a constant


def test_int_to_real_promotion_is_explicit():
    checked = _checked({**EVERY_OP, "knowledge_base": ["g > n"]})
    gt = checked.premises[0].term
    assert isinstance(gt, Apply) and isinstance(gt.args[1], Apply) and gt.args[1].op is Op.TO_REAL


def test_subterms_walks_deep_terms_without_recursion():
    term: Term = IntVal(0)
    for _ in range(5000):
        term = Apply(Op.NEG, INT, (term,))
    assert sum(1 for _ in subterms(term)) == 5001
