"""What `pot eval` is asked to do, as one frozen value: built once from the command line, checked, passed on.

`parameters()` is what decides the answers (a resumed run must match it); `info()` is how
and where from (concurrency, cache, api_base), which may change between resumes.
"""

from __future__ import annotations

import os
import re
import shlex
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from pot.errors import UsageError
from pot.eval.datasets import DATASETS, DatasetFormat, dataset_format
from pot.logic.verdict import Semantics
from pot.strategy import Strategy


@dataclass(frozen=True)
class EvalSpec:
    """A live run (`dataset`, `data`, `model`) or a replay (`replay`); `check()` says which problems it has."""

    dataset: str | None = None
    data: Path | None = None
    model: str | None = None
    api_base: str | None = None
    limit: int | None = None
    offset: int = 0
    sample: int | None = None
    seed: int = 0
    concurrency: int = 8
    max_attempts: int = 3
    semantics: Semantics = Semantics.ENTAIL
    out: Path | None = None
    cache: bool = True
    retry_errors: bool = False
    replay: Path | None = None
    replay_dataset: str | None = None
    replay_format: Literal["json", "smt2"] | None = None
    id_field: str | None = None
    question_field: str | None = None
    answer_field: str | None = None
    temperature: float | None = None  # None: the client's default (0)
    max_tokens: int | None = None
    timeout_s: float | None = None  # per provider request; None: the client's default
    strategy: Strategy = Strategy.PLAIN  # docs/strategies.md
    samples: int = 5  # self-consistency
    rounds: int = 2  # self-refine, counterexample
    parts: int = 4  # decomposed, least-to-most
    check_core: bool = False  # counterexample
    structured: bool | None = None  # None: the client's default (when litellm knows the model supports it)
    prompt: str | None = None  # "compact", or None: the full system prompt

    @classmethod
    def create(cls, **fields: Any) -> EvalSpec:
        """A checked spec: `semantics` parsed, the model taken from $POT_MODEL when not given.

        Raises UsageError naming the first problem."""
        fields["semantics"] = _semantics(fields.get("semantics", Semantics.ENTAIL))
        fields["strategy"] = _strategy(fields.get("strategy", Strategy.PLAIN))
        fields["model"] = fields.get("model") or os.environ.get("POT_MODEL") or None
        spec = cls(**fields)
        problem = spec.problem()
        if problem:
            raise UsageError(problem)
        return spec

    @property
    def is_replay(self) -> bool:
        return self.replay is not None

    def problem(self) -> str | None:
        if self.replay is not None:
            if self.dataset or self.data:
                return "give either a dataset or --replay, not both"
            if self.strategy != Strategy.PLAIN:
                return "--strategy asks a model: a --replay re-verifies recorded programs and asks none"
            return self._number_problem()
        if self.replay_dataset:
            return "--dataset filters a --replay; a live run names its dataset first: pot eval strategyqa"
        if self.dataset is None:
            return f"name a dataset ({', '.join(DATASETS)}) or use --replay FILE"
        try:
            self.dataset_format()
        except UsageError as exc:
            return str(exc)
        if self.data is None:
            return "--data PATH is required (the dataset file, JSON or JSONL)"
        if not self.model:
            return "--model is required (or set POT_MODEL)"
        return self._number_problem()

    def _number_problem(self) -> str | None:
        if self.offset < 0:
            return "--offset must be 0 or more"
        if self.temperature is not None and not 0 <= self.temperature <= 2:
            return "--temperature must be between 0 and 2"
        if self.timeout_s is not None and self.timeout_s <= 0:
            return "--timeout must be more than 0 seconds"
        numbers = {"--limit": self.limit, "--sample": self.sample, "--concurrency": self.concurrency,
                   "--max-attempts": self.max_attempts, "--max-tokens": self.max_tokens, "--samples": self.samples,
                   "--rounds": self.rounds, "--parts": self.parts}
        bad = [name for name, value in numbers.items() if value is not None and value < 1]
        return f"{', '.join(bad)} must be at least 1" if bad else None

    def dataset_format(self) -> DatasetFormat:
        """The fields to read from --data (a known dataset's, or the --*-field options')."""
        assert self.dataset is not None
        return dataset_format(self.dataset, id_field=self.id_field, question_field=self.question_field,
                              answer_field=self.answer_field)

    def run_dir(self) -> Path:
        """--out, or runs/<dataset>-<model>-<UTC time> for a live run."""
        if self.out is not None:
            return self.out
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        return Path("runs") / f"{self.dataset}-{re.sub(r'[^A-Za-z0-9._-]+', '_', self.model or '')}-{stamp}"

    def parameters(self, data_sha256: str) -> dict[str, Any]:
        """What decides a live run's answers; a resumed run directory must have the same."""
        return {"dataset": self.dataset, "data_sha256": data_sha256, "model": self.model,
                "semantics": str(self.semantics), "max_attempts": self.max_attempts, "offset": self.offset,
                "limit": self.limit, "sample": self.sample, "seed": self.seed if self.sample is not None else None,
                **self._sampling()}

    def _sampling(self) -> dict[str, Any]:
        """Parameters that change answers only when set (absent from older runs' run.json)."""
        fields = {"format": self.replay_format, "temperature": self.temperature, "max_tokens": self.max_tokens,
                  "structured": self.structured,
                  "prompt": self.prompt, "id_field": self.id_field,
                  "question_field": self.question_field, "answer_field": self.answer_field}
        return {name: value for name, value in fields.items() if value is not None} | self._strategy()

    def _strategy(self) -> dict[str, Any]:
        """The strategy and the options it reads (none for the plain run, as older runs' run.json)."""
        used = {Strategy.SELF_CONSISTENCY: ("samples",), Strategy.SELF_REFINE: ("rounds",),
                Strategy.DECOMPOSED: ("parts",), Strategy.LEAST_TO_MOST: ("parts",),
                Strategy.COUNTEREXAMPLE: ("rounds", "check_core")}.get(self.strategy)
        if used is None:
            return {}
        return {"strategy": self.strategy.value, **{name: getattr(self, name) for name in used}}

    def replay_parameters(self, replay_sha256: str) -> dict[str, Any]:
        selection = {"offset": self.offset or None, "limit": self.limit, "sample": self.sample,
                     "seed": self.seed if self.sample is not None else None}
        return {"replay_sha256": replay_sha256, "dataset": self.replay_dataset, "format": self.replay_format,
                "semantics": str(self.semantics), **{k: v for k, v in selection.items() if v is not None}}

    def info(self) -> dict[str, Any]:
        """How the run was made; free to change between resumes."""
        return {"command": command_line(), "options": {"api_base": self.api_base, "concurrency": self.concurrency,
                                                       "cache": self.cache, "timeout_s": self.timeout_s}}


def command_line() -> str:
    return "pot " + shlex.join(sys.argv[1:])


def _strategy(value: object) -> Strategy:
    try:
        return Strategy.parse(value)
    except ValueError as exc:
        raise UsageError(f"--{exc}") from None


def _semantics(value: object) -> Semantics:
    try:
        return Semantics.parse(value)
    except ValueError as exc:
        raise UsageError(f"--{exc}") from None
