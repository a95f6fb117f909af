"""The text a diagnostic points at (pot.excerpt): quoted in the repair turn, and in every diagnostic
pot.check and pot.verify return."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

import pot
from pot.errors import ProgramError, error, format_diagnostics
from pot.excerpt import WIDTH, excerpt, quoted

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
    """Python's own limits are inputs too: an integer past 4,300 digits, nesting past the recursion
    limit. Only the quoted start is encoded: 100,000 levels of nesting quote their first brackets."""
    deep: list = []
    inner = deep
    for _ in range(100_000):
        inner.append([])
        inner = inner[0]
    assert excerpt(at("rules[0]"), {"rules": [deep]}) == "[" * WIDTH + "…"
    assert excerpt(at("rules[0]"), {"rules": [{"x": 10 ** 4400}]}) is None
    later = {"rules": [[[0]] * 100 + [{"x": 10 ** 4400}]]}  # the integer comes after the quoted start
    assert excerpt(at("rules[0]"), later) == ("[" + "[0], " * 30)[:WIDTH].rstrip() + "…"
    assert excerpt(at("rules[0].x"), {"rules": [{"x": 10 ** 4400}]}) is None  # not text: nothing to quote


# pot.api: every diagnostic it returns carries its excerpt ---------------------------------------------------


UNDECLARED = {"knowledge_base": ["human(socrates)", "p(a) and"], "verifications": [{"constraint": "True"}]}


@pytest.mark.parametrize("as_source", [lambda p, _: p, lambda p, _: json.dumps(p, indent=1),
                                       lambda p, _: json.dumps(p).encode(), lambda p, tmp: _file(tmp, p)],
                         ids=["dict", "text", "bytes", "path"])
def test_check_quotes_a_json_program_however_it_comes(as_source, tmp_path):
    diagnostics = pot.check(as_source(UNDECLARED, tmp_path))
    assert [d.excerpt for d in diagnostics] == ["human(socrates)", "p(a) and"]


def test_verify_raises_with_the_excerpts_and_says_them():
    with pytest.raises(ProgramError) as raised:
        pot.verify(UNDECLARED)
    assert [d.excerpt for d in raised.value.diagnostics] == ["human(socrates)", "p(a) and"]
    assert "\n  > human(socrates)\n" in str(raised.value)


def test_a_script_is_quoted_line_by_line():
    script = "(declare-const a Bool)\n(assert (and a b))\n(check-sat)\n"
    (d,) = pot.check(script, format="smt2")
    assert (d.path, d.excerpt) == ("line 2", "(assert (and a b))")
    with pytest.raises(ProgramError) as raised:
        pot.verify(script.encode(), format="smt2")
    assert [d.excerpt for d in raised.value.diagnostics] == ["(assert (and a b))"]


@pytest.mark.parametrize(("name", "text", "fmt"), [
    ("p.json", json.dumps(UNDECLARED, indent=1), None),
    ("p.smt2", "(declare-const a Bool)\n(assert (and a b))\n(check-sat)\n", "smt2"),
], ids=["json", "smt2"])
def test_a_program_file_is_read_once_and_quoted_from_what_was_read(tmp_path, opens_of, name, text, fmt):
    # a second read could see another file (rewritten meanwhile), or nothing (a pipe)
    path = tmp_path / name
    path.write_text(text)
    opened = opens_of(path)
    checked = pot.check(path, format=fmt)
    assert checked and all(d.excerpt for d in checked) and len(opened) == 1
    with pytest.raises(ProgramError) as raised:
        pot.verify(path, format=fmt)
    assert [d.excerpt for d in raised.value.diagnostics] == [d.excerpt for d in checked] and len(opened) == 2


def test_json_that_does_not_parse_is_quoted_by_line():
    (d,) = pot.check('{"knowledge_base": [\n  "p(a)",, "q(b)"]}')
    assert (d.code, d.path, d.column, d.excerpt) == ("invalid-json", "line 2", 10, '  "p(a)",, "q(b)"]}')
    (d,) = pot.check('{"n":\n  ' + "9" * 5000 + "}")
    assert (d.path, d.column, d.excerpt) == ("line 2", 3, "  " + "9" * (WIDTH - 2) + "…")


def test_a_diagnostic_without_a_place_reads_no_source(tmp_path):
    gone = error("e", "", "m")
    assert quoted([gone], tmp_path / "missing.json", json_program=True) == [gone]
    assert quoted([at("knowledge_base[0]")], tmp_path / "missing.json", json_program=True)[0].excerpt is None


def test_problems_on_one_line_show_it_once_under_the_last():
    first, second = (replace(at("line 2", c), excerpt="(assert (and a b))") for c in (9, 16))
    assert format_diagnostics([first, second, at("line 3")]) == (
        "line 2, col 9: m\nline 2, col 16: m\n  > (assert (and a b))\nline 3: m")
    assert format_diagnostics([]) == "" and str(ProgramError([])) == "invalid program (0 errors):\n"


def test_many_problems_on_one_long_line_are_quoted_in_linear_time():
    """130,000 bare command words on one line: one problem each, each quoted from a window of the
    line (quoting used to rewrite the whole line for each, and took minutes)."""
    diagnostics = pot.check("assert " * 130_000, format="smt2")
    assert len(diagnostics) == 130_001
    assert diagnostics[-1].excerpt == "…" + ("assert " * 18).rstrip()[-WIDTH:]


def _file(tmp: Path, program: dict) -> Path:
    path = tmp / "p.json"
    path.write_text(json.dumps(program))
    return path
