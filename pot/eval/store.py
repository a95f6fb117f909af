"""A run directory's files, written so that a SIGKILL at any moment loses nothing finished.

`results.jsonl` gets one complete line per question, in a single write, flushed and
fsync'd; a line cut off by a kill is the only damage possible, and `open_results` cuts it
away before anything is appended.
"""

from __future__ import annotations

import hashlib
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import z3
from pydantic import ValidationError

from pot import __version__
from pot.errors import UsageError
from pot.eval.datasets import DatasetError
from pot.eval.records import read_record

RESULTS = "results.jsonl"


class RunDirError(UsageError):
    """The run directory cannot be used as asked (other parameters, not a run directory)."""


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def prepare_run_dir(run_dir: Path, parameters: dict[str, Any], info: dict[str, Any]) -> None:
    """Create the run directory with its run.json, or check that a resumed one has the same parameters.

    `parameters` holds only what decides the answers (model, data, selection, semantics …);
    how fast or where from (concurrency, cache, api_base) goes in `info` and may change.
    """
    run_json = run_dir / "run.json"
    if run_json.exists():
        old = json.loads(run_json.read_text(encoding="utf-8")).get("parameters", {})
        diffs = [f"{k}: was {old.get(k)!r}, now {parameters.get(k)!r}"
                 for k in sorted(old.keys() | parameters.keys()) if old.get(k) != parameters.get(k)]
        if diffs:
            raise RunDirError(f"{run_dir} was started with other parameters; use the same ones or another "
                              "--out:\n  " + "\n  ".join(diffs))
        return
    if run_dir.exists() and (not run_dir.is_dir() or any(run_dir.iterdir())):
        raise RunDirError(f"{run_dir} exists and is not a run directory (no run.json); choose another --out")
    run_dir.mkdir(parents=True, exist_ok=True)
    write_json(run_json, {**info, "parameters": parameters,
                          "versions": {"pot": __version__, "z3": z3.get_version_string()},
                          "started_at": datetime.now(UTC).isoformat(timespec="seconds")})


def write_json(path: Path, data: dict[str, Any]) -> None:
    """Replace `path` atomically (temp file + rename): readers never see half a file."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def open_results(run_dir: Path, drop_errors: bool = False) -> tuple[list[dict[str, Any]], IO[bytes]]:
    """(finished records, append handle). Drops a torn last line; `drop_errors` also
    removes errored records so they are asked again."""
    path = run_dir / RESULTS
    data = path.read_bytes() if path.exists() else b""
    complete = data[: data.rfind(b"\n") + 1]  # a line without its newline was cut off
    try:
        records = [read_record(line) for line in complete.splitlines() if line.strip()]
    except json.JSONDecodeError as exc:
        raise DatasetError(f"{path}: a complete line is not JSON ({exc}); the file was edited by hand?") from None
    except ValidationError as exc:
        raise DatasetError(f"{path}: a line is not a result record: {exc}") from None
    kept = [r for r in records if not (drop_errors and r.get("error"))]
    if len(kept) != len(records):
        write_results(path, kept)
    elif len(complete) != len(data):
        with open(path, "r+b") as fh:
            fh.truncate(len(complete))
    return kept, open(path, "ab")


def append(fh: IO[bytes], record: dict[str, Any]) -> None:
    """One line, one write, on disk before we go on."""
    fh.write(_line(record))
    fh.flush()
    os.fsync(fh.fileno())


def write_results(path: Path, records: list[dict[str, Any]]) -> None:
    """Replace a results file atomically: a kill leaves the old one or the new one."""
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as fh:
        fh.writelines(_line(r) for r in records)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _line(record: dict[str, Any]) -> bytes:
    return (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
