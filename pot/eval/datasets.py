"""Loading and selecting questions; a bad file is a `DatasetError` (CLI exit 2).

A question is a plain dict with the fields result records share with the replay corpus:
`id, dataset, question, ground_truth`.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pot.errors import UsageError

_MAX_REPORTED = 5


class DatasetError(UsageError):
    """A data file is missing or has the wrong shape."""


def read_json_items(path: Path) -> list[tuple[str, Any]]:
    """(location, value) for each item of a JSON list or a JSONL file.

    A JSONL file whose last line is cut off (no newline, not JSON) loses that line only:
    it is what a killed writer leaves behind.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DatasetError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise DatasetError(f"{path}: is a directory, not a data file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DatasetError(f"{path}: cannot read: {exc}") from None
    if text.lstrip().startswith("["):
        try:
            items = json.loads(text)
        except json.JSONDecodeError as exc:
            raise DatasetError(f"{path}: not valid JSON: {exc}") from None
        return [(f"item {i}", item) for i, item in enumerate(items)]
    lines = text.split("\n")
    out = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            out.append((f"line {number}", json.loads(line)))
        except json.JSONDecodeError as exc:
            if number == len(lines):  # torn last line: no newline after it
                continue
            raise DatasetError(f"{path}: line {number} is not JSON: {exc}") from None
    if not out:
        raise DatasetError(f"{path}: no records (expected a JSON list or JSON lines)")
    return out


def check_items(path: Path, items: list[tuple[str, Any]], fields: dict[str, tuple[type, ...]]) -> None:
    """Raise one `DatasetError` listing the first few items that lack a field or have the wrong type."""
    problems = []
    for where, item in items:
        if not isinstance(item, dict):
            problems.append(f"{where}: expected an object, got {type(item).__name__}")
            continue
        for name, types in fields.items():
            value = item.get(name)
            if name not in item or not isinstance(value, types):
                wanted = " or ".join("null" if t is type(None) else t.__name__ for t in types)
                got = "missing" if name not in item else f"got {json.dumps(value)[:40]}"
                problems.append(f"{where}: field '{name}' must be {wanted} ({got})")
    if problems:
        more = f"\n  … and {len(problems) - _MAX_REPORTED} more" if len(problems) > _MAX_REPORTED else ""
        raise DatasetError(f"{path}: bad records:\n  " + "\n  ".join(problems[:_MAX_REPORTED]) + more)


@dataclass(frozen=True)
class DatasetFormat:
    """Where a dataset file keeps each question's id, text and gold answer (and a breakdown field)."""

    name: str
    file: str  # the original's processed file name, as in ../shared/data
    id_field: str = "id"
    question_field: str = "question"
    answer_field: str = "answer"
    group_field: str | None = None  # summaries break accuracy down by this field's values
    repeated_ids: bool = False  # the file reuses ids: later ones get '#2', '#3', … appended
    about: str = ""

    def with_fields(self, *, id_field: str | None = None, question_field: str | None = None,
                    answer_field: str | None = None) -> DatasetFormat:
        return replace(self, id_field=id_field or self.id_field, question_field=question_field or self.question_field,
                       answer_field=answer_field or self.answer_field)


DATASETS: dict[str, DatasetFormat] = {d.name: d for d in (
    DatasetFormat("strategyqa", "strategyqa_train.json", id_field="qid",
                  about="StrategyQA training split (JSON list of {qid, question, answer, facts, …})"),
    DatasetFormat("prontoqa", "ProntoQA_dev_processed.json", about="ProntoQA dev, context + question"),
    DatasetFormat("proofwriter", "proofwriter_test_processed.json", group_field="QDep", repeated_ids=True,
                  about="ProofWriter test, theory + question; accuracy by reasoning depth QDep"),
    DatasetFormat("folio", "folio_v2_train_processed.json", about="FOLIO v2 train, premises + statement "
                  "(Uncertain items left out)"),
    DatasetFormat("conditionalqa", "conditionalqa_replay100.jsonl", about="ConditionalQA, scenario + question "
                  "+ document (the replay corpus's 100)"),
)}

TRUE_WORDS = frozenset({"true", "yes", "a", "t", "y"})
FALSE_WORDS = frozenset({"false", "no", "b", "f", "n"})


def dataset_format(name: str, *, id_field: str | None = None, question_field: str | None = None,
                   answer_field: str | None = None) -> DatasetFormat:
    """A known dataset's format (fields overridable), or any other NAME when a field is named."""
    if name in DATASETS:
        return DATASETS[name].with_fields(id_field=id_field, question_field=question_field,
                                          answer_field=answer_field)
    if not (id_field or question_field or answer_field):
        raise UsageError(f"unknown dataset {name!r} (known: {', '.join(DATASETS)}); for another labelled file "
                         "name its fields: --question-field, --answer-field, --id-field")
    return DatasetFormat(name, "", id_field=id_field or "id", question_field=question_field or "question",
                         answer_field=answer_field or "answer")


def gold_answer(value: object) -> bool | None:
    """True/False from a boolean or the usual words (yes/no, true/false, A/B; any case); None otherwise."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        word = value.strip().lower()
        return True if word in TRUE_WORDS else False if word in FALSE_WORDS else None
    return None


def load_questions(path: Path, fmt: DatasetFormat) -> list[dict[str, Any]]:
    """The questions of a dataset file; one DatasetError listing the first records that do not fit."""
    items = read_json_items(path)
    problems: list[str] = []
    questions: list[dict[str, Any]] = []
    for where, item in items:
        if not isinstance(item, dict):
            problems.append(f"{where}: expected an object, got {type(item).__name__}")
            continue
        ident = item.get(fmt.id_field)
        label = f"{where} (id {json.dumps(ident)[:40]})" if ident is not None else where
        text, gold = item.get(fmt.question_field), gold_answer(item.get(fmt.answer_field))
        if not isinstance(ident, (str, int)) or isinstance(ident, bool):
            problems.append(f"{label}: field '{fmt.id_field}' must be str ({_got(item, fmt.id_field)})")
        if not isinstance(text, str) or not text.strip():
            problems.append(f"{label}: field '{fmt.question_field}' must be a non-empty str "
                            f"({_got(item, fmt.question_field)})")
        if gold is None:
            problems.append(f"{label}: field '{fmt.answer_field}' must be bool or yes/no, true/false, A/B "
                            f"({_got(item, fmt.answer_field)})")
        if problems:
            continue
        question = {"id": str(ident), "dataset": fmt.name, "question": text, "ground_truth": gold}
        if fmt.group_field is not None and item.get(fmt.group_field) is not None:
            question["group"] = f"{fmt.group_field}={item[fmt.group_field]}"
        questions.append(question)
    if problems:
        more = f"\n  … and {len(problems) - _MAX_REPORTED} more" if len(problems) > _MAX_REPORTED else ""
        raise DatasetError(f"{path}: records that do not fit {fmt.name}:\n  " + "\n  ".join(problems[:_MAX_REPORTED])
                           + more)
    return _unique_ids(path, questions, fmt)


def _got(item: dict[str, Any], name: str) -> str:
    return "missing" if name not in item else f"got {json.dumps(item[name])[:40]}"


def _unique_ids(path: Path, questions: list[dict[str, Any]], fmt: DatasetFormat) -> list[dict[str, Any]]:
    seen: dict[str, int] = {}
    for q in questions:
        n = seen[q["id"]] = seen.get(q["id"], 0) + 1
        if n > 1:
            if not fmt.repeated_ids:
                raise DatasetError(f"{path}: {fmt.id_field} {q['id']!r} appears more than once")
            q["id"] = f"{q['id']}#{n}"
    return questions


def load_strategyqa(path: Path) -> list[dict[str, Any]]:
    """StrategyQA as published (JSON list of {qid, question, answer, …}) or as JSONL."""
    return load_questions(path, DATASETS["strategyqa"])


def select(questions: list[dict[str, Any]], *, offset: int = 0, limit: int | None = None,
           sample: int | None = None, seed: int = 0) -> list[dict[str, Any]]:
    """offset/limit cut a slice; sample then draws N of it with `seed`, kept in file order."""
    pool = questions[offset:] if limit is None else questions[offset:offset + limit]
    if sample is not None and sample > len(pool):
        raise DatasetError(f"--sample {sample} is more than the {len(pool)} questions selected")
    if sample is None or sample == len(pool):
        return pool
    picked = sorted(random.Random(seed).sample(range(len(pool)), sample))
    return [pool[i] for i in picked]


def datasets_info() -> list[dict[str, Any]]:
    """The known datasets and the fields `pot eval NAME --data FILE` reads."""
    return [{"name": d.name, "file": d.file, "id_field": d.id_field, "question_field": d.question_field,
             "answer_field": d.answer_field, "breakdown_field": d.group_field, "about": d.about}
            for d in DATASETS.values()]


def datasets_table() -> str:
    rows = [("dataset", "original file", "fields (id, question, answer)", "breakdown")]
    rows += [(d.name, d.file, f"{d.id_field}, {d.question_field}, {d.answer_field}", d.group_field or "-")
             for d in DATASETS.values()]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    return "\n".join([*lines, "", "Answers may be booleans or yes/no, true/false, A/B. Any other labelled JSON or "
                              "JSONL file: pot eval NAME --data FILE --question-field Q --answer-field A "
                              "[--id-field I]."])
