"""Metrics on hand-made records whose right values are worked out by hand."""

from pot.eval.metrics import summarize


def rec(gold, answer, kind, *, dataset="strategyqa", latency=1.0, cost=None, reference=None, attempts=1):
    return {"id": f"{gold}-{answer}-{kind}", "dataset": dataset, "ground_truth": gold, "answer": answer,
            "kind": kind, "error": "no verdict" if kind is None else None, "num_attempts": attempts,
            "prompt_tokens": 10, "completion_tokens": 5, "tokens": 15, "cost_usd": cost, "latency_s": latency,
            **({"reference": {"answer": reference}} if reference is not None else {})}


RECORDS = [
    rec(True, True, "proved", latency=1, cost=0.5, reference=True),     # true positive
    rec(True, False, "refuted", latency=2, cost=0.25, reference=False),  # false negative
    rec(False, False, "refuted", latency=3, reference=True),             # true negative, disagrees with reference
    rec(False, True, "proved", latency=4, attempts=3),                   # false positive
    rec(True, None, "unknown", latency=5),                               # no answer: counted wrong
    rec(False, None, None, latency=6, attempts=3),                       # error
]


def test_entail_metrics_by_hand():
    s = summarize(RECORDS, "entail")
    assert (s["total"], s["answered"], s["correct"], s["errors"]) == (6, 4, 2, 1)
    assert s["accuracy"] == round(2 / 6, 4)
    assert s["precision"] == 0.5  # 1 true positive of 2 answered true
    assert s["recall"] == round(1 / 3, 4)  # 1 of 3 gold-true, the unanswered one included
    assert s["f1"] == 0.4
    assert (s["proved"], s["refuted"], s["unknown"], s["inconsistent"], s["undecided"]) == (2, 2, 1, 0, 0)
    assert (s["sat"], s["unsat"], s["mixed"]) == (None, None, None)
    assert (s["decided_correct"], s["decided_accuracy"]) == (2, 0.5)
    assert s["mean_attempts"] == round(10 / 6, 3)
    assert (s["prompt_tokens"], s["completion_tokens"], s["tokens"]) == (60, 30, 90)
    assert s["cost_usd"] == 0.75
    assert (s["latency_p50_s"], s["latency_p95_s"]) == (3.5, 5.75)
    assert (s["reference_agreement"], s["reference_compared"]) == (round(2 / 3, 4), 3)
    assert "by_dataset" not in s


def test_sat_mode_counts_its_own_kinds_and_decides_over_answered():
    records = [rec(True, True, "sat"), rec(False, False, "unsat"), rec(False, True, "sat"), rec(True, None, "mixed")]
    s = summarize(records, "sat")
    assert (s["sat"], s["unsat"], s["mixed"]) == (2, 1, 1)
    assert all(s[k] is None for k in ("proved", "refuted", "unknown", "inconsistent", "undecided"))
    assert (s["decided_correct"], s["decided_accuracy"]) == (2, round(2 / 3, 4))
    assert s["cost_usd"] is None  # the model has no price
    assert s["reference_agreement"] is None


def test_by_dataset_when_several():
    records = [*RECORDS, rec(True, True, "proved", dataset="folio"), rec(False, True, "proved", dataset="folio")]
    s = summarize(records, "entail")
    assert s["total"] == 8
    assert set(s["by_dataset"]) == {"folio", "strategyqa"}
    assert s["by_dataset"]["folio"]["accuracy"] == 0.5
    assert s["by_dataset"]["strategyqa"]["accuracy"] == round(2 / 6, 4)


def test_degenerate_cases_give_nulls_not_crashes():
    s = summarize([], "entail")
    assert s["total"] == 0 and s["accuracy"] is None and s["f1"] is None and s["latency_p50_s"] is None
    s = summarize([rec(True, False, "refuted")], "entail")
    assert (s["precision"], s["recall"], s["f1"]) == (None, 0.0, None)
    s = summarize([rec(False, True, "proved"), rec(True, False, "refuted")], "entail")
    assert (s["precision"], s["recall"], s["f1"]) == (0.0, 0.0, 0.0)
