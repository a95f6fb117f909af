"""Issue 7.2: optimization reports the optimum from Z3's bounds, not one model's value."""

from __future__ import annotations

import pytest

import pot
from pot.render_verdict import verdict_text


def optimize(sort: str, constraint: str, goal: str) -> dict:
    return {"actions": ["verify_conditions", "optimize"],
            "optimization": {"variables": [{"name": "x", "sort": sort}], "constraints": [constraint],
                             "objectives": [{"type": goal, "expression": "x"}]},
            "verifications": [{"constraint": "True"}]}


@pytest.mark.parametrize("sort, constraint, goal, status, value", [
    ("IntSort", "x >= 0", "maximize", "unbounded", "+inf"),
    ("IntSort", "x <= 0", "minimize", "unbounded", "-inf"),
    ("RealSort", "x < 10", "maximize", "supremum", 10),
    ("RealSort", "x > 0", "minimize", "infimum", 0),
    ("IntSort", "x < 10", "maximize", "optimal", 9),
    ("RealSort", "x <= 10", "maximize", "optimal", 10),
])
def test_objective_status_and_value(sort, constraint, goal, status, value):
    opt = pot.verify(optimize(sort, constraint, goal)).optimization
    assert opt.status == "sat"
    [o] = opt.objectives
    assert (o["status"], o["value"]) == (status, value)
    assert o["model_value"] == opt.model["variables"]["x"]  # the model is reported beside the optimum
    assert opt.optimal is (status == "optimal")


def test_unbounded_maximum_is_not_printed_as_the_models_value():
    v = pot.verify(optimize("IntSort", "x >= 0", "maximize"))
    text = verdict_text(v)
    assert "maximize x: unbounded (+inf)" in text
    assert "maximize x = " not in text and "optimal" not in text
    assert "a feasible point, not an optimum: x = 0" in text


def test_supremum_not_attained_is_not_printed_as_9():
    v = pot.verify(optimize("RealSort", "x < 10", "maximize"))
    text = verdict_text(v)
    assert "maximize x: supremum 10, not attained" in text
    assert "maximize x = 9" not in text
    assert v.to_json()["optimization"]["objectives"][0]["value"] == 10


def test_attained_optimum_is_printed_as_optimal():
    text = verdict_text(pot.verify(optimize("IntSort", "x < 10", "maximize")))
    assert "maximize x: optimal, 9" in text and "optimum at: x = 9" in text


def test_no_model_no_optimum():
    opt = pot.verify(optimize("IntSort", "x != x", "maximize")).optimization
    assert (opt.status, opt.objectives, opt.model, opt.optimal) == ("unsat", [], None, None)
