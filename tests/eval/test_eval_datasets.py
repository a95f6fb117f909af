"""Loading and selecting questions; every malformed file is exit 2 with a message that says what is wrong."""

import json

import pytest
from corpus import SHARED
from eval_helpers import pot_eval, write_dataset

from pot.errors import UsageError
from pot.eval.datasets import DATASETS, DatasetError, dataset_format, load_questions, load_strategyqa, select


def test_json_list_and_jsonl_give_the_same_questions(tmp_path):
    path = write_dataset(tmp_path / "d.json", [("[true]", True), ("[false]", False)])
    jsonl = tmp_path / "d.jsonl"
    jsonl.write_text("\n".join(json.dumps(x) for x in json.loads(path.read_text())) + "\n")
    assert load_strategyqa(path) == load_strategyqa(jsonl)
    assert load_strategyqa(path)[1] == {"id": "q001", "dataset": "strategyqa", "question": "Question 1 [false]?",
                                        "ground_truth": False}


def test_selection_offset_limit_and_seeded_sample():
    questions = [{"id": str(i)} for i in range(100)]
    assert [q["id"] for q in select(questions, offset=10, limit=3)] == ["10", "11", "12"]
    sample = select(questions, sample=10, seed=7)
    assert sample == select(questions, sample=10, seed=7) != select(questions, sample=10, seed=8)
    assert [int(q["id"]) for q in sample] == sorted(int(q["id"]) for q in sample)
    assert all(10 <= int(q["id"]) < 30 for q in select(questions, offset=10, limit=20, sample=5))
    with pytest.raises(DatasetError, match="--sample 500 is more than the 100 questions"):
        select(questions, sample=500)
    assert len(select(questions, sample=100)) == 100


@pytest.mark.skipif(not (SHARED / "data" / "strategyqa_train.json").exists(), reason="../shared/data is absent")
def test_the_official_training_file_loads():
    questions = load_strategyqa(SHARED / "data" / "strategyqa_train.json")
    assert len(questions) == 2290 and questions[0]["id"] == "b8677742616fef051f00"


BAD = {
    "not-json.json": ("[{\"qid\": ", "not valid JSON"),
    "object.json": ("{\"data\": []}", "field 'qid' must be str (missing)"),
    "string-answer.json": (json.dumps([{"qid": "a", "question": "q?", "answer": "maybe"}]),
                           "item 0 (id \"a\"): field 'answer' must be bool or yes/no, true/false, A/B (got \"maybe\")"),
    "no-question.jsonl": (json.dumps({"qid": "a", "answer": True}) + "\n",
                          "line 1 (id \"a\"): field 'question' must be a non-empty str (missing)"),
    "scalar.json": ("[1, 2]", "item 0: expected an object"),
    "duplicate.json": (json.dumps([{"qid": "a", "question": "q?", "answer": True}] * 2), "appears more than once"),
    "empty.json": ("", "no records"),
    "bad-line.jsonl": ('{"qid": "a", "question": "q?", "answer": true}\nnot json\n{}\n', "line 2 is not JSON"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_malformed_dataset_exits_2_with_a_clear_message(tmp_path, capsys, name):
    text, message = BAD[name]
    (tmp_path / name).write_text(text)
    code = pot_eval("strategyqa", data=tmp_path / name, model="openai/fake", out=tmp_path / "run")
    assert code == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not (tmp_path / "run").exists()


def test_missing_file_directory_and_usage_errors_exit_2(tmp_path, capsys):
    assert pot_eval("strategyqa", data=tmp_path / "nope.json", model="m") == 2
    assert "no such file" in capsys.readouterr().err
    assert pot_eval("strategyqa", data=tmp_path, model="m") == 2
    assert "is a directory" in capsys.readouterr().err
    path = write_dataset(tmp_path / "d.json", [("[true]", True)])
    assert pot_eval("strategyqa", data=path, model=None) == 2
    assert "no model: pass --model" in capsys.readouterr().err
    assert pot_eval("strategyqa", data=path, model="m", concurrency=0) == 2
    assert pot_eval("strategyqa", data=path, model="m", offset=5, out=tmp_path / "r") == 2
    assert "selection" in capsys.readouterr().err
    assert pot_eval(None, data=path, model="m") == 2
    assert pot_eval("strategyqa", replay=path) == 2
    assert pot_eval("strategyqa", data=path, model="m", replay_dataset="folio") == 2
    assert "--dataset filters a --replay" in capsys.readouterr().err
    assert pot_eval("strategyqa", data=path, model="m", out=tmp_path / "d.json") == 2  # --out is a file
    assert "not a run directory" in capsys.readouterr().err


def test_dataset_errors_raise_dataset_error(tmp_path):
    with pytest.raises(DatasetError, match="no such file"):
        load_strategyqa(tmp_path / "x.json")


def test_any_labelled_file_with_named_fields_and_word_answers(tmp_path):
    path = tmp_path / "mine.jsonl"
    rows = [{"key": 7, "text": "Is it good? [true]", "label": "A"}, {"key": 8, "text": "Bad? [false]", "label": "no"},
            {"key": 9, "text": "Sure? [true]", "label": "TRUE"}]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    fmt = dataset_format("mine", id_field="key", question_field="text", answer_field="label")
    questions = load_questions(path, fmt)
    assert [(q["id"], q["dataset"], q["ground_truth"]) for q in questions] == [("7", "mine", True),
                                                                              ("8", "mine", False),
                                                                              ("9", "mine", True)]
    with pytest.raises(UsageError, match=r"unknown dataset 'mine'.*--question-field"):
        dataset_format("mine")
    rows[1]["label"] = "perhaps"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    with pytest.raises(DatasetError, match='line 2 \\(id 8\\): field \'label\' must be bool or yes/no'):
        load_questions(path, fmt)


def test_pot_eval_datasets_lists_the_five_with_their_fields(capsys):
    assert pot_eval("datasets") == 0
    out = capsys.readouterr().out
    for name, file in [("strategyqa", "strategyqa_train.json"), ("prontoqa", "ProntoQA_dev_processed.json"),
                       ("proofwriter", "proofwriter_test_processed.json"), ("folio", "folio_v2_train_processed.json"),
                       ("conditionalqa", "conditionalqa_replay100.jsonl")]:
        assert name in out and file in out
    assert "QDep" in out and "--question-field" in out
    assert pot_eval("datasets", json_output=True) == 0
    assert [d["name"] for d in json.loads(capsys.readouterr().out)] == sorted(DATASETS, key=list(DATASETS).index)


@pytest.mark.skipif(not (SHARED / "data").is_dir(), reason="../shared/data is absent")
@pytest.mark.parametrize("name, count", [("strategyqa", 2290), ("prontoqa", 500), ("proofwriter", 1000),
                                         ("folio", 677), ("conditionalqa", 100)])
def test_the_original_processed_files_load_as_they_are(name, count):
    questions = load_questions(SHARED / "data" / DATASETS[name].file, DATASETS[name])
    assert len(questions) == count and len({q["id"] for q in questions}) == count
    assert all(isinstance(q["ground_truth"], bool) and q["question"] for q in questions)
    if name == "proofwriter":  # ids repeat in the file (one theory, several questions): later ones are numbered
        assert {q["group"] for q in questions} >= {"QDep=0", "QDep=1"} and any("#2" in q["id"] for q in questions)


def test_a_sample_larger_than_the_data_is_refused(tmp_path, capsys):
    path = write_dataset(tmp_path / "d.json", [("[true]", True)] * 3)
    assert pot_eval("strategyqa", data=path, model="m", sample=5, out=tmp_path / "r") == 2
    assert "--sample 5 is more than the 3 questions" in capsys.readouterr().err


def test_replay_honours_offset_limit_and_sample_and_says_what_it_skipped(tmp_path, capsys):
    from fakes.openai_server import marker_program

    path = tmp_path / "rec.jsonl"
    path.write_text("".join(json.dumps({"id": f"r{i}", "dataset": "strategyqa", "question": f"q{i}?",
                                        "ground_truth": True, "program": marker_program("[true]")}) + "\n"
                            for i in range(10)))
    assert pot_eval(replay=path, offset=2, limit=5, sample=3, seed=1, json_output=True) == 0
    s = json.loads(capsys.readouterr().out)
    assert (s["total"], s["skipped"], s["skipped_reasons"]) == (3, 7, {"outside --offset/--limit/--sample": 7})
    assert pot_eval(replay=path, limit=4) == 0
    assert "skipped 6 records: 6 outside --offset/--limit/--sample" in capsys.readouterr().out
    assert pot_eval(replay=path, sample=11) == 2
    assert pot_eval(replay=path, offset=10) == 2
    assert "no records left to replay" in capsys.readouterr().err
