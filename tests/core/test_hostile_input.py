"""Hostile and huge programs (issue 7, point 8): each ends in a located diagnostic or a
verdict — never an untyped exception — and `check` and `verify` agree on it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_runner import pot_in_process

import pot
from pot import ProgramError, Verdict
from pot.checker.suggest import MAX_FUZZY_SEARCHES
from pot.dsl import parser
from pot.dsl.parser import MAX_LITERAL_DIGITS, ExprSyntaxError, parse_expression

ROOT = Path(__file__).resolve().parents[2]

BASE = {
    "sorts": [{"name": "P", "type": "DeclareSort"}],
    "functions": [{"name": "f", "domain": ["P"], "range": "IntSort"},
                  {"name": "g", "domain": ["P"], "range": "RealSort"}],
    "constants": {"c": {"sort": "P", "members": ["a"]}},
    "knowledge_base": ["f(a) > 0"],
    "verifications": [{"name": "v", "constraint": "f(a) > 1"}],
}


def program(**changes) -> dict:
    return {**json.loads(json.dumps(BASE)), **changes}


def refused(source) -> list[pot.Diagnostic]:
    """The errors of an invalid program: `check` finds them and `verify` raises them."""
    errors = [d for d in pot.check(source) if d.severity == "error"]
    with pytest.raises(ProgramError) as info:
        pot.verify(source, timeout_ms=2000)
    assert errors and info.value.errors == errors
    json.dumps([d.to_json() for d in errors])  # printable as they are
    return errors


# -- numbers ---------------------------------------------------------------------------------


@pytest.mark.parametrize("literal", ["9" * 5000, "1" + "0" * MAX_LITERAL_DIGITS, "1e5000", "1e99999999",
                                     "1e-99999999", "0." + "0" * 1200 + "1", "1e" + "9" * 5000])
def test_huge_number_literals_are_refused_where_they_are(literal):
    d = refused(program(knowledge_base=["f(a) > 0", f"g(a) > {literal}"]))[0]
    assert (d.code, d.path, d.column) == ("number-too-large", "knowledge_base[1]", 8)
    assert str(MAX_LITERAL_DIGITS) in d.message


def test_large_literals_within_the_limit_are_values():
    big = "9" * MAX_LITERAL_DIGITS
    verdict = pot.verify(program(knowledge_base=[f"f(a) == {big}"], verifications=[{"constraint": "f(a) > 1"}]))
    assert verdict.kind == "proved"
    assert parse_expression("1e999").value == 10 ** 999  # type: ignore[attr-defined]
    assert parse_expression("0e99999999999").value == 0  # type: ignore[attr-defined]
    assert parse_expression("2.5e-3").value * 400 == 1  # type: ignore[attr-defined]


@pytest.mark.parametrize("power", ["3**10000000", "10**5000", "(10**500)**3", "2**(2**40)", "f(a) ** 100000",
                                   "(f(a) ** 100) ** 100"])
def test_huge_constant_powers_are_refused_before_z3_computes_them(power):
    d = refused(program(knowledge_base=[f"f(a) == {power}"]))[0]
    assert (d.code, d.path) == ("number-too-large", "knowledge_base[0]") and d.column


def test_powers_within_the_limit_are_decided():
    verdict = pot.verify(program(knowledge_base=["f(a) == 10**999"], verifications=[{"constraint": "f(a) > 1"}]))
    assert verdict.kind == "proved"


@pytest.mark.parametrize("width", ["9" * 5000, "²", "٣", "𝟠", "1_0", "+8"])
def test_bitvec_widths_that_are_not_small_ascii_numbers(width):
    d = refused(program(sorts=[{"name": "P", "type": "DeclareSort"}, {"name": "B", "type": f"BitVecSort({width})"}]))[0]
    assert (d.code, d.path) == ("unknown-sort", "sorts[1].type") and "BitVecSort(8)" in (d.hint or "")
    assert len(d.message) < 200 and "512" in (d.hint or "")


# -- nesting -----------------------------------------------------------------------------------


def test_deep_array_sort_is_refused_without_recursion():
    deep = "ArraySort(" * 3000 + "IntSort" + ", IntSort)" * 3000
    d = refused(program(functions=[{"name": "f", "domain": ["P"], "range": deep},
                                   {"name": "g", "domain": ["P"], "range": "RealSort"}]))[0]
    assert (d.code, d.path) == ("sort-too-deep", "functions[0].range")
    assert len(d.message) < 200


@pytest.mark.slow  # 3,000 sorts, on purpose
@pytest.mark.parametrize("doubling", [False, True])
def test_long_chains_of_sorts_defined_through_each_other(doubling):
    n = 3000
    sorts = [{"name": "S0", "type": "ArraySort(IntSort, IntSort)"}]
    for i in range(1, n):
        inner = f"S{i - 1}, S{i - 1}" if doubling else f"S{i - 1}, IntSort"
        sorts.append({"name": f"S{i}", "type": f"ArraySort({inner})"})
    sorts.reverse()  # declared before the sorts they name
    errors = refused(program(sorts=[*BASE["sorts"], *sorts]))
    assert [d.code for d in errors] == ["sort-too-deep"]  # reported once, the sorts after it stay silent


def test_nested_arrays_within_the_limit_are_sorts():
    sorts = [{"name": "P", "type": "DeclareSort"}, {"name": "S0", "type": "ArraySort(IntSort, IntSort)"}]
    sorts += [{"name": f"S{i}", "type": f"ArraySort(S{i - 1}, S{i - 1})"} for i in range(1, 6)]  # 127 sorts
    sorts += [{"name": f"T{i}", "type": f"ArraySort(IntSort, T{i - 1})"} for i in range(1, 60)]
    sorts += [{"name": "T0", "type": "IntSort"}]
    assert not [d for d in pot.check(program(sorts=sorts)) if d.severity == "error"]


LONG = pytest.mark.slow  # a second or more of parsing each, on purpose


@pytest.mark.parametrize("text", ["not " * 4000 + "f(a) < 1", pytest.param("not f(a) < " * 1500 + "1", marks=LONG),
                                  pytest.param("f(a) < not " * 1500 + "1", marks=LONG),
                                  pytest.param("-" * 15000 + "f(a) < 1", marks=LONG),
                                  "Not(" * 3000 + "f(a) < 1" + ")" * 3000])
def test_long_prefix_chains_are_refused_while_parsing(text):
    with pytest.raises(ExprSyntaxError) as info:
        parse_expression(text)
    assert info.value.code == "too-deep" and info.value.column
    d = refused(program(knowledge_base=[text]))[0]
    assert (d.code, d.path) == ("too-deep", "knowledge_base[0]")


# -- text --------------------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["name", "constant", "json-text"])
def test_lone_surrogates_are_refused_where_they_are(where):
    if where == "name":
        source: dict | str = program(verifications=[{"name": "v\ud800", "constraint": "f(a) > 1"}])
        path = "verifications[0].name"
    elif where == "constant":
        source = program(constants={"c": {"sort": "P", "members": ["a", "b\udfff"]}})
        path = "constants.c.members[1]"
    else:
        source = json.dumps(program(knowledge_base=["f(a) > 0"], verifications=[{"name": "v\ud800",
                                                                                 "constraint": "f(a) > 1"}]))
        assert "\\ud800" in source
        path = "verifications[0].name"
    d = refused(source)[0]
    assert (d.code, d.path) == ("invalid-text", path)


def test_accented_names_still_verify():
    source = program(verifications=[{"name": "café_übung", "constraint": "f(a) > 1"}])
    assert pot.verify(source).results[0].name == "café_übung"


# -- bounded work ------------------------------------------------------------------------------


@pytest.mark.slow  # a million name comparisons, bounded
def test_did_you_mean_is_bounded_per_program():
    """1,000 misspelt 45-character names against 1,000 declared ones: a few get a suggestion."""
    stem = "a_rather_long_predicate_name_about_thing_"
    functions = [{"name": f"{stem}{i:04d}", "domain": ["P"], "range": "BoolSort"} for i in range(1000)]
    facts = [f"{stem}{i:04d}x(a)" for i in range(1000)]
    source = program(functions=[*BASE["functions"], *functions], knowledge_base=facts)
    errors = [d for d in pot.check(source) if d.code == "undeclared-name"]
    assert len(errors) == 1000
    suggested = [d for d in errors if d.hint and d.hint.startswith("did you mean")]
    assert 0 < len(suggested) <= MAX_FUZZY_SEARCHES
    assert suggested[0].hint == f"did you mean '{stem}0000'?"


def test_case_insensitive_suggestions_are_not_rationed():
    functions = [{"name": f"Pred{i}", "domain": ["P"], "range": "BoolSort"} for i in range(200)]
    source = program(functions=[*BASE["functions"], *functions], knowledge_base=[f"pred{i}(a)" for i in range(200)])
    hints = [d.hint for d in pot.check(source) if d.code == "undeclared-name"]
    assert hints == [f"did you mean 'Pred{i}'?" for i in range(200)]


def test_parse_cache_is_bounded_by_size_and_skips_long_expressions(monkeypatch):
    monkeypatch.setattr(parser, "CACHE_CHARACTERS", 1000)
    parser.clear_cache()
    try:
        long = "f(a) > 0 and " * 300 + "True"
        parse_expression(long)
        assert long not in parser._cache  # longer than CACHED_LENGTH
        for i in range(500):
            parse_expression(f"f(a) > {i}")
        assert 0 < parser._cached_characters <= 1000
        assert parser._cached_characters == sum(map(len, parser._cache))
        assert "f(a) > 499" in parser._cache and "f(a) > 0" not in parser._cache
        with pytest.raises(ExprSyntaxError):
            parse_expression("f(a) >")
        assert "f(a) >" not in parser._cache
    finally:
        parser.clear_cache()


def test_input_size_is_capped_for_paths_devices_and_text(monkeypatch, tmp_path):
    monkeypatch.setenv("POT_MAX_INPUT_MB", "0.001")  # 1,048 bytes
    big = tmp_path / "big.json"
    big.write_text(json.dumps(program(knowledge_base=["f(a) > 0"] * 200)))
    for source in (big, big.read_text(), Path("/dev/zero")):
        (d,) = refused(source)
        assert d.code == "too-large" and "1,048 bytes" in d.message and "POT_MAX_INPUT_MB" in d.hint
    small = tmp_path / "small.json"
    small.write_text(json.dumps(program()))
    assert isinstance(pot.verify(small), Verdict)


def test_input_limit_setting_is_validated(monkeypatch):
    monkeypatch.setenv("POT_MAX_INPUT_MB", "lots")
    with pytest.raises(pot.UsageError, match="POT_MAX_INPUT_MB"):
        pot.check(program())


def test_cli_refuses_endless_input_with_a_diagnostic():
    env = {"POT_MAX_INPUT_MB": "1"}
    done = pot_in_process("verify", "/dev/zero", "--json", env=env)
    assert done.returncode == 3
    assert json.loads(done.stdout)["diagnostics"][0]["code"] == "too-large"
    with open("/dev/zero", "rb") as zero:
        done = pot_in_process("check", "-", stdin=zero, env=env)
    assert done.returncode == 3 and "POT_MAX_INPUT_MB" in done.stdout + done.stderr
