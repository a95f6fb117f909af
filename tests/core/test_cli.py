"""`pot verify / check / schema` through the CLI's entry point (`pot.cli.main`), in this process;
start-up imports and real exit statuses through `python -m pot` (slow: a fresh interpreter each)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from cli_runner import ROOT, pot_in_process, pot_process

SOCRATES = {
    "sorts": [{"name": "Person", "type": "DeclareSort"}],
    "functions": [{"name": "human", "domain": ["Person"], "range": "BoolSort"},
                  {"name": "mortal", "domain": ["Person"], "range": "BoolSort"},
                  {"name": "wise", "domain": ["Person"], "range": "BoolSort"}],
    "constants": {"people": {"sort": "Person", "members": ["socrates"]}},
    "knowledge_base": [{"assertion": "human(socrates)", "name": "socrates_human"}],
    "rules": [{"name": "all_mortal", "forall": [{"name": "x", "sort": "Person"}],
               "implies": {"antecedent": "human(x)", "consequent": "mortal(x)"}}],
    "verifications": [{"name": "is_mortal", "constraint": "mortal(socrates)"}],
}

OPEN = {**SOCRATES, "verifications": [{"name": "is_wise", "constraint": "wise(socrates)"}]}
REFUTED = {**SOCRATES, "verifications": [{"constraint": "Not(mortal(socrates))"}]}

ILL_TYPED = {
    "sorts": [{"name": "Person", "type": "DeclareSort"}],
    "functions": [{"name": "birth_year", "domain": ["Person"], "range": "IntSort"}],
    "constants": {"people": {"sort": "Person", "members": ["ann"]}},
    "knowledge_base": ["brith_year(ann) > 1900", "birth_year(Person) > 0"],
    "verifications": [{"constraint": "birth_year(ann)"}],
}


pot = pot_in_process  # output, exit codes and --json: the entry point in this process (see cli_runner)


@pytest.fixture
def write(tmp_path):
    def write(data, name="prog.json") -> str:
        f = tmp_path / name
        if isinstance(data, bytes):
            f.write_bytes(data)
        else:
            f.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
        return str(f)
    return write


# verify ---------------------------------------------------------------------------------------


def test_verify_prints_the_verdict_and_its_evidence(write):
    p = pot("verify", write(SOCRATES))
    assert p.returncode == 0, p.err
    assert "PROVED" in p.out
    assert "knowledge_base[0]" in p.out and "human(socrates)" in p.out and "socrates_human" in p.out
    assert "rules[0]" in p.out and "all_mortal" in p.out


def test_verify_refuted_and_unknown_still_exit_0(write):
    p = pot("verify", write(REFUTED))
    assert p.returncode == 0 and "REFUTED" in p.out
    p = pot("verify", write(OPEN))
    assert p.returncode == 0 and "UNKNOWN" in p.out
    assert "counter-model" in p.out and "socrates = Person#0" in p.out


def test_verify_json(write):
    p = pot("verify", "--json", write(SOCRATES))
    assert p.returncode == 0, p.err
    data = json.loads(p.out)
    assert data["answer"] is True and data["kind"] == "proved" and data["semantics"] == "entail"
    (result,) = data["results"]
    assert result["name"] == "is_mortal"
    assert [c["id"] for c in result["core"]] == ["knowledge_base[0]", "rules[0]"]


def test_verify_json_unknown_has_counter_model(write):
    data = json.loads(pot("verify", "--json", write(OPEN)).out)
    assert data["kind"] == "unknown" and data["answer"] is None
    assert data["results"][0]["counter_model"]["constants"] == {"socrates": "Person#0"}


def test_verify_sat_semantics(write):
    data = json.loads(pot("verify", "--json", "--semantics", "sat", write(OPEN)).out)
    assert (data["semantics"], data["kind"], data["answer"]) == ("sat", "sat", True)
    p = pot("verify", "--semantics", "sat", write(REFUTED))
    assert p.returncode == 0 and "UNSAT" in p.out


def test_verify_no_evidence_and_timeout(write):
    data = json.loads(pot("verify", "--json", "--no-evidence", "--timeout-ms", "2000", write(SOCRATES)).out)
    assert data["kind"] == "proved" and data["results"][0]["core"] is None


def test_verify_stdin():
    p = pot("verify", "-", stdin=json.dumps(SOCRATES).encode())
    assert p.returncode == 0 and "PROVED" in p.out
    p = pot("verify", "--json", "-", stdin=json.dumps(REFUTED).encode())
    assert json.loads(p.out)["kind"] == "refuted"


def test_verify_bundled_example():
    p = pot("verify", "dsl_spec/examples/socrates.json")
    assert p.returncode == 0, p.err


def test_warnings_are_shown(write):
    prog = {**SOCRATES, "comment": "not a field"}
    p = pot("verify", write(prog))
    assert p.returncode == 0 and "unknown field 'comment'" in p.out


# usage errors: exit 2 ------------------------------------------------------------------------------


@pytest.mark.parametrize("args", [
    ["verify", "does-not-exist.json"],
    ["verify", "."],
    ["verify", "--bogus", "x.json"],
    ["verify"],
    ["verify", "--semantics", "maybe", "dsl_spec/examples/socrates.json"],
    ["verify", "--timeout-ms", "0", "dsl_spec/examples/socrates.json"],
    ["verify", "--timeout-ms", "soon", "dsl_spec/examples/socrates.json"],
    ["check", "does-not-exist.json"],
    ["check", "dsl_spec"],
    ["frobnicate"],
])
def test_usage_errors_exit_2(args):
    p = pot(*args)
    assert p.returncode == 2, (p.returncode, p.out, p.err)
    assert p.err.strip()


# invalid programs: exit 3 ----------------------------------------------------------------------------


def test_type_errors_are_all_listed(write):
    p = pot("verify", write(ILL_TYPED))
    assert p.returncode == 3
    assert "3 errors" in p.err
    assert "knowledge_base[0], col 1" in p.err and "did you mean 'birth_year'?" in p.err
    assert "knowledge_base[1]" in p.err and "'Person' is a sort" in p.err
    assert "verifications[0].constraint" in p.err
    assert p.out == ""


def test_type_errors_as_json(write):
    p = pot("verify", "--json", write(ILL_TYPED))
    assert p.returncode == 3
    data = json.loads(p.out)
    assert data["valid"] is False
    assert [d["code"] for d in data["diagnostics"]] == ["undeclared-name", "not-a-value", "not-bool"]
    assert data["diagnostics"][0]["column"] == 1


@pytest.mark.parametrize("content, message", [
    ("{not json", "invalid JSON"),
    ("", "empty"),
    ("   \n", "empty"),
    (b"\x00\x01\x02\x03", "binary"),
    (b"\xff\xfe\xfd", "not UTF-8"),
    ("[1, 2, 3]", "JSON object"),
    ('{"knowledge_base": ["a"]}', "no verification"),
])
def test_invalid_input_exits_3(write, content, message):
    p = pot("verify", write(content))
    assert p.returncode == 3, (p.out, p.err)
    assert message in p.err


def test_empty_and_invalid_stdin_exit_3():
    p = pot("verify", "-", stdin=b"")
    assert p.returncode == 3 and "empty" in p.err
    p = pot("verify", "-", stdin=b"{oops")
    assert p.returncode == 3 and "invalid JSON" in p.err


# check ---------------------------------------------------------------------------------------------------


def test_check_valid_program(write):
    p = pot("check", write(SOCRATES))
    assert p.returncode == 0 and "valid program" in p.out


def test_check_with_warning(write):
    prog = {**SOCRATES, "variables": [{"name": "y", "sort": "Person"}],
            "verifications": [{"constraint": "mortal(y)"}]}
    p = pot("check", write(prog))
    assert p.returncode == 0 and "1 warning" in p.out and "free" not in p.err
    data = json.loads(pot("check", "--json", write(prog)).out)
    assert data["valid"] is True and [d["code"] for d in data["diagnostics"]] == ["free-variable"]


def test_check_invalid_program(write):
    p = pot("check", write(ILL_TYPED))
    assert p.returncode == 3 and "3 errors" in p.out and not p.err  # the report is check's output
    p = pot("check", "--json", write(ILL_TYPED))
    assert p.returncode == 3 and json.loads(p.out)["valid"] is False


def test_check_quotes_what_each_diagnostic_points_at(write):
    """Under each diagnostic, the expression it names; for JSON that does not parse, the line."""
    p = pot("check", write(ILL_TYPED))
    assert "did you mean 'birth_year'?)\n  > brith_year(ann) > 1900\n" in p.out
    assert "\n  > birth_year(Person) > 0\n" in p.out
    p = pot("check", "--json", write(ILL_TYPED))
    assert [d["excerpt"] for d in json.loads(p.out)["diagnostics"]] == [
        "brith_year(ann) > 1900", "birth_year(Person) > 0", "birth_year(ann)"]
    p = pot("verify", "-", stdin=b'{"knowledge_base": [\n  "p(a)",, "q(b)"]}')
    assert p.returncode == 3 and 'line 2, col 10: invalid JSON' in p.err and '\n  >   "p(a)",, "q(b)"]}' in p.err


def test_check_stdin():
    assert pot("check", "-", stdin=json.dumps(SOCRATES).encode()).returncode == 0
    assert pot("check", "-", stdin=b"\x00").returncode == 3


# schema ----------------------------------------------------------------------------------------------------


def test_schema_prints_the_committed_schema():
    p = pot("schema")
    assert p.returncode == 0
    schema = json.loads(p.out)
    assert schema["$schema"].endswith("2020-12/schema")
    assert schema == json.loads((ROOT / "dsl_spec" / "pot-dsl.schema.json").read_text(encoding="utf-8"))


def test_help_and_version():
    p = pot("--help")
    assert p.returncode == 0 and "verify" in p.out and "Exit codes" in p.out
    assert pot("verify", "--help").returncode == 0
    p = pot("--version")
    assert p.returncode == 0 and p.out.strip()


def test_help_names_every_environment_variable_pot_reads():
    import re

    read = {name for path in (ROOT / "pot").rglob("*.py")
            for name in re.findall(r'(?:environ\.get\(|environ\[|VARIABLE = )"(POT_[A-Z0-9_]+)"', path.read_text())}
    assert {"POT_MODEL", "POT_Z3_MEMORY_MB", "POT_MAX_INPUT_MB"} <= read  # the pattern finds them
    assert sorted(name for name in read if name not in pot("--help").out) == []


# imports ---------------------------------------------------------------------------------------------------------


@pytest.mark.slow  # a fresh interpreter
def test_verify_does_not_import_litellm(write):
    path = write(SOCRATES)
    script = (
        "import sys\n"
        f"sys.argv = ['pot', 'verify', {path!r}]\n"
        "from pot.cli import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as e:\n"
        "    code = e.code\n"
        "else:\n"
        "    code = 0\n"
        "heavy = [m for m in ('litellm', 'openai', 'httpx') if m in sys.modules]\n"
        "print('EXIT', code, 'HEAVY', heavy)\n"
    )
    p = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert p.returncode == 0, p.stderr
    assert "PROVED" in p.stdout
    assert p.stdout.strip().splitlines()[-1] == "EXIT 0 HEAVY []"


@pytest.mark.slow  # a fresh interpreter
def test_python_m_pot_verify_importtime_has_no_litellm(write):
    p = subprocess.run([sys.executable, "-X", "importtime", "-m", "pot", "verify", write(SOCRATES)],
                       capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert p.returncode == 0
    imported = {line.split("|")[-1].strip() for line in p.stderr.splitlines() if line.startswith("import time:")}
    assert "z3" in imported
    assert not any(name.split(".")[0] == "litellm" for name in imported)


@pytest.mark.slow  # a fresh interpreter
def test_import_pot_does_not_import_litellm():
    script = "import sys, pot; pot.verify; print('litellm' in sys.modules)"
    p = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert p.stdout.strip() == "False"


@pytest.mark.slow  # a fresh interpreter
@pytest.mark.parametrize("flags", [[], ["--json"], ["--no-evidence"]])
def test_verify_imports_no_layer_above_the_verdict(write, flags):
    """`pot verify` loads neither the HTML report, the agent, the LLM and eval layers, nor rich, pydantic or litellm."""
    p = subprocess.run([sys.executable, "-X", "importtime", "-m", "pot", "verify", *flags, write(SOCRATES)],
                       capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert p.returncode == 0, p.stderr
    imported = {line.split("|")[-1].strip() for line in p.stderr.splitlines() if line.startswith("import time:")}
    above = {"pot.report", "pot.agent", "pot.llm", "pot.eval", "pot.answer", "rich", "jinja2", "mcp", "pydantic",
             "litellm"}
    assert {name for name in imported if name in above or name.split(".")[0] in above - {"pot"}} == set()
    assert "pot.logic.verdict" in imported


def test_with_json_every_error_is_json_too():
    for args in (["check", "--json", "does-not-exist.json"], ["verify", "--json", "does-not-exist.json"],
                 ["ask", "--json", ""]):
        p = pot(*args)
        assert p.returncode == 2 and json.loads(p.out)["error"]["exit_code"] == 2, (args, p.out, p.err)


# the real process ----------------------------------------------------------------------------------------------


@pytest.mark.slow  # fresh interpreters
def test_the_real_process_exits_with_the_documented_codes(write):
    """What the in-process runs above check, once through `python -m pot`: the process's own exit status."""
    done = pot_process("verify", write(SOCRATES))
    assert done.returncode == 0 and "PROVED" in done.out
    assert pot_process("verify", "--json", "-", stdin=json.dumps(REFUTED)).returncode == 0
    done = pot_process("verify", "does-not-exist.json")
    assert done.returncode == 2 and done.err.strip()
    done = pot_process("verify", write(ILL_TYPED))
    assert done.returncode == 3 and "3 errors" in done.err
    done = pot_process("check", "--json", "does-not-exist.json")
    assert done.returncode == 2 and json.loads(done.out)["error"]["exit_code"] == 2
