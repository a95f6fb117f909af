"""`pot.frozen`: AST and IR nodes keep a frozen dataclass's meaning without its start-up cost."""

from __future__ import annotations

import copy
import pickle
from dataclasses import FrozenInstanceError
from typing import ClassVar

import pytest

from pot.dsl.ast import Call, Literal, Name
from pot.dsl.sorts import INT
from pot.frozen import Frozen, init_field
from pot.ir import App, IntVal, Op, Symbol


def test_equal_when_same_class_and_fields():
    assert Name("a", 1) == Name("a", 1) and hash(Name("a", 1)) == hash(Name("a", 1))
    assert Name("a", 1) != Name("a", 2)
    assert Name("a", 1, 1) != Literal("a", "str", 1)  # same values, another class
    assert IntVal(1) != 1 and IntVal(1) == IntVal(1)
    assert {Symbol(Op.CONST, "x", INT): 1}[Symbol(Op.CONST, "x", INT)] == 1


def test_fields_cannot_change():
    node = Call("f", (Name("a", 3),), 1, 2)
    with pytest.raises(FrozenInstanceError):
        node.func = "g"  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        del node.args
    with pytest.raises(AttributeError):
        node.extra = 1  # type: ignore[attr-defined]


def test_defaults_repr_copy_and_pickle():
    app = App("f", INT)
    assert app.args == () and App.op is Op.APP
    assert repr(Name("a", 1)) == "Name(id='a', col=1, depth=1)"
    node = Call("Not", (Name("a", 5),), 5, 2, "not", loose=True)
    assert copy.deepcopy(node) == node and pickle.loads(pickle.dumps(node)) == node


def test_a_field_missing_from_slots_is_refused_when_the_class_is_made():
    with pytest.raises(TypeError, match="__slots__"):
        class Broken(Frozen):
            __slots__ = ("a",)
            a: int
            b: int
            kind: ClassVar[str] = "broken"

            def __init__(self, a: int, b: int) -> None:
                init_field(self, "a", a)
                init_field(self, "b", b)
