"""The command reader: positions, atoms, and every lexical problem located."""

from __future__ import annotations

from pot.smtlib.reader import MAX_DEPTH, Kind, decode, read_commands


def test_commands_with_positions_strings_symbols_and_comments():
    text = '; head\n(set-info :source "a ""quoted"" ) string")\n  (declare-const |odd ) name| Int) ; tail\n(check-sat)'
    commands, problems = read_commands(text)
    assert problems == []
    assert [c.name for c in commands] == ["set-info", "declare-const", "check-sat"]
    assert [(c.line, c.column) for c in commands] == [(2, 1), (3, 3), (4, 1)]
    info = commands[0].node.children
    assert [n.kind for n in info] == [Kind.SYMBOL, Kind.KEYWORD, Kind.STRING]
    assert info[2].text == '"a ""quoted"" ) string"'
    assert commands[1].node.children[1].text == "|odd ) name|"


def test_multiline_quoted_symbol_keeps_line_count():
    commands, problems = read_commands("(assert |a\nb|)\n(check-sat)")
    assert problems == []
    assert commands[1].line == 3


def test_stray_close_paren_is_reported_and_skipped():
    commands, problems = read_commands("(check-sat))\n(exit)")
    assert [c.name for c in commands] == ["check-sat", "exit"]
    assert [(p.code, p.path, p.column) for p in problems] == [("smt2-unbalanced", "line 1", 12)]


def test_unclosed_paren_reports_where_it_opened():
    commands, problems = read_commands("(check-sat)\n  (assert (and a b)\n")
    assert [c.name for c in commands] == ["check-sat"]
    assert [(p.code, p.path, p.column) for p in problems] == [("smt2-unclosed", "line 2", 3)]
    assert "never closed" in problems[0].message


def test_an_unclosed_command_says_which_command_it_swallowed():
    commands, problems = read_commands("(declare-const a Bool)\n(assert (and a\n(assert a)\n(check-sat)\n")
    assert [c.name for c in commands] == ["declare-const"]
    [problem] = problems
    assert (problem.code, problem.path, problem.column) == ("smt2-unclosed", "line 2", 1)
    assert "the (assert ...) at line 3, column 1 is read as part of this command" in problem.message
    assert problem.hint == "add the missing ')' before line 3, column 1"


def test_token_outside_a_command():
    commands, problems = read_commands("```\n(check-sat)\n```")
    assert [c.name for c in commands] == ["check-sat"]
    assert [(p.code, p.path) for p in problems] == [("smt2-not-a-command", "line 1"), ("smt2-not-a-command", "line 3")]


def test_a_command_without_its_paren_is_one_problem():
    """`assert (! φ :named n))` was three problems (the word, an unknown command '!', a stray ')').
    The rest of its line is skipped unreported, as z3 would skip it, but for a list headed by a
    command name, which z3 would run."""
    text = "(declare-const a Bool)\nassert (! a :named f))\n  assert (not a) (declare-const b Bool)\ncheck-sat\n)"
    commands, problems = read_commands(text)
    assert [c.name for c in commands] == ["declare-const", "declare-const"]
    assert [(p.code, p.path, p.column, p.message) for p in problems] == [
        ("smt2-missing-paren", "line 2", 1, "'(' missing before assert"),
        ("smt2-missing-paren", "line 3", 3, "'(' missing before assert"),
        ("smt2-missing-paren", "line 4", 1, "'(' missing before check-sat"),
        ("smt2-unbalanced", "line 5", 1, "')' closes nothing")]  # the next line is read as before
    assert problems[0].hint.startswith("write (assert ...);") and problems[2].hint.startswith("write (check-sat);")


def test_unterminated_string_and_symbol():
    _, problems = read_commands('(echo "abc)')
    assert [(p.code, p.column) for p in problems] == [("smt2-unterminated-string", 7)]
    _, problems = read_commands("(assert |abc)")
    assert [(p.code, p.column) for p in problems] == [("smt2-unterminated-symbol", 9)]


def test_nesting_is_bounded_without_recursion():
    _, problems = read_commands("(assert " + "(not " * 1_000_000 + "true" + ")" * 1_000_001)
    assert [p.code for p in problems] == ["smt2-too-deep"]
    assert problems[0].column == 9 + 5 * (MAX_DEPTH - 1)  # the first "(" one level too deep


def test_huge_numeral_is_refused():
    _, problems = read_commands("(assert (> x " + "9" * 5000 + "))")
    assert [p.code for p in problems] == ["smt2-numeral-too-long"]


def test_decode_rejects_non_utf8_and_nul_with_positions():
    text, problems = decode(b"(check-sat)\n(assert \xff)")
    assert text is None
    assert [(p.code, p.path, p.column) for p in problems] == [("smt2-encoding", "line 2", 9)]
    text, problems = decode("(assert\0 true)")
    assert text is None
    assert [(p.code, p.column) for p in problems] == [("smt2-nul", 8)]
    assert decode(b"(check-sat)") == ("(check-sat)", [])
