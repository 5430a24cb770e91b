"""The shared word split (geo._tokens) gives exactly the token splits of the two patterns it
replaces, on random strings made of the characters that matter and on real texts."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from geo._tokens import actor_parts, place_parts, word_parts

# The specification: the token patterns the tokenizers used before the shared word split.
PLACE_SPLIT = re.compile(r"([A-Z]\.(?:[A-Z]\.)+|[^\W_]+(?:['’ʿ‘][^\W_]+)*)")
_INNER = r"(?:['’ʼ`](?![sS]\b)[^\W_]+)*"  # "Kata'ib", but not a final possessive 's
ACTOR_SPLIT = re.compile(rf"([^\W_](?:[^\W_]+{_INNER}|(?<=[A-Za-z])\.(?:[A-Za-z]\.)+"
                         rf"|(?<=[A-Za-z])\.[A-Za-z]\b|{_INNER})|['’ʼ][sS]\b)")

ROOT = Path(__file__).resolve().parent.parent
# letters (ASCII, capital, "s", non-ASCII), digits, the joining marks, "_" and separators
ALPHABET = ["a", "b", "s", "S", "U", "x", "É", "é", "ش", "1", " ", " ", ".", ".", "'", "’",
            "ʿ", "‘", "ʼ", "`", "_", "-", ",", "\n"]


def _random_texts(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 24))) for _ in range(n)]


@pytest.mark.parametrize("seed", range(4))
def test_place_parts_match_the_place_token_pattern(seed):
    for text in _random_texts(5000, seed):
        word_parts.cache_clear()
        assert place_parts(text) == PLACE_SPLIT.split(text), text


@pytest.mark.parametrize("seed", range(4))
def test_actor_parts_match_the_actor_token_pattern(seed):
    for text in _random_texts(5000, seed):
        assert actor_parts(text) == ACTOR_SPLIT.split(text), text


@pytest.mark.parametrize("text", [
    "U.S. forces", "U.S", "e.g. Homs", "A.B'C", "A'B.C.", "Iran's", "Iran’s Quds", "x`s",
    "d'Ivoire", "U.S.'s", "U_’S`a", "'s", "Qa'im's", "s_x's_", "A.B.C", "a.b.c.",
    "Kata'ib Hezbollah's", "", "...",
])
def test_edge_cases(text):
    assert place_parts(text) == PLACE_SPLIT.split(text)
    assert actor_parts(text) == ACTOR_SPLIT.split(text)


def test_real_texts():
    paths = sorted((ROOT / "seeds").glob("*.txt")) + sorted(
        (ROOT / "tests" / "data" / "wordings").glob("*"))
    texts = [p.read_text(encoding="utf-8") for p in paths if p.suffix in (".txt", ".md", ".html")]
    assert texts
    for text in texts:
        assert place_parts(text) == PLACE_SPLIT.split(text)
        assert actor_parts(text) == ACTOR_SPLIT.split(text)


def test_the_word_split_is_remembered_per_text():
    text = "Fighters fled from Qa'im to Hermel."
    assert word_parts(text) is word_parts(text)
    assert "".join(word_parts(text)) == text
    assert re.fullmatch(r"[^\W_]+", word_parts(text)[1])
