import json

from programs import socrates

from pot.llm.extract import extract_program, strip_reasoning

PROGRAM = json.dumps(socrates(), indent=2)


def test_bare_json():
    assert extract_program(PROGRAM).program == socrates()


def test_code_fence_and_prose():
    text = f"Here is the program:\n```json\n{PROGRAM}\n```\nIt proves the claim {{mostly}}."
    got = extract_program(text)
    assert got.program == socrates()
    assert got.text == PROGRAM


def test_several_blocks_pick_the_program():
    note = json.dumps({"note": "draft", "confidence": 0.9})
    draft = json.dumps({"verifications": []})
    text = f"{note}\nfirst try:\n{draft}\nfinal:\n```\n{PROGRAM}\n```\n{note}"
    assert extract_program(text).program == socrates()


def test_later_program_wins_a_tie():
    second = socrates("Not(mortal(socrates))")
    text = f"{json.dumps(socrates())}\nSorry, corrected:\n{json.dumps(second)}"
    assert extract_program(text).program == second


def test_wrapped_program_is_unwrapped():
    assert extract_program(json.dumps({"program": socrates()})).program == socrates()


def test_reasoning_is_stripped():
    text = "<think>Maybe {\"verifications\": [1]} works?</think>\n" + PROGRAM
    assert strip_reasoning(text) == PROGRAM
    assert strip_reasoning("the server ate the opening tag</think>" + PROGRAM) == PROGRAM


def test_broken_json_is_a_diagnostic_with_position():
    got = extract_program('{"verifications": [{"constraint": "p"},]}')
    assert got.program is None
    assert got.diagnostics[0].code == "invalid-json"
    assert (got.diagnostics[0].path, got.diagnostics[0].column) == ("line 1", 40)
    assert got.diagnostics[0].message == "the JSON program does not parse: Expecting value"


def test_no_json_at_all():
    got = extract_program("I cannot answer that.")
    assert got.program is None and "no JSON program" in got.diagnostics[0].message
