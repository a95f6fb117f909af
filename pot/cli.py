"""The `pot` command line: a thin layer over the Python API.

Exit codes, for every command: 0 done (a verdict was produced, whatever it is),
1 internal error, 2 usage error, 3 invalid program, 4 LLM provider failure.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from pot.logic.verdict import DEFAULT_TIMEOUT_MS, Semantics
from pot.strategy import Strategy

if TYPE_CHECKING:
    from pot.errors import Diagnostic

PROGRAM = click.Path(exists=True, dir_okay=False, allow_dash=True, path_type=str)
SEMANTICS = click.Choice([s.value for s in Semantics])


def read_program(path: str) -> bytes | Path:
    """A program file, or standard input for '-' (read up to just past the input limit, which
    verify and check then report as a too-large program)."""
    if path != "-":
        return Path(path)
    from pot.api import max_input_bytes

    return sys.stdin.buffer.read(max_input_bytes() + 1)


def write_html(path: Path, page: str) -> None:
    """Write an HTML page; say where on standard error (standard output keeps the verdict)."""
    try:
        path.write_text(page, encoding="utf-8")
    except OSError as e:
        raise click.BadParameter(f"cannot write {path}: {e.strerror or e}", param_hint="--html") from None
    click.echo(f"html: {path}", err=True)


def emit_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


def fail_invalid(diagnostics: list[Diagnostic], as_json: bool, to_stdout: bool = False) -> NoReturn:
    """Report an invalid program (every diagnostic) and exit with its code. `pot check`'s report
    is its output (stdout); for the other commands it is an error (stderr)."""
    from pot.errors import ExitCode, errors_only

    if as_json:
        emit_json({"valid": False, "diagnostics": [d.to_json() for d in diagnostics]})
    else:
        from pot.render_verdict import diagnostics_text

        n = len(errors_only(diagnostics))
        click.echo(f"invalid program: {n} error{'s' if n != 1 else ''}", err=not to_stdout)
        click.echo(diagnostics_text(diagnostics), err=not to_stdout)
    sys.exit(ExitCode.INVALID_PROGRAM)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="pot-toolkit", prog_name="pot")
def cli() -> None:
    """Proof of Thought: decide questions with logic programs that an LLM writes and Z3 checks.

    \b
    pot verify PROGRAM.json     decide a program's verifications, with evidence
    pot verify SCRIPT.smt2      the same for an SMT-LIB 2 script (--format smt2 for stdin)
    pot check PROGRAM.json      parse and type-check only
    pot export PROGRAM.json     the program as an SMT-LIB 2.6 script
    pot schema                  print the program JSON Schema
    pot ask "QUESTION"          translate a question with an LLM, then verify
    pot eval strategyqa ...     evaluation runs and replays
    pot mcp                     serve the tools to agents (MCP)
    pot report RUN_DIR          rebuild a run's report.html

    Exit codes: 0 done, 1 internal error, 2 usage error, 3 invalid program,
    4 LLM provider failure.

    \b
    Environment:
    POT_MODEL         the default --model
    POT_CACHE_DIR     the LLM reply cache [default: the user cache directory]
    POT_Z3_MEMORY_MB  Z3's memory cap [default: half the machine's memory],
                      shared by the solver processes of a batch, a run, the MCP server
    POT_MAX_INPUT_MB  the largest program read [default: 16]
    POT_DEBUG=1       a traceback for an internal error
    """


FORMAT = click.option("--format", "program_format", type=click.Choice(["json", "smt2"]),
                      help="The program's language [default: smt2 for a file ending .smt2, else json].")


@cli.command()
@click.argument("programs", nargs=-1, type=click.Path(allow_dash=True, path_type=str))
@click.option("--jsonl", "jsonl", multiple=True, type=click.Path(dir_okay=False, path_type=Path),
              help="A JSONL file of programs, one a line (an optional `id` beside it; replay records with "
                   "`program` work too). Repeatable.")
@FORMAT
@click.option("--json", "as_json", is_flag=True,
              help="Print the verdict as JSON (several inputs: one JSON object a line).")
@click.option("--semantics", type=SEMANTICS, default=Semantics.ENTAIL.value, show_default=True,
              help="entail: proved/refuted/unknown by entailment. sat: the original Proof of Thought rule "
                   "(a claim is 'true' when merely consistent with the facts).")
@click.option("--timeout-ms", type=click.IntRange(min=1), default=DEFAULT_TIMEOUT_MS, show_default=True,
              help="Time limit in milliseconds for the whole verification (every Z3 check, the optimisation "
                   "and the models share it); what it leaves undecided is reported 'undecided' (timeout). "
                   "Z3 work that cannot be interrupted (huge numbers) is abandoned half a second after it.")
@click.option("--no-evidence", is_flag=True, help="Skip unsat cores and counter-models (faster).")
@click.option("--html", "html_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the verdict as a self-contained HTML page to FILE (one program only).")
@click.option("--cross-check", "cross_check", type=click.Choice(["cvc5"]),
              help="Decide every claim again with a second solver (cvc5, in a process of its own, same time limit "
                   "per check) and flag any disagreement with Z3. Needs pip install 'pot-toolkit[cvc5]'.")
@click.option("--workers", type=click.IntRange(min=1), help="Processes for several inputs [default: all cores].")
def verify(programs: tuple[str, ...], jsonl: tuple[Path, ...], program_format: str | None, as_json: bool,
           semantics: str, timeout_ms: int, no_evidence: bool, html_file: Path | None, cross_check: str | None,
           workers: int | None) -> None:
    """Decide the verifications of PROGRAM (a JSON or SMT-LIB 2 file, or - for standard input).

    Prints the verdict (proved, refuted, unknown, inconsistent or undecided) with
    its evidence: the premises that prove or refute each claim, or a counter-model
    that shows why it is not settled.

    \b
    Several programs at once, decided on all cores, one verdict per input:
    pot verify a.json b.smt2 programs/          files and directories (*.json, *.smt2)
    pot verify --jsonl programs.jsonl --json    one program a line; JSON lines out
    The exit code is the worst input's: 1 internal error > 2 unreadable > 3 invalid > 0.
    """
    if jsonl or len(programs) != 1 or Path(programs[0]).is_dir():
        if html_file is not None:
            raise click.UsageError("--html takes one program; several inputs print a table or JSON lines")
        verify_many(programs, jsonl, program_format, as_json, semantics, timeout_ms, no_evidence, workers,
                    cross_check is not None)
        return
    program = programs[0]
    if program != "-" and not Path(program).exists():
        raise click.BadParameter(f"File '{program}' does not exist.", param_hint="'PROGRAM'")
    from pot.api import verify as run_verify
    from pot.errors import ProgramError
    from pot.logic.setup import configure_solver

    configure_solver()  # a bad POT_Z3_MEMORY_MB is a usage error, before any input is read
    source = read_program(program)
    title = "standard input" if program == "-" else program
    try:
        verdict = run_verify(source, semantics=semantics, timeout_ms=timeout_ms, evidence=not no_evidence,
                             format=program_format, cross_check=cross_check)
    except ProgramError as e:
        if html_file is not None:
            from pot.report import invalid_html

            write_html(html_file, invalid_html(source, e.diagnostics, title))
        fail_invalid(e.diagnostics, as_json)
    if html_file is not None:
        from pot.report import verdict_html

        write_html(html_file, verdict_html(source, verdict, title))
    if as_json:
        emit_json(verdict.to_json())
    else:
        from pot.render_verdict import verdict_text

        click.echo(verdict_text(verdict))


def verify_many(programs: tuple[str, ...], jsonl: tuple[Path, ...], program_format: str | None, as_json: bool,
                semantics: str, timeout_ms: int, no_evidence: bool, workers: int | None,
                cross_check: bool) -> NoReturn:
    """`pot verify` of several inputs: a table (or JSON lines), then exit with the worst input's code."""
    from pot.eval.batch import BatchInput, batch_inputs, verify_batch, worst_exit_code

    if "-" in programs:
        raise click.UsageError("standard input (-) takes one program; several inputs are files or --jsonl")
    if not programs and not jsonl:
        raise click.UsageError("name a program file (or several, a directory, --jsonl FILE)")
    items = batch_inputs([Path(p) for p in programs], list(jsonl))
    if program_format is not None:
        items = [BatchInput(i.name, i.text, program_format, i.problem) for i in items]
    lines = verify_batch(items, semantics=semantics, timeout_ms=timeout_ms, evidence=not no_evidence,
                         workers=workers, cross_check=cross_check)
    codes: list[int] = []
    if as_json:
        for line in lines:
            codes.append(line["exit_code"])
            click.echo(json.dumps(line, ensure_ascii=False))
    else:
        from pot.eval.batch import print_table

        done = list(lines)
        codes = [line["exit_code"] for line in done]
        print_table(done)
    sys.exit(worst_exit_code(codes))


@cli.command()
@click.argument("program", type=PROGRAM)
@FORMAT
@click.option("--json", "as_json", is_flag=True, help="Print the diagnostics as JSON.")
def check(program: str, program_format: str | None, as_json: bool) -> None:
    """Parse and type-check PROGRAM without solving; list every problem.

    Exits 0 when the program is valid (warnings may be printed), 3 when not.
    """
    from pot.api import check as run_check
    from pot.errors import errors_only

    diagnostics = run_check(read_program(program), format=program_format)
    if errors_only(diagnostics):
        fail_invalid(diagnostics, as_json, to_stdout=True)
    if as_json:
        emit_json({"valid": True, "diagnostics": [d.to_json() for d in diagnostics]})
        return
    from pot.render_verdict import diagnostics_text

    click.echo("valid program" + (f" ({len(diagnostics)} warning(s))" if diagnostics else ""))
    if diagnostics:
        click.echo(diagnostics_text(diagnostics))


@cli.command("export")
@click.argument("program", type=PROGRAM)
@click.option("--to", "target", type=click.Choice(["smt2"]), default="smt2", show_default=True,
              help="The language to write: smt2 is standard SMT-LIB 2.6, which z3, cvc5 and pot read unchanged.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="Write the script to this file instead of standard output.")
def export(program: str, target: str, output: Path | None) -> None:
    """Translate the JSON program PROGRAM (or - for standard input) into an SMT-LIB 2.6 script.

    Declarations, the premises as named assertions, and each verification decided in its
    own scope by push / assert / check-sat / pop. `pot verify` on the script gives the
    program's verdict. Exits 3 when the program is invalid.
    """
    from pot.errors import ProgramError
    from pot.logic.setup import configure_solver
    from pot.smtlib.export import export_smt2

    configure_solver()
    try:
        text, warnings = export_smt2(read_program(program))
    except ProgramError as e:
        fail_invalid(e.diagnostics, False)
    if warnings:
        from pot.render_verdict import diagnostics_text

        click.echo(diagnostics_text(warnings), err=True)
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")


@cli.command()
def schema() -> None:
    """Print the JSON Schema of pot programs (generated from the program model)."""
    from pot.dsl.program import json_schema

    emit_json(json_schema())


def sampling_options(command: Any) -> Any:
    """--timeout, --temperature, --max-tokens, --structured, --prompt: the same on ask and eval."""
    command = click.option("--prompt", "prompt_style", type=click.Choice(["full", "compact"]), default="full",
                           show_default=True,
                           help="The system prompt: full (every construct, three worked examples) or compact "
                                "(a third of the tokens: faster on a CPU-bound local model). JSON format only."
                           )(command)
    command = click.option("--structured/--no-structured", default=None,
                           help="Constrain replies to the program's JSON schema (response_format; a grammar on "
                                "llama.cpp servers) [default: when litellm knows the model supports it, which it "
                                "cannot for a local server].")(command)
    command = click.option("--max-tokens", type=click.IntRange(min=1),
                           help="Longest reply to accept; a reply cut there is a failed attempt "
                                "[default: 2048].")(command)
    command = click.option("--temperature", type=click.FloatRange(0, 2),
                           help="Sampling temperature [default: 0]. Above 0 every request is a new sample: "
                                "the cache is not used.")(command)
    return click.option("--timeout", "timeout_s", type=click.FloatRange(min=0, min_open=True),
                        help="Seconds to wait for more of a reply (replies stream: a slow model that keeps "
                             "writing is not cut off); a request that times out is not resent [default: 300]."
                        )(command)


STRATEGY_NAMES = [s.value for s in Strategy]


def strategy_options(command: Any) -> Any:
    """--strategy, --samples, --rounds, --parts, --check-core, the same on `pot ask` and `pot eval` (see
    docs/strategies.md)."""
    command = click.option("--check-core", is_flag=True,
                           help="counterexample: ask the model whether each fact of a decisive core is true; "
                                "drop the answer if it calls one false.")(command)
    command = click.option("--parts", type=click.IntRange(min=1), default=4, show_default=True,
                           help="decomposed, least-to-most: the most sub-questions.")(command)
    command = click.option("--rounds", type=click.IntRange(min=1), default=2, show_default=True,
                           help="self-refine: reviews; counterexample: rounds with the solver's two worlds.")(command)
    command = click.option("--samples", type=click.IntRange(min=1), default=5, show_default=True,
                           help="self-consistency: independent programs, drawn at --temperature if above 0, "
                                "else at 0.7; never read from the cache.")(command)
    return click.option("--strategy", type=click.Choice(STRATEGY_NAMES), default="plain", show_default=True,
                        help="Spend more requests per question: plain (one program and its repairs), "
                             "self-consistency (a solver-aware vote), self-refine, decomposed, least-to-most, "
                             "counterexample (show the model the worlds its facts allow).")(command)


def model_or_usage_error(model: str | None) -> str:
    """The model, or $POT_MODEL; neither is a usage error (exit 2), in every command."""
    model = model or os.environ.get("POT_MODEL")
    if not model:
        raise click.UsageError("no model: pass --model (e.g. openai/gpt-4o-mini, ollama/qwen3) or set POT_MODEL")
    return model


API_BASE_HELP = ("The provider's base URL: a local server needs no API key, e.g. http://localhost:11434 (Ollama, "
                 "with --model ollama/NAME), http://localhost:8000/v1 (vLLM, --model openai/NAME).")


@cli.command()
@click.argument("question")
@click.option("--model", help="A litellm model string, e.g. openai/gpt-4o-mini, anthropic/..., ollama/qwen3 "
                              "[default: $POT_MODEL].")
@click.option("--api-base", help=API_BASE_HELP)
@click.option("--max-attempts", type=click.IntRange(min=1), default=3, show_default=True,
              help="Programs to request at most: the first, then repairs sent back with the errors.")
@click.option("--semantics", type=SEMANTICS, default=Semantics.ENTAIL.value, show_default=True,
              help="How the program is decided (see pot verify --help).")
@click.option("--format", "program_format", type=click.Choice(["json", "smt2"]), default="json", show_default=True,
              help="The language the model writes: pot's JSON DSL, or SMT-LIB 2 scripts.")
@click.option("--show-program", is_flag=True, help="Also print the program the model wrote.")
@click.option("--json", "as_json", is_flag=True, help="Print the whole Answer (attempts included) as JSON.")
@click.option("--no-cache", is_flag=True, help="Ask the model even when the same request is in the cache.")
@click.option("--html", "html_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the answer (proof, program, every attempt) as a self-contained HTML page to FILE.")
@sampling_options
@strategy_options
def ask(question: str, model: str | None, api_base: str | None, max_attempts: int, semantics: str,
        program_format: str, show_program: bool, as_json: bool, no_cache: bool, html_file: Path | None,
        timeout_s: float | None, temperature: float | None, max_tokens: int | None, structured: bool | None,
        prompt_style: str, strategy: str, samples: int, rounds: int, parts: int, check_core: bool) -> None:
    """Answer a yes/no QUESTION: an LLM writes the program, pot checks, repairs and decides it.

    Exits 3 when no valid program came after --max-attempts, 4 when the provider
    fails (bad key, unknown model, retries exhausted). A strategy that abstains on
    purpose (self-consistency's samples conflict, a core fact disowned) exits 0.
    """
    if not question.strip():
        raise click.UsageError("the question is empty: pot ask \"Would a pear sink in water?\"")
    model = model_or_usage_error(model)
    from pot.errors import ExitCode
    from pot.llm.client import DEFAULT_MAX_TOKENS, DEFAULT_TIMEOUT_S, check_key

    check_key(model, api_base)  # no key: say so before the seconds-long import of litellm
    from pot.llm.render_answer import answer_text
    from pot.proof_of_thought import ProofOfThought  # the LLM layer: only `ask` pays its import
    from pot.waiting import waiting

    asker = ProofOfThought(model, max_attempts=max_attempts, semantics=semantics, api_base=api_base,
                           cache=not no_cache, max_tokens=max_tokens or DEFAULT_MAX_TOKENS,
                           temperature=temperature or 0.0, timeout_s=timeout_s or DEFAULT_TIMEOUT_S,
                           format=program_format, structured_output=structured, prompt=prompt_style,
                           strategy=strategy, samples=samples, rounds=rounds, parts=parts, check_core=check_core)
    with waiting(model, max_attempts) as spinner:
        answer = asker.query(question, on_attempt=spinner, on_tokens=spinner.tokens)
    abstained = answer.strategy is not None and answer.strategy.abstained
    if html_file is not None:
        from pot.report import answer_html

        write_html(html_file, answer_html(answer))
    if as_json:
        click.echo(answer.model_dump_json(indent=2))
    else:
        click.echo(answer_text(answer, show_program=show_program), err=answer.verdict is None and not abstained)
    if answer.verdict is None and not abstained:
        sys.exit(ExitCode.INVALID_PROGRAM)


@cli.command("eval")
@click.argument("dataset", required=False)
@click.option("--data", type=click.Path(path_type=Path),
              help="The dataset file, JSON list or JSONL (see `pot eval datasets` for each one's fields).")
@click.option("--question-field", help="The field holding the question text [default: the dataset's, else question].")
@click.option("--answer-field", help="The field holding the gold answer: a boolean, yes/no, true/false or A/B "
                                     "[default: the dataset's, else answer].")
@click.option("--id-field", help="The field holding a unique id [default: the dataset's, else id].")
@click.option("--model", help="A litellm model string [default: $POT_MODEL].")
@click.option("--api-base", help=API_BASE_HELP)
@click.option("--limit", type=int, help="At most N questions (after --offset).")
@click.option("--offset", type=int, default=0, show_default=True, help="Skip the first K questions.")
@click.option("--sample", type=int, help="A random sample of N questions from the --offset/--limit slice.")
@click.option("--seed", type=int, default=0, show_default=True, help="The seed of --sample.")
@click.option("--concurrency", type=int, default=8, show_default=True, help="Questions in flight at once.")
@click.option("--max-attempts", type=int, default=3, show_default=True, help="Programs to request per question.")
@click.option("--semantics", type=SEMANTICS, default=Semantics.ENTAIL.value, show_default=True,
              help="How programs are decided (see pot verify --help).")
@click.option("--out", type=click.Path(path_type=Path),
              help="Run directory; an existing one is resumed [default: runs/<dataset>-<model>-<UTC time>; "
                   "with --replay: none].")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as one JSON object.")
@click.option("--no-cache", is_flag=True, help="Ask the model even when the same request is in the cache.")
@click.option("--retry-errors", is_flag=True,
              help="Ask the provider again (not the cache) for the questions that ended in an error.")
@click.option("--replay", type=click.Path(path_type=Path),
              help="Re-verify recorded programs (a replay JSONL file or a run directory) instead of asking an LLM.")
@click.option("--dataset", "replay_dataset", help="With --replay: only the records of this dataset.")
@click.option("--format", "replay_format", type=click.Choice(["json", "smt2"]),
              help="A live run: the language the model writes its programs in [default: json]. With --replay: "
                   "only records of this program format (each record is verified in its own format; the others "
                   "are counted as skipped).")
@sampling_options
@strategy_options
def eval_(dataset: str | None, data: Path | None, question_field: str | None, answer_field: str | None,
          id_field: str | None, model: str | None, api_base: str | None, limit: int | None,
          offset: int, sample: int | None, seed: int, concurrency: int, max_attempts: int, semantics: str,
          out: Path | None, as_json: bool, no_cache: bool, retry_errors: bool, replay: Path | None,
          replay_dataset: str | None, replay_format: str | None, timeout_s: float | None, temperature: float | None,
          max_tokens: int | None, structured: bool | None, prompt_style: str, strategy: str, samples: int,
          rounds: int, parts: int, check_core: bool) -> None:
    """Evaluate on DATASET with an LLM, or re-score recorded programs with --replay.

    \b
    pot eval datasets                                   the known datasets and their fields
    pot eval strategyqa --data strategyqa_train.json --model M [--limit N] [--out RUN_DIR]
    pot eval proofwriter --data proofwriter_test_processed.json --model M   (also prontoqa,
        folio, conditionalqa; accuracy by QDep for ProofWriter)
    pot eval mine --data FILE.jsonl --question-field q --answer-field label --model M
    pot eval --replay FILE.jsonl|RUN_DIR [--dataset D] [--format smt2] [--semantics sat]

    Running the same command on an existing RUN_DIR resumes it. Exits 0 when the run
    completes (errored questions are recorded), 2 on bad data or other parameters than the
    run directory's, 4 when the provider is unusable.
    """
    from pot.eval.evaluate import evaluate, print_summary
    from pot.eval.spec import EvalSpec

    if dataset == "datasets":
        from pot.eval.datasets import datasets_table

        if as_json:
            from pot.eval.datasets import datasets_info

            emit_json(datasets_info())
        else:
            click.echo(datasets_table())
        return
    if replay is None and dataset is not None:
        model_or_usage_error(model)
    spec = EvalSpec.create(dataset=dataset, data=data, model=model, api_base=api_base, limit=limit, offset=offset,
                           sample=sample, seed=seed, concurrency=concurrency, max_attempts=max_attempts,
                           semantics=semantics, out=out, cache=not no_cache, retry_errors=retry_errors,
                           replay=replay, replay_dataset=replay_dataset, replay_format=replay_format,
                           id_field=id_field, question_field=question_field, answer_field=answer_field,
                           temperature=temperature, max_tokens=max_tokens, timeout_s=timeout_s,
                           structured=structured, prompt=None if prompt_style == "full" else prompt_style,
                           strategy=strategy, samples=samples, rounds=rounds, parts=parts, check_core=check_core)
    try:
        summary = evaluate(spec)
    except KeyboardInterrupt:
        click.echo("pot eval: finished questions are saved; run the same command to resume", err=True)
        raise
    if as_json:
        click.echo(json.dumps(summary))
    else:
        print_summary(summary)



@cli.command("mcp")
@click.option("--http", "http_port", type=click.IntRange(0, 65535), metavar="PORT",
              help="Serve streamable HTTP on 127.0.0.1:PORT/mcp (0: any free port) instead of stdio.")
@click.option("--model", help="Enable the `ask` tool with this litellm model [default: $POT_MODEL].")
@click.option("--api-base", help="The provider's base URL for `ask`, e.g. a local vLLM or Ollama server.")
def mcp_(http_port: int | None, model: str | None, api_base: str | None) -> None:
    """Serve verify, check, schema (and ask) to agents over the Model Context Protocol.

    Needs the `mcp` extra: pip install 'pot-toolkit[mcp]'. See docs/mcp.md.
    """
    try:
        from pot.agent.server import serve  # only `pot mcp` imports the MCP SDK
    except ModuleNotFoundError as e:
        raise click.ClickException(f"pot mcp needs the MCP SDK ({e.name} is missing): "
                                   "pip install 'pot-toolkit[mcp]'") from e
    try:
        serve(http_port, model=model, api_base=api_base)
    except OSError as e:  # e.g. the port is taken
        raise click.ClickException(f"cannot serve: {e}") from e


@cli.command()
@click.argument("run_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
def report(run_dir: Path) -> None:
    """Rebuild RUN_DIR/report.html (the run's figures and every question's verdict) from its results.jsonl."""
    from pot.report import write_run_report
    from pot.report.sources import RunReadError

    if not (run_dir / "results.jsonl").is_file():
        raise click.UsageError(f"{run_dir} has no results.jsonl: pass the directory of a pot eval run")
    try:
        path = write_run_report(run_dir)
    except RunReadError as e:
        raise click.UsageError(str(e)) from None
    click.echo(f"report: {path}")


def main() -> None:
    """Entry point: run the CLI and map every failure to its exit code (`pot.errors.exit_code`), never a traceback.

    With --json on the command line every failure is one JSON object on stdout too:
    {"error": {"exit_code": N, "message": "..."}} (an invalid program: its diagnostics)."""
    try:
        _run()
    except SystemExit as e:
        leave_runaway_solvers(e.code)
        raise
    leave_runaway_solvers(0)


def leave_runaway_solvers(code: object) -> None:
    """Exit at once (os._exit) when a solver thread the time limit gave up on still computes
    (see `pot.logic.hard_limit`): nothing it computes is wanted, and tearing the interpreter
    down around a thread that is inside Z3 is not safe."""
    hard_limit = sys.modules.get("pot.logic.hard_limit")
    if hard_limit is None or not hard_limit.runaway():
        return
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    if code is not None and not isinstance(code, int):  # sys.exit("message") prints it and exits 1
        with contextlib.suppress(Exception):
            print(code, file=sys.stderr, flush=True)
        code = 1
    os._exit(code or 0)


def _run() -> None:
    as_json = "--json" in sys.argv[1:sys.argv.index("--") if "--" in sys.argv else None]
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Exit as e:
        sys.exit(e.exit_code)
    except click.exceptions.Abort:
        quiet_exit()
        fail("aborted", 130, as_json)
    except click.ClickException as e:
        code = 2 if isinstance(e, click.UsageError) or e.exit_code == 2 else e.exit_code
        if as_json:
            fail(e.format_message(), code, True)
        e.show()
        sys.exit(code)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(0)
    except BaseException as e:
        if isinstance(e, SystemExit):
            raise
        from pot.errors import ExitCode, ProgramError, exit_code, failure_text

        code = exit_code(e)
        if isinstance(e, ProgramError):
            fail_invalid(e.diagnostics, as_json)
        if code == ExitCode.INTERNAL and os.environ.get("POT_DEBUG"):
            raise
        if code == ExitCode.INTERRUPTED:
            quiet_exit()
        fail("interrupted" if code == ExitCode.INTERRUPTED else failure_text(e), code, as_json)


def fail(message: str, code: int, as_json: bool) -> NoReturn:
    """The failure on stderr, or with --json as one JSON object on stdout; then exit with `code`."""
    if as_json:
        emit_json({"error": {"exit_code": int(code), "message": message}})
    else:
        click.echo(message, err=True)
    sys.exit(code)


def quiet_exit() -> None:
    """After Ctrl-C: half-finished coroutines and sockets are collected on the way out; their
    ResourceWarnings and "never awaited" notes say nothing to the user."""
    import warnings

    warnings.simplefilter("ignore")
    sys.unraisablehook = lambda _: None
