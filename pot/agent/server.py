"""The MCP server: pot's verify, check, schema (and ask) as tools, its language as resources.

Every tool answers with a result, never a dropped connection: an invalid program is an
error result carrying the same diagnostics as `pot check --json`, an unexpected failure
an error result of one line. `verify` runs Z3 in child processes (pot.isolated): one
long program does not stall the others, and a computation Z3 cannot interrupt is stopped with
its process instead of keeping a core busy for as long as the server lives. `ask` decides the
programs the model writes in the same child processes. The LLM layer
(litellm) is imported only when `ask` is first called.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import socket
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Annotated, Any, Literal

import anyio.to_thread
from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.resources import TextResource
from mcp.types import CallToolResult, TextContent, ToolAnnotations
from pydantic import BaseModel, Field, RootModel, WithJsonSchema

import pot
from pot.agent import library
from pot.errors import Diagnostic, ProviderError, UsageError, error, errors_only
from pot.isolated import ChildPool, Failed, Invalid, SolverFailed
from pot.logic.verdict import DEFAULT_TIMEOUT_MS, Semantics, Verdict
from pot.strategy import Strategy

MAX_TIMEOUT_MS = 600_000
"""The longest solver time limit a client may ask for (ten minutes per check)."""

INSTRUCTIONS = (
    "pot decides yes/no claims with logic programs checked by the Z3 solver. Read the resource "
    f"{library.SPEC_URI} (and the examples under pot://dsl/examples/) to learn the JSON program language, "
    "write a program, `check` it, then `verify` it: the verdict says proved, refuted, unknown, inconsistent "
    "or undecided, with the premises or the counter-model behind it."
)


class VerdictReport(RootModel[Verdict]):
    """The result of `verify`: the Verdict's JSON (a plain dataclass: this gives the tool its output schema)."""


class CheckReport(BaseModel):
    """The result of `check`, the shape `pot check --json` prints."""

    valid: bool
    diagnostics: list[Diagnostic]


ProgramArg = Annotated[
    Any,
    WithJsonSchema({"type": ["object", "string"]}),
    Field(description="The program: a JSON object or its JSON text (the JSON DSL, see "
                      f"{library.SPEC_URI}), or SMT-LIB 2 text with format 'smt2'."),
]
FormatArg = Annotated[
    Literal["json", "smt2"] | None,
    Field(description="The program's language: json (the DSL) or smt2 (SMT-LIB 2; the last assertion before "
                      "each check-sat, or one named claim_..., is the claim). Default: json."),
]
SemanticsArg = Annotated[
    Semantics,
    Field(description="entail: a claim is proved/refuted only when the premises entail it (or its negation). "
                      "sat: the original Proof of Thought rule, a claim is 'sat' when merely consistent with "
                      "the premises."),
]
StrategyArg = Annotated[
    Strategy,
    Field(description="How many programs the question gets (docs/strategies.md): plain (one, repaired until "
                      "valid), self-consistency (`samples` independent programs, a vote weighed by evidence), "
                      "self-refine (critique and rewrite, `rounds` times), decomposed and least-to-most "
                      "(sub-questions first, at most `parts`), counterexample (an open answer goes back to the "
                      "model with the worlds the solver found, `rounds` times)."),
]
CrossCheckArg = Annotated[
    bool,
    Field(description="Also decide every claim with cvc5, a second solver, and record per claim whether it agrees "
                      "with Z3 (`cross_check`); needs cvc5 installed on the server (pot-toolkit[cvc5])."),
]
TimeoutArg = Annotated[
    int,
    Field(ge=1, le=MAX_TIMEOUT_MS,
          description="Time limit of the whole verification, in milliseconds; claims left when it runs out are "
                      "'undecided'."),
]

_READ_ONLY = ToolAnnotations(read_only_hint=True, destructive_hint=False, idempotent_hint=True,
                             open_world_hint=False)


def _result(data: dict[str, Any], *, is_error: bool = False) -> CallToolResult:
    """One JSON text block for the model, the same data as structured content for programs."""
    text = json.dumps(data, ensure_ascii=False)
    return CallToolResult(content=[TextContent(type="text", text=text)], structured_content=data, is_error=is_error)


def _invalid(diagnostics: list[Diagnostic]) -> CallToolResult:
    return _result(CheckReport(valid=False, diagnostics=diagnostics).model_dump(mode="json"), is_error=True)


def _failure(kind: str, problem: BaseException | str) -> CallToolResult:
    """A failure that is not the program's fault, in one line (the server keeps serving)."""
    message = problem if isinstance(problem, str) else f"{type(problem).__name__}: {problem}"
    return _result({"error": kind, "message": message}, is_error=True)


def _source(program: Any) -> dict | str:
    """What the loader accepts; anything else becomes JSON text, so the loader names its type."""
    return program if isinstance(program, dict | str) else json.dumps(program)


def _wrong_format(program: Any, fmt: str | None) -> list[Diagnostic]:
    """SMT-LIB text sent as JSON gets a diagnostic that says so, not a JSON syntax error at column 1."""
    if fmt == "smt2" and not isinstance(program, str):
        return [error("wrong-format", "", "format 'smt2' takes the script as text", "send the SMT-LIB script as a "
                                                                                      "string")]
    if fmt != "smt2" and isinstance(program, str) and program.lstrip().startswith("("):
        return [error("wrong-format", "", "this reads as SMT-LIB text, not JSON", "pass format 'smt2', or write "
                      f"the program as a JSON object (see {library.SPEC_URI} and `schema`)")]
    return []


async def _cross_checked(verdict: Verdict, source: dict | str, fmt: str | None, timeout_ms: int,
                         memory_mb: int) -> CallToolResult:
    """The verdict with cvc5's answers beside Z3's (pot.smtlib.cross_check: cvc5 runs in a child
    process of its own, held to `memory_mb` and stopped when it overruns its time limit)."""
    from pot.smtlib.cross_check import cross_check_program
    from pot.smtlib.formats import program_format

    run = functools.partial(cross_check_program, verdict, source, program_format(None, fmt), timeout_ms=timeout_ms,
                            memory_mb=memory_mb)
    try:
        await anyio.to_thread.run_sync(run, abandon_on_cancel=True)
    except UsageError as exc:  # cvc5 is not installed, or its process does not start
        return _failure("cross-check-unavailable", str(exc))
    except Exception as exc:  # a bug in pot's cross-check: one line, the server serves on
        return _failure("internal-error", exc)
    return _result(verdict.to_json())


def verify_tool(pool: ChildPool) -> Callable[..., Awaitable[CallToolResult]]:
    """The `verify` tool: each program decided in one of `pool`'s child processes (pot.isolated)."""

    async def verify(program: ProgramArg, semantics: SemanticsArg = Semantics.ENTAIL,
                     timeout_ms: TimeoutArg = DEFAULT_TIMEOUT_MS,
                     evidence: Annotated[bool, Field(description="Compute unsat cores and counter-models.")] = True,
                     format: FormatArg = None,
                     cross_check: CrossCheckArg = False) -> Annotated[CallToolResult, VerdictReport]:
        if refused := _wrong_format(program, format):
            return _invalid(refused)
        source = _source(program)
        outcome = await pool.verify(source, semantics=semantics.value, timeout_ms=timeout_ms,
                                    evidence=evidence, format=format)
        if isinstance(outcome, Invalid):
            return _invalid([Diagnostic.from_json(d) for d in outcome.diagnostics])
        if isinstance(outcome, Failed):
            return _failure("internal-error", outcome.message)
        if cross_check:
            return await _cross_checked(Verdict.from_json(outcome), source, format, timeout_ms, pool.memory_mb)
        return _result(outcome)

    return verify


async def check(program: ProgramArg, format: FormatArg = None) -> Annotated[CallToolResult, CheckReport]:
    if refused := _wrong_format(program, format):
        return _invalid(refused)
    try:
        diagnostics: list[Diagnostic] = await anyio.to_thread.run_sync(
            functools.partial(pot.check, _source(program), format=format))
    except Exception as e:
        return _failure("internal-error", e)
    if errors_only(diagnostics):
        return _invalid(diagnostics)
    return _result(CheckReport(valid=True, diagnostics=diagnostics).model_dump(mode="json"))


def schema() -> CallToolResult:
    from pot.dsl.program import json_schema

    return _result(json_schema())


def ask_tool(default_model: str, api_base: str | None, pool: ChildPool) -> Callable[..., Awaitable[CallToolResult]]:
    """The `ask` tool: one ProofOfThought per (model, semantics, strategy and its options), built on first use;
    its programs are decided in `pool`'s child processes."""
    pots: dict[tuple[Any, ...], Any] = {}

    async def ask(question: Annotated[str, Field(min_length=1, description="A yes/no question.")],
                  model: Annotated[str | None, Field(description="A litellm model string; default: the "
                                                                 "server's model.")] = None,
                  semantics: SemanticsArg = Semantics.ENTAIL,
                  strategy: StrategyArg = Strategy.PLAIN,
                  samples: Annotated[int, Field(ge=1, le=20, description="self-consistency: programs to "
                                                                         "sample.")] = 5,
                  rounds: Annotated[int, Field(ge=1, le=10, description="self-refine and counterexample: "
                                                                        "rounds at most.")] = 2,
                  parts: Annotated[int, Field(ge=1, le=10, description="decomposed and least-to-most: "
                                                                       "sub-questions at most.")] = 4,
                  ) -> CallToolResult:
        from pot.proof_of_thought import ProofOfThought  # the LLM layer: imported on the first question

        key = (model or default_model, semantics, strategy, samples, rounds, parts)
        try:
            if key not in pots:
                pots[key] = ProofOfThought(key[0], semantics=semantics, api_base=api_base, strategy=strategy,
                                           samples=samples, rounds=rounds, parts=parts,
                                           verifier=pool.decide)
            answer = await pots[key].aquery(question)
        except ProviderError as e:
            return _failure("provider-error", e)
        except SolverFailed as e:
            return _failure("solver-failed", str(e))
        except Exception as e:
            return _failure("internal-error", e)
        # The messages sent to the model (the system prompt, every time) would flood the agent's context.
        without_requests = {"attempts": {"__all__": {"request"}}}
        data = answer.model_dump(mode="json", exclude={
            **without_requests, "strategy": {"steps": {"__all__": {"answer": without_requests}}}})
        # an abstention (decided programs that disagree) is an answer, not a failure
        failed = answer.verdict is None and not (answer.strategy is not None and answer.strategy.abstained)
        return _result(data, is_error=failed)

    return ask


def build_server(model: str | None = None, api_base: str | None = None) -> MCPServer:
    """The server; `ask` is registered only when a model is given (or POT_MODEL is set)."""
    pool = ChildPool()

    @contextlib.asynccontextmanager
    async def lifespan(_: MCPServer) -> AsyncIterator[None]:
        try:
            yield
        finally:
            pool.close()

    server: MCPServer = MCPServer("pot", instructions=INSTRUCTIONS, version=pot.__version__, log_level="WARNING",
                                  lifespan=lifespan)
    server.add_tool(verify_tool(pool), annotations=_READ_ONLY, description=(
        "Decide the verifications of a pot program. Returns the Verdict JSON: per claim proved, refuted, "
        "unknown, inconsistent or undecided (Z3 gave up, e.g. timeout), with evidence: the premises that "
        "settle it, or a counter-model. An invalid program gives an error result listing every diagnostic."))
    server.add_tool(check, annotations=_READ_ONLY, description=(
        "Parse and type-check a pot program without solving. Returns {valid, diagnostics}; each diagnostic "
        "has severity, code, path, column, message and hint. An invalid program gives an error result."))
    server.add_tool(schema, annotations=_READ_ONLY, description="The JSON Schema of pot programs.")
    model = model or os.environ.get("POT_MODEL")
    if model:
        server.add_tool(ask_tool(model, api_base, pool), annotations=ToolAnnotations(
            read_only_hint=True, destructive_hint=False, idempotent_hint=False, open_world_hint=True),
            description=(
                "Answer a yes/no question: an LLM writes a pot program, pot checks, repairs and decides it. "
                "Returns the Answer JSON: answer, kind, the program, its verdict and every attempt (without the "
                "messages sent); with a strategy also `strategy`: every step (program and verdict, or text), "
                "the votes and the confidence. An error result when no valid program came or the model "
                "provider failed; a vote that abstains (decided programs disagree) is a result, kind "
                "'no-answer'."))
    for doc in library.documents():
        server.add_resource(TextResource(uri=doc.uri, name=doc.name, description=doc.description,
                                         mime_type=doc.mime_type, text=doc.text))
    return server


def serve(http_port: int | None = None, model: str | None = None, api_base: str | None = None) -> None:
    """Serve over stdio, or streamable HTTP on 127.0.0.1 when a port is given (0: any free port)."""
    server = build_server(model, api_base)
    if http_port is None:
        server.run("stdio")
    else:
        anyio.run(_serve_http, server, http_port)


async def _serve_http(server: MCPServer, port: int) -> None:
    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    url = f"http://127.0.0.1:{sock.getsockname()[1]}/mcp"
    print(f"pot mcp: streamable HTTP at {url}", file=sys.stderr, flush=True)  # the line tests and users read
    config = uvicorn.Config(server.streamable_http_app(host="127.0.0.1"), log_level="warning")
    await uvicorn.Server(config).serve(sockets=[sock])
