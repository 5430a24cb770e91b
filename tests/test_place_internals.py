"""The toponym finder's shortcuts give exactly what the slower forms they replace give, on
random strings made of the characters that matter and on real texts."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from geo._place_tokens import PlaceTokens, stands_alone
from geo._place_words import _joining_marks

ROOT = Path(__file__).resolve().parent.parent
# letters (ASCII, capital, non-ASCII, numeric), "_", apostrophes, hyphens and separators
ALPHABET = ["a", "b", "A", "é", "ش", "1", "²", "_", "'", "’", "‘", "-", "‐", " ", ".", "\n"]


def _alone_by_regex(word: str, text: str) -> bool:
    """The specification: the regular expression :func:`stands_alone` replaces."""
    return re.search(rf"(?<![\w'’-]){re.escape(word)}(?![\w'’-])", text) is not None


@pytest.mark.parametrize("seed", range(4))
def test_stands_alone_matches_the_regex(seed):
    rng = random.Random(seed)
    for _ in range(5000):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 20)))
        word = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 3)))
        if rng.random() < 0.5 and text:  # a word taken from the text: found at least once
            a = rng.randrange(len(text))
            word = text[a:a + rng.randint(1, 3)]
        assert stands_alone(word, text) == _alone_by_regex(word, text), (word, text)


def test_stands_alone_on_real_texts():
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    assert texts
    for text in texts:
        for word in {w.lower() for w in re.findall(r"\S+", text)} | {"syria", "hit", "al"}:
            assert stands_alone(word, text) == _alone_by_regex(word, text), word


@pytest.mark.parametrize("seed", range(4))
def test_joining_marks_match_the_regex(seed):
    rng = random.Random(seed)
    marks = ALPHABET + ["ʿ", ".", "."]
    for _ in range(5000):
        text = "".join(rng.choice(marks) for _ in range(rng.randint(0, 20)))
        expected = [m.start() for m in re.finditer(r"['’ʿ‘.](?=[^\W_])", text)]
        assert sorted(_joining_marks(text)) == expected, text


@pytest.mark.parametrize("seed", range(2))
def test_capital_flags(seed):
    """A token counts as capitalised when it starts with a capital, or with a digit (any
    script's: "³", "٣") and ends in a capital ("8A")."""
    rng = random.Random(seed)
    letters = ["A", "b", "8", "³", "٣", "É", "ش", "x", " ", " ", "-"]
    for _ in range(3000):
        text = "".join(rng.choice(letters) for _ in range(rng.randint(0, 16)))
        tokens = PlaceTokens(text)
        expected = [w[0].isupper() or (w[0].isdigit() and len(w) > 1 and w[-1].isupper())
                    for w in tokens.word]
        assert list(map(bool, tokens.cap)) == expected, text
