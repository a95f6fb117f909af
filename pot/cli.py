"""The `pot` command line: a thin layer over the Python API.

Exit codes, for every command: 0 done (a verdict was produced, whatever it is),
1 internal error, 2 usage error, 3 invalid program, 4 LLM provider failure.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from pot.errors import Diagnostic, ProgramError, ProviderError, errors_only

EXIT_INTERNAL, EXIT_USAGE, EXIT_INVALID, EXIT_PROVIDER = 1, 2, 3, 4

PROGRAM = click.Path(exists=True, dir_okay=False, allow_dash=True, path_type=str)


def read_program(path: str) -> bytes | Path:
    """A program file, or standard input for '-'."""
    return sys.stdin.buffer.read() if path == "-" else Path(path)


def emit_json(data) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


def fail_invalid(diagnostics: list[Diagnostic], as_json: bool) -> None:
    """Report an invalid program (every diagnostic) and exit 3."""
    if as_json:
        emit_json({"valid": False, "diagnostics": [d.model_dump() for d in diagnostics]})
    else:
        from pot.render import diagnostics_text

        n = len(errors_only(diagnostics))
        click.echo(f"invalid program: {n} error{'s' if n != 1 else ''}", err=True)
        click.echo(diagnostics_text(diagnostics), err=True)
    sys.exit(EXIT_INVALID)


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

    Exit codes: 0 done, 1 internal error, 2 usage error, 3 invalid program,
    4 LLM provider failure.
    """


FORMAT = click.option("--format", "program_format", type=click.Choice(["json", "smt2"]),
                      help="The program's language [default: smt2 for a file ending .smt2, else json].")


@cli.command()
@click.argument("program", type=PROGRAM)
@FORMAT
@click.option("--json", "as_json", is_flag=True, help="Print the verdict as JSON.")
@click.option("--semantics", type=click.Choice(["entail", "sat"]), default="entail", show_default=True,
              help="entail: proved/refuted/unknown by entailment. sat: the original Proof of Thought rule "
                   "(a claim is 'true' when merely consistent with the facts).")
@click.option("--timeout-ms", type=click.IntRange(min=1), default=5000, show_default=True,
              help="Z3 time limit for each check.")
@click.option("--no-evidence", is_flag=True, help="Skip unsat cores and counter-models (faster).")
def verify(program: str, program_format: str | None, as_json: bool, semantics: str, timeout_ms: int,
           no_evidence: bool) -> None:
    """Decide the verifications of PROGRAM (a JSON or SMT-LIB 2 file, or - for standard input).

    Prints the verdict (proved, refuted, unknown, inconsistent or undecided) with
    its evidence: the premises that prove or refute each claim, or a counter-model
    that shows why it is not settled.
    """
    from pot.api import verify as run_verify

    try:
        verdict = run_verify(read_program(program), semantics=semantics, timeout_ms=timeout_ms,
                             evidence=not no_evidence, format=program_format)
    except ProgramError as e:
        fail_invalid(e.diagnostics, as_json)
    if as_json:
        click.echo(verdict.model_dump_json(indent=2))
    else:
        from pot.render import verdict_text

        click.echo(verdict_text(verdict))


@cli.command()
@click.argument("program", type=PROGRAM)
@FORMAT
@click.option("--json", "as_json", is_flag=True, help="Print the diagnostics as JSON.")
def check(program: str, program_format: str | None, as_json: bool) -> None:
    """Parse and type-check PROGRAM without solving; list every problem.

    Exits 0 when the program is valid (warnings may be printed), 3 when not.
    """
    from pot.api import check as run_check

    diagnostics = run_check(read_program(program), format=program_format)
    if errors_only(diagnostics):
        fail_invalid(diagnostics, as_json)
    if as_json:
        emit_json({"valid": True, "diagnostics": [d.model_dump() for d in diagnostics]})
        return
    from pot.render import diagnostics_text

    click.echo("valid program" + (f" ({len(diagnostics)} warning(s))" if diagnostics else ""))
    if diagnostics:
        click.echo(diagnostics_text(diagnostics))


@cli.command("export")
@click.argument("program", type=PROGRAM)
@click.option("--to", "target", type=click.Choice(["smt2"]), default="smt2", show_default=True,
              help="The language to write: smt2 is standard SMT-LIB 2.6, which z3 and pot read unchanged.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="Write the script to this file instead of standard output.")
def export(program: str, target: str, output: Path | None) -> None:
    """Translate the JSON program PROGRAM (or - for standard input) into an SMT-LIB 2.6 script.

    Declarations, the premises as named assertions, and each verification decided in its
    own scope by push / assert / check-sat / pop. `pot verify` on the script gives the
    program's verdict. Exits 3 when the program is invalid.
    """
    from pot.smtlib.export import export_smt2

    try:
        text, warnings = export_smt2(read_program(program))
    except ProgramError as e:
        fail_invalid(e.diagnostics, False)
    if warnings:
        from pot.render import diagnostics_text

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


@cli.command()
@click.argument("question")
@click.option("--model", help="A litellm model string, e.g. openai/gpt-4o-mini, anthropic/..., ollama/qwen3 "
                              "[default: $POT_MODEL].")
@click.option("--api-base", help="The provider's base URL, e.g. a local vLLM or Ollama server.")
@click.option("--max-attempts", type=click.IntRange(min=1), default=3, show_default=True,
              help="Programs to request at most: the first, then repairs sent back with the errors.")
@click.option("--semantics", type=click.Choice(["entail", "sat"]), default="entail", show_default=True,
              help="How the program is decided (see pot verify --help).")
@click.option("--show-program", is_flag=True, help="Also print the program the model wrote.")
@click.option("--json", "as_json", is_flag=True, help="Print the whole Answer (attempts included) as JSON.")
@click.option("--no-cache", is_flag=True, help="Ask the model even when the same request is in the cache.")
def ask(question: str, model: str | None, api_base: str | None, max_attempts: int, semantics: str,
        show_program: bool, as_json: bool, no_cache: bool) -> None:
    """Answer a yes/no QUESTION: an LLM writes the program, pot checks, repairs and decides it.

    Exits 3 when no valid program came after --max-attempts, 4 when the provider
    fails (bad key, unknown model, retries exhausted).
    """
    from pot.proof_of_thought import ProofOfThought  # the LLM layer: only `ask` pays its import
    from pot.llm.render import answer_text

    answer = ProofOfThought(model, max_attempts=max_attempts, semantics=semantics, api_base=api_base,
                            cache=not no_cache).query(question)
    if as_json:
        click.echo(answer.model_dump_json(indent=2))
    else:
        click.echo(answer_text(answer, show_program=show_program), err=answer.verdict is None)
    if answer.verdict is None:
        sys.exit(EXIT_INVALID)


@cli.command("eval")
@click.argument("dataset", required=False)
@click.option("--data", type=click.Path(path_type=Path), help="The dataset file: the StrategyQA JSON list, or JSONL.")
@click.option("--model", help="A litellm model string [default: $POT_MODEL].")
@click.option("--api-base", help="The provider's base URL, e.g. a local vLLM or Ollama server.")
@click.option("--limit", type=int, help="At most N questions (after --offset).")
@click.option("--offset", type=int, default=0, show_default=True, help="Skip the first K questions.")
@click.option("--sample", type=int, help="A random sample of N questions from the --offset/--limit slice.")
@click.option("--seed", type=int, default=0, show_default=True, help="The seed of --sample.")
@click.option("--concurrency", type=int, default=8, show_default=True, help="Questions in flight at once.")
@click.option("--max-attempts", type=int, default=3, show_default=True, help="Programs to request per question.")
@click.option("--semantics", type=click.Choice(["entail", "sat"]), default="entail", show_default=True,
              help="How programs are decided (see pot verify --help).")
@click.option("--out", type=click.Path(path_type=Path),
              help="Run directory; an existing one is resumed [default: runs/<dataset>-<model>-<UTC time>; "
                   "with --replay: none].")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as one JSON object.")
@click.option("--no-cache", is_flag=True, help="Ask the model even when the same request is in the cache.")
@click.option("--retry-errors", is_flag=True, help="Ask again the questions that ended in an error.")
@click.option("--replay", type=click.Path(path_type=Path),
              help="Re-verify recorded programs (a replay JSONL file or a run directory) instead of asking an LLM.")
@click.option("--dataset", "replay_dataset", help="With --replay: only the records of this dataset.")
@click.option("--format", "replay_format", type=click.Choice(["json", "smt2"]),
              help="With --replay: only records of this program format (smt2 ones are counted, not verified).")
def eval_(dataset: str | None, data: Path | None, model: str | None, api_base: str | None, limit: int | None,
          offset: int, sample: int | None, seed: int, concurrency: int, max_attempts: int, semantics: str,
          out: Path | None, as_json: bool, no_cache: bool, retry_errors: bool, replay: Path | None,
          replay_dataset: str | None, replay_format: str | None) -> None:
    """Evaluate on DATASET (strategyqa) with an LLM, or re-score recorded programs with --replay.

    \b
    pot eval strategyqa --data strategyqa_train.json --model M [--limit N] [--out RUN_DIR]
    pot eval --replay FILE.jsonl|RUN_DIR [--dataset D] [--format json] [--semantics sat]

    Running the same command on an existing RUN_DIR resumes it. Exits 0 when the run
    completes (errored questions are recorded), 2 on bad data or other parameters than the
    run directory's, 4 when the provider is unusable.
    """
    from pot.eval.cli import eval_command

    sys.exit(eval_command(dataset, data=data, model=model, api_base=api_base, limit=limit, offset=offset,
                          sample=sample, seed=seed, concurrency=concurrency, max_attempts=max_attempts,
                          semantics=semantics, out=out, json_output=as_json, no_cache=no_cache,
                          retry_errors=retry_errors, replay=replay, replay_dataset=replay_dataset,
                          replay_format=replay_format))

def main() -> None:
    """Entry point: run the CLI and map every failure to its exit code, never a traceback."""
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Exit as e:
        sys.exit(e.exit_code)
    except click.ClickException as e:
        e.show()
        sys.exit(EXIT_USAGE if isinstance(e, click.UsageError) or e.exit_code == 2 else e.exit_code)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except ProgramError as e:
        fail_invalid(e.diagnostics, False)
    except ProviderError as e:
        click.echo(f"provider error: {e}", err=True)
        sys.exit(EXIT_PROVIDER)
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(0)
    except Exception as e:  # the last line of defence: one line, no traceback
        if os.environ.get("POT_DEBUG"):
            raise
        click.echo(f"internal error: {type(e).__name__}: {e} (set POT_DEBUG=1 for a traceback)", err=True)
        sys.exit(EXIT_INTERNAL)
