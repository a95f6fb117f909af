"""The figures of a run page, from its question views: confusion matrices, accuracy by kind, coverage."""

from __future__ import annotations

from dataclasses import dataclass

from pot.report.views import QuestionView

ALL = "all"


@dataclass
class Confusion:
    """Gold answer (rows: true, false) against pot's answer (columns: true, false, none)."""

    dataset: str
    cells: list[list[int]]

    @property
    def total(self) -> int:
        return sum(map(sum, self.cells))


@dataclass
class KindRow:
    kind: str
    questions: int
    correct: int

    @property
    def accuracy(self) -> float:
        return self.correct / self.questions if self.questions else 0.0


@dataclass
class CoveragePoint:
    """Coverage (answered / all) against precision (correct / answered): answering less should buy precision."""

    label: str
    total: int
    answered: int
    correct: int

    @property
    def coverage(self) -> float:
        return self.answered / self.total if self.total else 0.0

    @property
    def precision(self) -> float | None:
        return self.correct / self.answered if self.answered else None


def confusions(views: list[QuestionView]) -> list[Confusion]:
    """One matrix for all questions, then one per dataset when there are several."""
    datasets = sorted({v.dataset or "—" for v in views})
    groups = [(ALL, views)] + ([(d, [v for v in views if (v.dataset or "—") == d]) for d in datasets]
                               if len(datasets) > 1 else [])
    out = []
    for name, group in groups:
        cells = [[sum(1 for v in group if v.gold is gold and v.answer is answer) for answer in (True, False, None)]
                 for gold in (True, False)]
        out.append(Confusion(name, cells))
    return out


def by_kind(views: list[QuestionView]) -> list[KindRow]:
    kinds = sorted({v.kind for v in views})
    return [KindRow(k, sum(1 for v in views if v.kind == k), sum(1 for v in views if v.kind == k and
                                                                   v.outcome == "correct")) for k in kinds]


def coverage_points(views: list[QuestionView]) -> list[CoveragePoint]:
    datasets = sorted({v.dataset or "—" for v in views})
    groups = [(ALL, views)] + ([(d, [v for v in views if (v.dataset or "—") == d]) for d in datasets]
                               if len(datasets) > 1 else [])
    return [CoveragePoint(name, len(g), sum(1 for v in g if v.answer is not None),
                          sum(1 for v in g if v.outcome == "correct")) for name, g in groups]
