"""The result record is a contract other tools read: its committed schema, old lines, new lines."""

import json

import jsonschema
import pytest
from eval_helpers import REPO
from pydantic import ValidationError

from pot.eval.records import ResultRecord, read_record, result_record, schema
from pot.logic.verdict import ClaimKind, ClaimResult, Semantics, Verdict, VerdictKind

SCHEMA_FILE = REPO / "docs" / "result-record.schema.json"
QUESTION = {"id": "q1", "dataset": "strategyqa", "question": "Is it good?", "ground_truth": True}
# a line as the first live runs wrote it, before the record had a model: kept readable
OLD_LINE = ('{"id": "q1", "dataset": "strategyqa", "model": "openai/m", "format": "json", "question": "Is it good?", '
            '"ground_truth": true, "program": {"verifications": []}, "answer": null, "kind": null, "reason": null, '
            '"error": "no verdict", "attempts": [{"index": 1, "error": "bad", "diagnostics": ["x"], '
            '"prompt_tokens": 1, "completion_tokens": 2, "cost_usd": null, "latency_s": 0.1, "cached": false, '
            '"transport_retries": 0}], '
            '"num_attempts": 1, "prompt_tokens": 1, "completion_tokens": 2, "tokens": 3, "cost_usd": null, '
            '"latency_s": 0.2, "verdict": null}')


def test_committed_schema_matches_the_model():
    assert SCHEMA_FILE.exists(), "docs/result-record.schema.json is missing: python -m pot.eval.records > it"
    committed = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert committed == schema(), "the record schema drifted: regenerate it with python -m pot.eval.records"


def test_schema_is_valid_and_accepts_written_records():
    jsonschema.Draft202012Validator.check_schema(schema())
    validator = jsonschema.Draft202012Validator(schema())
    verdict = Verdict(semantics=Semantics.ENTAIL, answer=True, kind=VerdictKind.PROVED, reason="r",
                      results=[ClaimResult(id="verifications[0]", text="p", kind=ClaimKind.PROVED, answer=True,
                                           reason="r", core=[])])
    for record in (result_record(QUESTION, model="m", program=None, verdict=verdict, error=None, num_attempts=1),
                   result_record(QUESTION, model=None, program="{", verdict=None, error=None),
                   json.loads(OLD_LINE)):
        assert list(validator.iter_errors(record)) == []


def test_an_old_line_reads_back_unchanged():
    assert read_record(OLD_LINE) == json.loads(OLD_LINE)


def test_error_is_set_exactly_when_there_is_no_verdict():
    record = result_record(QUESTION, model="m", program=None, verdict=None, error=None)
    assert (record["error"], record["answer"], record["verdict"]) == ("no verdict", None, None)
    assert "attempts" not in record and "reference" not in record  # absent parts are not claimed empty


def test_a_line_missing_what_every_record_has_is_refused():
    with pytest.raises(ValidationError):
        ResultRecord.model_validate({"id": "q1", "error": None})
