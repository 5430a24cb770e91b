"""Precision and recall of the event reader against hand annotations.

Floors from the events issue: at least 90 % of the annotated movements found with the right place,
date interval and actor; at least 80 % of the output events right.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from evaluation import evaluate

from geo.pipeline import run

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parent.parent


@pytest.mark.parametrize("corpus, annotation", [
    (ROOT / "seeds", DATA / "seed_events.yaml"),
    (DATA / "wordings", DATA / "wordings_events.yaml"),
])
def test_precision_and_recall_floors(corpus, annotation):
    result = run([corpus], route=False)
    assert not result.problems
    score = evaluate(list(result.events), annotation)
    print(score.report())
    assert score.recall >= 0.90, score.report()
    assert score.precision >= 0.80, score.report()
    assert not score.bad, score.report()
