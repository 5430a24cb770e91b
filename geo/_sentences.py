"""Sentence and paragraph spans (character offsets) for the event reader."""

from __future__ import annotations

import functools
import re
import string

_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof gen lt col maj capt sgt st jr sr inc ltd co corp vs etc approx
    jan feb mar apr jun jul aug sep sept oct nov dec no nos p pp vol fig al e.g i.e u.s u.k u.n
    a.m p.m""".split()
)
# A sentence ends at . ! ? (plus closing quotes/brackets/footnote marks) followed by space and
# an upper-case letter, digit, quote or bracket; a line break always ends one.
_END = re.compile(r"[.!?][\"”’')\]⁰¹²³⁴⁵⁶⁷⁸⁹\d]*(?=\s+[\"“‘(\[A-Z0-9])")
_LINE = re.compile(r"\n")
_LETTERS_DOT = string.ascii_letters + "."
_DOTTED = re.compile(r"(?:[a-z]\.)+[a-z]?")
#: A reference-list entry ("Reuters, Title, 2 December 2024, [url](#)"): a citation, not a report.
CITATION_LINE = re.compile(r"(?i)\burl\b|https?://|\baccessed\b|\bretrieved\b")
_CITATION_WORDS = ("url", "http", "accessed", "retrieved")


@functools.lru_cache(maxsize=8)
def citation_lines(text: str) -> frozenset[int]:
    """Start offsets of the lines of ``text`` that hold a :data:`CITATION_LINE` marker.

    A position ``pos`` is on such a line when ``text.rfind("\\n", 0, pos) + 1`` is in the set.
    The markers are looked for as plain substrings first, and the pattern is only tried where
    one starts (the date and event readers both ask, so the last few answers are kept).

    Examples
    --------
    >>> sorted(citation_lines("Forces left.\\nReuters, 2 Dec 2024, URL: x\\nThey hurled."))
    [13]
    """
    low = text.lower()
    if len(low) != len(text):  # a character that lower-cases to two ("İ"): scan the text
        hits = [m.start() for m in CITATION_LINE.finditer(text)]
    else:
        hits = []
        for word in _CITATION_WORDS:
            i = low.find(word)
            while i >= 0:
                if CITATION_LINE.match(text, i):
                    hits.append(i)
                i = low.find(word, i + 1)
    return frozenset(text.rfind("\n", 0, i) + 1 for i in hits)


def _is_abbreviation(text: str, dot: int) -> bool:
    # the last run of letters and dots before ``dot`` (at most 12 characters back), from its
    # first letter: what ``[A-Za-z][A-Za-z.]*$`` finds, with string methods
    seg = text[max(0, dot - 12):dot]
    if seg.endswith("\n"):
        seg = seg[:-1]  # ("$" matches before a final newline too)
    word = seg[len(seg.rstrip(_LETTERS_DOT)):].lstrip(".")
    if not word:
        return False
    word = word.lower().rstrip(".")
    if word in _ABBREVIATIONS:
        return True
    # single capital initials ("J. Smith") and dotted acronyms ("U.S.")
    return len(word) == 1 or ("." in word and _DOTTED.fullmatch(word) is not None)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Spans of paragraphs: blocks separated by blank lines (a single newline also separates,
    since most news texts put one paragraph per line)."""
    spans = []
    pos = 0
    for m in _LINE.finditer(text):
        span = _trimmed(text, pos, m.start())
        if span:
            spans.append(span)
        pos = m.end()
    span = _trimmed(text, pos, len(text))
    if span:
        spans.append(span)
    return spans


def paragraph_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the sentences of the paragraph ``text[start:end]`` (a span of
    :func:`paragraph_spans`, so trimmed).

    Examples
    --------
    >>> t = "Gen. Smith left. They fled to Homs! Then"
    >>> [t[a:b] for a, b in paragraph_sentences(t, 0, len(t))]
    ['Gen. Smith left.', 'They fled to Homs!', 'Then']
    """
    out: list[tuple[int, int]] = []
    pos = start
    for m in _END.finditer(text, start, end):
        dot = m.start()
        if text[dot] == "." and _is_abbreviation(text, dot):
            continue
        while pos < dot and text[pos].isspace():  # the end mark itself is no space
            pos += 1
        out.append((pos, m.end()))  # a sentence ends at its mark, no space before
        pos = m.end()
    span = _trimmed(text, pos, end)
    if span:
        out.append(span)
    return out


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Spans of sentences, never crossing a line break."""
    out: list[tuple[int, int]] = []
    for p_start, p_end in paragraph_spans(text):
        out += paragraph_sentences(text, p_start, p_end)
    return out
