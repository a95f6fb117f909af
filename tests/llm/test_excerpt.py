"""The text a diagnostic points at, quoted in the repair turn (pot.llm.excerpt)."""

from __future__ import annotations

import pytest

from pot.errors import error
from pot.llm.excerpt import WIDTH, excerpt

SCRIPT = "(declare-const a Bool)\n(assert (! a) :named f1)\n(check-sat)\n"
PROGRAM = {"rules": [{"forall": [{"name": "x", "sort": "T"}],
                      "implies": {"antecedent": "p(x)", "consequent": "q(x, x)"}}],
           "constants": {"people.x": {"sort": "T", "members": ["ann"]}}, "knowledge_base": ["p(ann)"]}


def at(path: str, column: int | None = None):
    return error("e", path, "m", column=column)


def test_a_script_line_is_quoted():
    assert excerpt(at("line 2", 15), SCRIPT) == "(assert (! a) :named f1)"


@pytest.mark.parametrize("path", ["line 4", "line 0", "program", "", "line 2x", "line " + "9" * 5000])
def test_a_location_outside_the_script_quotes_nothing(path):
    assert excerpt(at(path), SCRIPT) is None


def test_a_json_path_quotes_the_expression_it_names():
    assert excerpt(at("rules[0].implies.consequent", 3), PROGRAM) == "q(x, x)"
    assert excerpt(at("knowledge_base[0]"), PROGRAM) == "p(ann)"


def test_a_json_path_to_an_object_quotes_it_as_json():
    assert excerpt(at("rules[0].implies"), PROGRAM) == '{"antecedent": "p(x)", "consequent": "q(x, x)"}'


@pytest.mark.parametrize("path", ["rules[1]", "rules[0].then", "rules.implies", "knowledge_base[0].x",
                                  "rules[0]..implies", "constants.people.x", "program", "rules[" + "9" * 5000 + "]"])
def test_a_json_path_that_names_nothing_quotes_nothing(path):
    """A missing entry, a key on a list, a step that does not parse; and a group name with a dot in
    it, which the path cannot tell from two steps: better nothing than the wrong text."""
    assert excerpt(at(path), PROGRAM) is None


def test_a_long_line_is_cut_to_a_window_around_the_column():
    line = "(assert " + " ".join(f"(p{i} x)" for i in range(100)) + ")"
    column = line.index("(p50 x)") + 1
    quote = excerpt(at("line 1", column), line)
    assert quote.startswith("…") and quote.endswith("…") and len(quote) == WIDTH + 2
    assert "(p50 x)" in quote
    assert excerpt(at("line 1", 1), line) == line[:WIDTH] + "…"


def test_line_breaks_inside_a_json_value_become_spaces():
    assert excerpt(at("knowledge_base[0]"), {"knowledge_base": ["p(a)\nand\tq(b)"]}) == "p(a) and q(b)"
    assert excerpt(at("knowledge_base[0]"), {"knowledge_base": [" \n "]}) is None


def test_a_value_json_cannot_write_quotes_nothing():
    """Python's own limits are inputs too: an integer past 4,300 digits, nesting past the recursion limit."""
    deep: list = []
    inner = deep
    for _ in range(100_000):
        inner.append([])
        inner = inner[0]
    assert excerpt(at("rules[0]"), {"rules": [deep]}) is None
    assert excerpt(at("rules[0]"), {"rules": [{"x": 10 ** 4400}]}) is None
    assert excerpt(at("rules[0].x"), {"rules": [{"x": 10 ** 4400}]}) is None  # not text: nothing to quote
