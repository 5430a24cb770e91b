"""The event reader's lexicon, compiled from ``data/events.yaml``."""

from __future__ import annotations

import functools
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from itertools import compress
from pathlib import Path

import yaml

from geo._tokens import Memo, word_parts
from geo._words import Words
from geo.config import DATA_DIR
from geo.errors import GeoError
from geo.models import ACTIONS


@dataclass(frozen=True, slots=True)
class Trigger:
    pattern: str
    action: str
    voice: str  # intransitive | transitive
    mode: str | None = None
    needs: str | None = None  # place | origin
    direct: str = "origin"  # role of a place right after the verb ("fled Syria", "reached Hermel")


@dataclass(frozen=True, slots=True)
class Lexicon:
    theatre: str
    sponsors: dict  # country code -> {"group": ..., "family": ...}
    civilian_families: frozenset[str]
    triggers: tuple[Trigger, ...]
    trigger_re: re.Pattern[str]
    equipment: Words  # these Words are searched in lower-cased text (lower_same_length)
    roles: tuple[tuple[str, Words], ...]
    any_role: Words  # the words of all roles: where the first role word is
    subject_locative_re: re.Pattern[str]
    air: Words
    land: Words
    negation: Words
    hypothetical: Words
    hedge: Words
    boundary_re: re.Pattern[str]
    reporting_re: re.Pattern[str]
    first_word_re: re.Pattern[str]  # the first word of some trigger, matched in a word
    #: whether a word can begin a trigger (``first_word_re`` on the lower-cased word), by word
    first_words: Memo = field(compare=False, repr=False)

    def trigger_starts(self, text: str) -> list[int]:
        """Offsets of the words of ``text`` that can begin a trigger, in order: where
        ``first_word_re`` matches in the lower-cased text. Each word is tested once and the
        answer kept (a text's words are mostly words seen before), over the word split that
        :mod:`geo._tokens` makes for the toponym and actor tokenizers."""
        words = word_parts(text)[1::2]
        flags = list(map(self.first_words.__getitem__, words))
        # each flagged word is the first whole-word occurrence of its text after the one before
        # (an earlier one would be a word of the split too, and flagged): found with str.find
        # a word start after "-" or "_" is no start for the pattern's (?<![\w-])
        out = []
        pos = 0
        for w in compress(words, flags):
            i = text.find(w, pos)
            end = i + len(w)
            while (i and text[i - 1].isalnum()) or text[end:end + 1].isalnum():
                i = text.find(w, i + 1)
                end = i + len(w)
            if not (i and text[i - 1] in "-_"):
                out.append(i)
            pos = end
        return out

    def find_triggers(self, text: str, lo: int, hi: int, starts: list[int]):
        """Trigger matches in ``text[lo:hi]``, tried only at ``starts`` (see
        :meth:`trigger_starts`), not overlapping, in order."""
        end = lo
        for i in range(bisect_left(starts, lo), bisect_left(starts, hi)):
            if starts[i] < end:
                continue  # inside the previous match, as with finditer
            m = self.trigger_re.match(text, starts[i], hi)
            if m:
                end = m.end()
                yield m


#: Words whose trigger test is remembered (then forgotten at once, like the gazetteer's names).
_KNOWN_WORDS = 200_000


def lower_same_length(text: str) -> str:
    """``text.lower()`` with every offset kept (a few characters, like "İ", lower-case to two)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _first_word(pattern: str) -> str:
    """The part of a trigger pattern that matches its first word (up to the first space)."""
    cut = [i for i in (pattern.find("(?=\\s"), pattern.find("\\s")) if i >= 0]
    return pattern[: min(cut)] if cut else pattern


@functools.cache
def load_lexicon(path: Path | None = None) -> Lexicon:
    """Load and compile the event lexicon (cached)."""
    path = path or DATA_DIR / "events.yaml"
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        triggers = tuple(Trigger(**t) for t in raw["triggers"])
        for t in triggers:
            if t.action not in ACTIONS or t.voice not in ("intransitive", "transitive"):
                raise ValueError(f"bad trigger {t}")
        # one alternation; the group index tells which trigger matched
        # one word-boundary test up front, then the alternatives (a lookbehind per
        # alternative made the scan six times slower)
        trigger_re = re.compile(
            "\\b(?<!-)(?:"
            + "|".join(f"(?P<t{i}>{t.pattern})" for i, t in enumerate(triggers))
            + ")(?![\\w-])",
            re.IGNORECASE,
        )
        # matched on each lower-cased word (see trigger_starts); the full pattern then checks
        first_word_re = re.compile(
            "(?:" + "|".join(f"(?:{_first_word(t.pattern)})" for t in triggers)
            + ")(?![A-Za-z])")
        roles = raw["roles"]
        role_words = tuple((role, Words(roles[role])) for role in ("origin", "destination", "via"))
        return Lexicon(
            theatre=str(raw["theatre"]).upper(),
            sponsors={str(k).upper(): dict(v) for k, v in (raw.get("sponsors") or {}).items()},
            civilian_families=frozenset(raw.get("civilian_families") or ()),
            triggers=triggers,
            trigger_re=trigger_re,
            equipment=Words(raw["equipment"]),
            roles=role_words,
            any_role=Words("|".join(f"(?:{roles[role]})" for role, _ in role_words)),
            subject_locative_re=re.compile(
                rf"^\s*,?\s*(?:{raw['subject_locatives']})\s+(?:the\s+)?$", re.IGNORECASE
            ),
            air=Words(raw["air"]),
            land=Words(raw["land"]),
            negation=Words(raw["negation"]),
            hypothetical=Words(raw["hypothetical"], word_end=False),
            hedge=Words(raw["hedge"]),
            boundary_re=re.compile(raw["boundaries"]),
            first_word_re=first_word_re,
            first_words=Memo(lambda w: first_word_re.match(lower_same_length(w)) is not None,
                             _KNOWN_WORDS),
            reporting_re=re.compile(rf"(?<![\w-])(?:{raw['reporting']})(?![\w-])"),
        )
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError, re.error) as e:
        raise GeoError(f"{path}: cannot load the event lexicon: {e}") from e
