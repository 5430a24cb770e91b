"""Regular expressions and vocabularies used by :mod:`geo.dates` (compiled lazily, once)."""

from __future__ import annotations

import functools
import re

from geo._date_dispatch import FirstCharPattern

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6, "mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thurs": 3, "fri": 4,
    "sat": 5, "sun": 6,
}
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "a couple of": 2, "a few": 3, "few": 3, "several": 4,
}

_FULL = ("January|February|March|April|May|June|July|August|September|October|November|December")
_ABBR = "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
# Month names are case-sensitive (capitalised or all caps) so "may" and "march" stay verbs.
MONTH_FULL = rf"(?:{_FULL}|{_FULL.upper()})(?![A-Za-z])"
MONTH_ANY = rf"(?:{_FULL}|{_FULL.upper()}|(?:{_ABBR})\.?)(?![A-Za-z])"
YEAR = r"(?:1[89][0-9]{2}|20[0-9]{2})(?![0-9])"
DAY = r"(?:[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![0-9A-Za-z])"
_WD_FULL = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
WEEKDAY_PREFIX = rf"(?:(?:{_WD_FULL}|Mon|Tues?|Wed|Thu(?:rs)?|Fri|Sat|Sun)\.?,?\s+(?:the\s+)?)?"
NUM = (r"(?:[0-9]{1,2}|a\s+couple\s+of|a\s+few|an|a|one|two|three|four|five|six|seven|eight"
       r"|nine|ten|eleven|twelve|fifteen|twenty|few|several)")
RANGE_SEP = r"\s*(?:-|–|—|\bto\b|\band\b|\buntil\b|\bthrough\b)\s*"

#: Parts of a month: (first day, last day or None for the month's end, precision).
MONTH_PARTS = {
    "early": (1, 10, "days"), "beginning": (1, 10, "days"), "start": (1, 10, "days"),
    "mid": (11, 20, "days"), "middle": (11, 20, "days"), "late": (21, None, "days"),
    "end": (21, None, "days"), "first half": (1, 15, "days"), "second half": (16, None, "days"),
    "latter half": (16, None, "days"), "first week": (1, 7, "week"),
    "second week": (8, 14, "week"), "third week": (15, 21, "week"),
    "fourth week": (22, 28, "week"), "last week": (-6, None, "week"),
    "final week": (-6, None, "week"), "first days": (1, 5, "days"),
    "first few days": (1, 5, "days"), "last days": (-4, None, "days"),
    "last few days": (-4, None, "days"), "final days": (-4, None, "days"),
    "final few days": (-4, None, "days"),
}
#: Parts of a year: (first month, last month).
YEAR_PARTS = {
    "early": (1, 4), "beginning": (1, 3), "start": (1, 3), "mid": (5, 8), "middle": (5, 8),
    "late": (9, 12), "end": (10, 12), "first half": (1, 6), "second half": (7, 12),
    "latter half": (7, 12), "first quarter": (1, 3), "second quarter": (4, 6),
    "third quarter": (7, 9), "fourth quarter": (10, 12), "last quarter": (10, 12),
    "final quarter": (10, 12), "q1": (1, 3), "q2": (4, 6), "q3": (7, 9), "q4": (10, 12),
    "spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11),
    "first months": (1, 3), "last months": (10, 12), "final months": (10, 12),
}
_PART_OF = (r"the\s+(?:very\s+)?(?:end|beginning|start|middle|first\s+half|second\s+half"
            r"|latter\s+half|(?:first|second|third|fourth|last|final)\s+week"
            r"|(?:first|last|final)\s+(?:few\s+)?days)\s+of")
MONTH_PART = rf"(?i:early|mid|late|{_PART_OF})"
_YPART_OF = (r"the\s+(?:very\s+)?(?:end|beginning|start|middle|first\s+half|second\s+half"
             r"|latter\s+half|(?:first|second|third|fourth|last|final)\s+quarter"
             r"|(?:first|last|final)\s+(?:few\s+)?months)\s+of")
YEAR_PART = (rf"(?i:early|mid|late|{_YPART_OF}|(?:the\s+)?(?:spring|summer|autumn|fall)"
             r"(?:\s+of)?|Q[1-4])")

RELATIVE = (
    r"(?i:yesterday|today|tonight|last\s+(?:night|week|weekend|month|year)"
    r"|this\s+(?:morning|afternoon|evening|week|weekend|month|year)"
    r"|(?:earlier|later)\s+(?:this|in\s+the)\s+(?:week|month|year)"
    r"|(?:the\s+)?past\s+(?:few\s+)?(?:week|month|year|days|weeks)"
    r"|in\s+recent\s+(?:days|weeks|months)"
    rf"|(?P<ago_n>{NUM})\s+(?P<ago_u>days?|weeks?|months?|years?)\s+ago)(?![a-z])"
)
RELATIVE_PREV = (
    r"(?i:the\s+(?:next|following|previous|preceding)\s+(?:day|morning|evening|night|week)"
    r"|the\s+day\s+(?:before|after)|the\s+(?:same|next)\s+day"
    rf"|(?P<later_n>{NUM})\s+(?P<later_u>days?|weeks?)\s+(?P<later_w>later|earlier))(?![a-z])"
)


def _alternatives() -> list[str]:
    """The branches of the date scanner, in order, each a named group (its kind)."""
    alts = {
        "iso": (r"(?<![0-9/.\-])(?P<iso_y>" + YEAR + r")-(?P<iso_m>0[1-9]|1[0-2])-"
                r"(?P<iso_d>0[1-9]|[12][0-9]|3[01])(?![0-9])"),
        "drange": (rf"(?:(?i:between|from)\s+)?(?:the\s+)?(?P<dr_d1>{DAY}){RANGE_SEP}"
                   rf"(?:the\s+)?(?P<dr_d2>{DAY})(?:\s+of)?\s+(?P<dr_m>{MONTH_ANY})"
                   rf"(?:,?\s+(?P<dr_y>{YEAR}))?"),
        "mrange": (rf"(?:(?i:between|from)\s+)?(?P<mr_m>{MONTH_ANY})\s+(?P<mr_d1>{DAY})"
                   rf"{RANGE_SEP}(?P<mr_d2>{DAY})(?:,?\s+(?P<mr_y>{YEAR}))?"),
        "dmy": (rf"{WEEKDAY_PREFIX}(?P<dmy_d>{DAY})(?:\s+of)?\s+(?P<dmy_m>{MONTH_ANY})"
                rf"(?:,?\s+(?P<dmy_y>{YEAR}))?"),
        "mdy": (rf"{WEEKDAY_PREFIX}(?P<mdy_m>{MONTH_ANY})\s+(?:the\s+)?(?P<mdy_d>{DAY})"
                rf"(?:,?\s+(?P<mdy_y>{YEAR}))?"),
        "month": (rf"(?:(?P<mx_part>{MONTH_PART})[\s\-]+)?"
                  r"(?:(?P<mx_rel>(?i:last|this|next|past|previous))\s+)?"
                  rf"(?P<mx_m>{MONTH_ANY})(?:,?\s+(?:of\s+)?(?P<mx_y>{YEAR}))?"
                  rf"(?:\s*\((?P<mx_py>{YEAR})\))?"),
        "ypart": (rf"(?P<yp_part>{YEAR_PART})[\s\-]+(?:the\s+year\s+)?(?P<yp_y>{YEAR})"),
        "yrange": (rf"(?:(?P<yr_pre>(?i:between|from))\s+)?(?P<yr_y1>{YEAR})"
                   rf"(?:{RANGE_SEP}(?P<yr_y2>{YEAR})|\s*[-–/]\s*(?P<yr_yy>[0-9]{{2}})(?![0-9]))"),
        "decade": r"(?:the\s+)?(?P<dec>(?:1[89]|20)[0-9]0)['’]?s(?![a-z])",
        "year": rf"(?P<yy>{YEAR})(?:\s*\((?P<yy_py>{YEAR})\))?",
        "rel": RELATIVE,
        "relprev": RELATIVE_PREV,
        "weekday": (r"(?:(?P<wd_mod>(?i:last|this|next|past))\s+)?"
                    rf"(?P<wd>{_WD_FULL})(?:\s+(?P<wd_tod>(?i:morning|afternoon|evening|night)))?"),
    }
    return [f"(?P<{name}>{pat})" for name, pat in alts.items()]


@functools.cache
def scanner() -> FirstCharPattern:
    """The combined date scanner, dispatched on the first character of a start.

    Examples
    --------
    >>> m = scanner().match("On 6 December 2024, they left.", 3)
    >>> m.lastgroup, m.group()
    ('dmy', '6 December 2024')
    >>> scanner().match("On 6 December 2024, they left.", 0) is None
    True
    """
    return FirstCharPattern(r"(?<![\w$€£#])", _alternatives())


@functools.cache
def prefix_re(lowered: bool = False) -> re.Pattern[str]:
    r"""Modifiers that may stand just before a date or an anchor, matched at the end of a window.

    With ``lowered=True``: the same pattern without IGNORECASE, to search ``text.lower()``
    (an IGNORECASE search is several times slower in Python's ``re``).

    Examples
    --------
    >>> body = prefix_re(True).pattern
    >>> plain = re.sub(r"\(\?P<\w+>", "(", body)  # without the group names
    >>> plain == plain.lower() and prefix_re().pattern == "(?i)" + body
    True
    """
    unit = r"(?:hours?|days?|weeks?|months?)"
    return re.compile(
        ("" if lowered else "(?i)") + r"(?<![\w-])(?:"
        r"(?P<since>(?:ever\s+)?since|starting(?:\s+(?:on|in|from))?|beginning\s+(?:on|in))"
        r"|(?P<by>by|until|till|up\s+to|no\s+later\s+than|not\s+until)"
        r"|(?P<eve>the\s+eve\s+of)"
        r"|(?P<daybefore>the\s+(?:day|night|morning|evening)\s+(?:before|prior\s+to))"
        r"|(?P<dayafter>the\s+(?:day|night|morning|evening)\s+(?:after|following))"
        rf"|(?P<within>within\s+(?:(?:the\s+)?(?:first\s+)?)?(?P<w_n>{NUM})\s+(?P<w_u>{unit})"
        r"\s+(?:of|after|following))"
        rf"|(?P<nafter>(?:just\s+|only\s+|some\s+|about\s+|barely\s+)?(?P<na_n>{NUM})\s+"
        rf"(?P<na_u>{unit})\s+(?:after|following|later\s+than))"
        rf"|(?P<nbefore>(?:just\s+|only\s+|some\s+|about\s+|barely\s+)?(?P<nb_n>{NUM})\s+"
        rf"(?P<nb_u>{unit})\s+(?:before|prior\s+to|ahead\s+of|earlier\s+than))"
        r"|(?P<daysafter>in\s+the\s+(?:days|hours|weeks)\s+(?:after|following|since))"
        r"|(?P<daysbefore>in\s+the\s+(?:days|hours|weeks)\s+(?:before|preceding|leading\s+up\s+to))"
        r"|(?P<soonafter>(?:shortly|soon|immediately|right|just|hours|days)\s+(?:after|following))"
        r"|(?P<soonbefore>(?:shortly|just|immediately|right|hours|days)\s+(?:before|ahead\s+of"
        r"|prior\s+to))"
        r"|(?P<weeksafter>weeks\s+(?:after|following))|(?P<weeksbefore>weeks\s+(?:before|ahead\s+of))"
        r"|(?P<after>after|following|in\s+the\s+(?:wake|aftermath)\s+of)"
        r"|(?P<before>before|prior\s+to|ahead\s+of|in\s+the\s+(?:run|lead)[\s-]up\s+to)"
        r")[\s-]+$"
    )


#: Last words of the modifiers matched by :func:`prefix_re` (a cheap test before the regex).
PREFIX_LAST = frozenset(
    "since starting on in from by until till to than of before after following preceding later "
    "earlier".split()
)
#: For the last words above that end only a few modifiers, the words that may stand just before
#: them ("prior to", "ahead of", "starting in"): after any other word the regex cannot match.
PREFIX_PAIRS = {
    "of": frozenset("eve ahead wake aftermath hour hours day days week weeks month months".split()),
    "to": frozenset({"up", "prior"}),
    "than": frozenset({"later", "earlier"}),
    "in": frozenset({"starting", "beginning"}),
    "on": frozenset({"starting", "beginning"}),
    "from": frozenset({"starting"}),
}
#: Lower-case words (stems; an "s" or "end" may follow) that start a date search.
HEAD_STEMS = ("yesterday", "today", "tonight", "ago", "later", "earlier", "day", "week", "month",
              "year", "night", "morning", "afternoon", "evening")
#: Words that may stand before a head inside one date expression ("the end of last December").
PREFIX_WORDS = frozenset(
    "between from the very early mid late end beginning start middle first second third fourth "
    "last final half latter week weeks quarter few days months of this next past previous and to "
    "through until st nd rd th "
    "preceding following same in recent earlier later a an couple several one two three four "
    "five six seven eight nine ten eleven twelve fifteen twenty spring summer autumn fall year "
    "q monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thurs fri "
    "sat sun".split()
)
#: Words just before a bare month ("in December") that make it a date, not a name.
BARE_MONTH_CUES = frozenset(
    "in since during by until till through throughout from to before after between and or of "
    "early late mid last this next past".split()
)
#: Words before a bare number that make it a count, not a year.
COUNT_CUES = frozenset(
    "some about around approximately nearly almost over than roughly estimated least "
    "page pp p no vol art article section chapter paragraph para".split()
)
#: Nouns after a 4-digit number that make it a count ("2000 men").
COUNT_NOUNS = frozenset(
    "men people personnel strong troops fighters soldiers militiamen members km kilometres "
    "kilometers miles metres meters tons tonnes dollars usd euros rockets missiles".split()
)


_URL_MARKS = ("://", "www.", "@")


def url_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges of URLs and e-mail addresses (whitespace-delimited), sorted."""
    spans = []
    for mark in _URL_MARKS:
        i = text.find(mark)
        while i >= 0:
            s = max(text.rfind(c, 0, i) for c in " \n\t(<[\"") + 1
            ends = [e for e in (text.find(c, i) for c in " \n\t)>]\"") if e >= 0]
            e = min(ends) if ends else len(text)
            spans.append((s, e))
            i = text.find(mark, e)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


#: Nouns of the event phrases a text may date itself ("the fall of Kabul").
EVENT_NOUNS = ("fall", "capture", "collapse", "downfall", "liberation", "seizure", "takeover",
               "ouster", "overthrow", "assassination", "killing", "storming", "siege", "bombing",
               "start", "launch", "end")


@functools.cache
def generic_event_re() -> FirstCharPattern:
    """Event phrases that a text may date itself ("the fall of Kabul", learned from context);
    a match is tried only where the text starts with "the"."""
    name = r"[A-Z][\w'’\-]*(?:\s+(?:al-|Al-|el-|of\s+|the\s+)?[A-Z][\w'’\-]*)*"
    return FirstCharPattern(r"(?<![\w])", [
        rf"(?i:the)\s+(?i:{'|'.join(EVENT_NOUNS)})\s+"
        rf"(?i:of)\s+(?:(?i:the)\s+)?(?:{name}(?:['’]s\s+(?i:regime|government|rule))?"
        r"|(?i:previous|former|old|ousted)\s+(?i:government|regime))"
    ])
