"""Z3 models → plain JSON, restricted to the program's own constants and functions.

Integers are numbers, non-integral rationals strings like "1/3", elements of declared
sorts stable strings like "Person#0", functions a table of argument → value entries
plus the default that covers every other argument.
"""

from __future__ import annotations

import itertools
from collections import Counter
from typing import Any

import z3

from pot.logic.compile import Compiled

MAX_TABLE = 256  # function rows enumerated over finite domains


def value_json(v: z3.ExprRef) -> Any:
    if z3.is_true(v):
        return True
    if z3.is_false(v):
        return False
    if z3.is_int_value(v) or z3.is_bv_value(v):
        return v.as_long()
    if z3.is_rational_value(v):
        num, den = v.numerator_as_long(), v.denominator_as_long()
        return num if den == 1 else f"{num}/{den}"
    if z3.is_algebraic_value(v):
        return v.as_decimal(12).rstrip("?")
    if z3.is_app(v) and v.num_args() == 0:  # enum value or element of a declared sort
        return v.decl().name().replace("!val!", "#")
    return v.sexpr()


def _domain_values(model: z3.ModelRef, sort: z3.SortRef) -> list[z3.ExprRef] | None:
    """The finitely many elements a model gives a sort, or None when it is infinite."""
    if sort.kind() == z3.Z3_BOOL_SORT:
        return [z3.BoolVal(False, sort.ctx), z3.BoolVal(True, sort.ctx)]
    if sort.kind() == z3.Z3_DATATYPE_SORT and all(sort.constructor(i).arity() == 0
                                                    for i in range(sort.num_constructors())):
        return [sort.constructor(i)() for i in range(sort.num_constructors())]
    if sort.kind() == z3.Z3_UNINTERPRETED_SORT:
        return list(model.get_universe(sort) or [])
    return None


def _function_json(model: z3.ModelRef, f: z3.FuncDeclRef) -> dict[str, Any]:
    interp = model.get_interp(f) if z3.Z3_model_has_interp(model.ctx.ref(), model.model, f.ast) else None
    if isinstance(interp, z3.FuncInterp) and z3.is_const(interp.else_value()):
        entries = [{"args": [value_json(e.arg_value(j)) for j in range(f.arity())], "value": value_json(e.value())}
                   for e in (interp.entry(i) for i in range(interp.num_entries()))]
        return {"entries": entries, "default": value_json(interp.else_value())}
    # No interpretation, or one Z3 states as a formula: tabulate finite domains.
    domains = [_domain_values(model, f.domain(i)) for i in range(f.arity())]
    finite = [d for d in domains if d is not None]
    if len(finite) < len(domains) or _product_size(finite) > MAX_TABLE:
        return {"entries": [], "default": None if interp is None else interp.else_value().sexpr()}
    rows = [(args, value_json(model.eval(f(*args), model_completion=True))) for args in itertools.product(*finite)]
    default = Counter(v for _, v in rows).most_common(1)[0][0] if rows else None
    entries = [{"args": [value_json(a) for a in args], "value": v} for args, v in rows if v != default]
    return {"entries": entries, "default": default}


def _product_size(domains: list[list[z3.ExprRef]]) -> int:
    size = 1
    for d in domains:
        size *= max(len(d), 1)
    return size


def model_json(model: z3.ModelRef, compiled: Compiled) -> dict[str, Any]:
    """The program's constants, functions and declared-sort universes in `model`."""
    constants = {name: value_json(model.eval(c, model_completion=True)) for name, c in compiled.constants.items()}
    functions = {}
    for name, f in compiled.functions.items():
        if f.arity() == 0:
            constants[name] = value_json(model.eval(f(), model_completion=True))
        else:
            functions[name] = _function_json(model, f)
    universes = {}
    for sort in compiled.sorts.values():
        if sort.kind() == z3.Z3_UNINTERPRETED_SORT:
            universes[sort.name()] = [value_json(e) for e in model.get_universe(sort) or []]
    out: dict[str, Any] = {"constants": constants, "functions": functions}
    if universes:
        out["universes"] = universes
    return out
