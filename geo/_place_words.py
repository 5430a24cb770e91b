"""Word lists for the toponym finder (:mod:`geo.places`).

All lists are generic (they hold for any text on the region), not tuned to a particular text.
Entries are compared through :func:`geo._keys.normalize` where noted.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from itertools import accumulate, compress

from geo._tokens import PLACE_SITES, place_parts

#: Nationality and group adjectives: never places on their own ("Syrian", "Iraqi").
DEMONYMS = frozenset("""
syrian syrians iraqi iraqis iranian iranians lebanese jordanian jordanians turkish turk turks
israeli israelis palestinian palestinians afghan afghans pakistani pakistanis russian russians
american americans saudi saudis egyptian egyptians yemeni yemenis qatari emirati kuwaiti
bahraini omani azerbaijani azeri armenian armenians georgian cypriot kurdish kurd kurds arab
arabs arabian persian persians european europeans british french german germans chinese
western eastern alawite alawites shiite shiites shia shi'ite sunni sunnis druze houthi houthis
yazidi yazidis assyrian assyrians christian christians muslim muslims jewish turkmen
iraqi-kurdish ukrainian ukrainians libyan sudanese tunisian algerian moroccan hazara baloch
""".split())

#: Nationality adjectives that name a country's land in "<adjective> territory/soil/side":
#: "crossed into Iraqi territory", "on the Lebanese side of the border".
DEMONYM_COUNTRIES = {
    "syrian": "SY", "iraqi": "IQ", "lebanese": "LB", "iranian": "IR", "jordanian": "JO",
    "turkish": "TR", "israeli": "IL", "palestinian": "PS", "saudi": "SA", "egyptian": "EG",
    "russian": "RU", "afghan": "AF", "pakistani": "PK", "kuwaiti": "KW", "cypriot": "CY",
}

#: Organisations, outlets and groups whose names contain place words; matched in any letter
#: case as whole phrases (:func:`organisation_spans`) and treated as excluded spans.
ORGANISATIONS = (
    "Hayat Tahrir al-Sham", "Hay'at Tahrir al-Sham", "Tahrir al-Sham", "Ahrar al-Sham",
    "Jaish al-Islam", "Jabhat al-Nusra", "Jabhat Fateh al-Sham", "Free Syrian Army",
    "Syrian National Army", "Syrian Democratic Forces", "Syrian Arab Army", "Syrian army",
    "Islamic State of Iraq and the Levant", "Islamic State of Iraq and Syria",
    "Islamic State in Iraq and Syria", "Islamic State", "Quds Force", "Quds Forces",
    "Al-Quds Force", "Islamic Revolutionary Guard Corps", "Revolutionary Guards",
    "Popular Mobilization Forces", "Popular Mobilisation Forces", "Kataib Hezbollah",
    "Kata'ib Hezbollah", "Lebanese Hezbollah", "Hezbollah", "Asaib Ahl al-Haq",
    "Harakat al-Nujaba", "Liwa Fatemiyoun", "Liwa Zainebiyoun", "Badr Organization",
    "Asharq Al-Awsat", "Asharq al-Awsat", "Al Jazeera", "Al-Jazeera", "Al Arabiya",
    "Al-Arabiya", "Al Mayadeen", "Al-Mayadeen", "Al-Monitor", "Al Monitor", "Al-Quds Al-Arabi",
    "New York Times", "Wall Street Journal", "Washington Post", "Times of Israel",
    "Jerusalem Post", "Tehran Times", "Tehran Times", "Middle East Eye", "Syria Direct",
    "Syrian Observatory for Human Rights", "Syrian Observatory", "Enab Baladi", "Noon Post",
    "Sepah News", "Baghdad Today", "Damascus University", "Aleppo University",
    "Syrian Arab News Agency", "Islamic Republic News Agency", "Iraqi News Agency",
    "Lebanese Forces", "Lebanese Army", "Lebanese Armed Forces", "Iraqi Army", "Iraqi army",
    "Israel Defense Forces", "Israeli Defense Forces", "Russian Air Force",
    "Syrian Arab Air Force", "Arab League", "Axis of Resistance", "Arab Spring",
    "Middle East Institute", "Institute for the Study of War", "Carnegie Endowment",
)

#: Person names often written alone that collide with gazetteer names (normalised keys).
PERSON_NAMES = frozenset("""
assad bashar soleimani suleimani nasrallah khamenei sharaa jolani julani netanyahu erdogan
putin trump biden raisi pezeshkian zahedi araghchi rouhani khomeini sadr muhandis qaani
hamedani hariri aoun berri mikati salam sudani maliki barzani talabani abdullahi
""".split())

#: Capitalised words that are not places when standing alone (normalised keys).
NOT_PLACES = frozenset("""
god allah telegram twitter facebook whatsapp youtube instagram tiktok signal reuters afp ap
monday tuesday wednesday thursday friday saturday sunday january february march april may
june july august september october november december ramadan eid christmas easter
president minister general commander colonel major captain sheikh king prince emir mr mrs ms
dr imam ayatollah prime state government army forces operation council ministry embassy
parliament congress senate pentagon kremlin white house un nato eu us-led report analysis
sources officials spokesman the a an this that these those it they he she we i you his her
its their our new old great local regional national international central western eastern
northern southern upper lower greater sunni shiite shia islam islamic christian arab
hezbollah hamas badr nujaba fatemiyoun zainebiyoun radwan wagner isis isil daesh
""".split())

#: English words that are gazetteer names somewhere; a single-token match that is one of
#: these is ignored at the start of a sentence and when not after a locative preposition.
COMMON_WORDS = frozenset("""
along ana bala ban bar bath ben bay beer best bird bound bridge camp cape central city coast
cross dam dan deal delta dora east eden faith fall far field first fort free gap garden gate
gift given good grand green guard harbour hat haven heart hill hit home hope island jan kale
lake land life light long lost main man many march mark may mayo mina mobile most mount nice
north now of old omar once orange pace palm paradise peace plain point port post premier
quarter rain ras reading rich ridge river rock rose royal said sale salt sand say see sea
sharp side silver split spring star still stone sun sur tal tel temple third top tower
union unity us valley van victoria view wall water well west white wind york zone
""".split())

#: Lowercase words that may stand inside or at the end of a place phrase
#: ("Damascus airport", "Homs desert", "Idlib province").
FEATURE_WORDS = frozenset("""
airport airports airbase air base airfield field crossing border province governorate desert
countryside district region city town port valley mountains plain plains heights strip camp
naval military
""".split())

#: Capitalised generic features that end a place phrase after "the" ("the Nineveh Plains").
FEATURE_TITLES = frozenset("""
Valley Desert Mountains Mountain Plain Plains Heights Strip Bank River Province Governorate
Region District Camp Crossing Airport Airbase Base Port Border Countryside Corridor Pass
Coast Gulf Sea Lake Dam Bridge Highway Road Oasis Basin Sea
""".split())

#: Locative prepositions that introduce a place (for unresolved names).
LOCATIVES = frozenset("""
in to from near toward towards via through into at across inside outside around reach reached
reaching entered entering
""".split())

#: Words that make a following "to" non-locative ("according to", "due to").
NON_LOCATIVE_BEFORE_TO = frozenset("""
according due thanks owing prior compared related addition close next similar contrary
""".split())

#: "<noun> of X" phrases that introduce a place ("the port of Latakia").
OF_CUES = frozenset("""
port city town village province governorate region outskirts countryside suburbs suburb
district capital area vicinity border town areas cities towns villages
""".split())

#: Function words that may begin a sentence before a place ("In Damascus, ...").
FUNCTION_WORDS = frozenset("""
in at to from near toward towards via through into across inside outside around on of for
the a an and but or so yet as by with without after before while when since both then
meanwhile however also only even also until unlike like than amid during upon over under
between beyond about against along among despite within
""".split())

#: Direction words before a country name -> direction key of Gazetteer.region().
DIRECTION_WORDS = {
    "northern": "north", "southern": "south", "eastern": "east", "western": "west",
    "central": "central", "north": "north", "south": "south", "east": "east", "west": "west",
    "northeastern": "northeast", "northwestern": "northwest", "southeastern": "southeast",
    "southwestern": "southwest", "northeast": "northeast", "northwest": "northwest",
    "southeast": "southeast", "southwest": "southwest", "centre": "central",
    "center": "central", "middle": "central",
}

#: Characters that re.I matches to ASCII letters but str.lower() does not map to them one to one.
_CASE_SPECIAL = ("\u0130", "\u0131", "\u017f", "\u212a")  # İ ı ſ K(elvin)


def _trie_pattern(words: Iterable[str]) -> str:
    """A regex alternation of lowercase words as a character trie (longest match first)."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = [re.escape(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(trie)


@functools.cache
def _organisation_regex(ignore_case: bool) -> re.Pattern[str]:
    names = {o.lower() for o in ORGANISATIONS}
    return re.compile(r"(?<![\w-])" + _trie_pattern(names) + r"(?![\w-])",
                      re.I if ignore_case else 0)


def organisation_spans(text: str, lowered: str | None = None,
                       tokens: tuple[Sequence[int], Sequence[str]] | None = None
                       ) -> list[tuple[int, int]]:
    """Character spans of the :data:`ORGANISATIONS` names in a text, in any letter case.

    Parameters
    ----------
    text
        The text.
    lowered
        ``text.lower()`` when the caller has it already.
    tokens
        Start offsets and lower-cased words of the text's toponym tokens
        (:func:`geo._tokens.place_parts`) when the caller has them.

    Examples
    --------
    >>> organisation_spans("HAYAT TAHRIR AL-SHAM and the Syrian army")
    [(0, 20), (29, 40)]
    """
    if any(ch in text for ch in _CASE_SPECIAL):
        return [m.span() for m in _organisation_regex(True).finditer(text)]
    # then lower() keeps every position and matches these ASCII names exactly as re.I does.
    # A match starts a run of letters and digits that is some name's first word: a token
    # that is one, or a run inside a token joined over an apostrophe or a dot ("Hay'at",
    # "d'Hezbollah"); the pattern is tried only there, as finditer would (in order, no overlaps)
    lowered = text.lower() if lowered is None else lowered
    if tokens is None:
        parts = place_parts(text)
        tokens = (list(accumulate(map(len, parts)))[0:-1:2], list(map(str.lower, parts[1::2])))
    starts, words = tokens
    firsts = _organisation_firsts()
    tries = [starts[k] for k in compress(range(len(words)), map(firsts.__contains__, words))]
    for p in _joining_marks(text):
        tries.append(p + 1)  # a run after the mark and the token the mark may be inside
        tries.append(starts[max(0, bisect_right(starts, p) - 1)])
    regex = _organisation_regex(False)
    spans: list[tuple[int, int]] = []
    end = 0
    for pos in sorted(set(tries)):
        if pos >= end and (m := regex.match(lowered, pos)) is not None:
            spans.append(m.span())
            end = m.end()
    return spans


def _joining_marks(text: str) -> list[int]:
    """Offsets of the marks that join toponym tokens (:data:`geo._tokens.PLACE_SITES`) followed
    by a letter or digit, in no particular order: what ``re.finditer(r"['’ʿ‘.](?=[^\\W_])",
    text)`` finds, with ``str.find`` (far cheaper than a regex scanning every character)."""
    found = []
    last = len(text) - 1
    for mark in PLACE_SITES:
        p = text.find(mark)
        while 0 <= p < last:
            if text[p + 1].isalnum():
                found.append(p)
            p = text.find(mark, p + 1)
    return found


@functools.cache
def _organisation_firsts() -> frozenset[str]:
    """The first word (run of letters and digits) of each organisation name, lower-cased."""
    return frozenset(re.match(r"[^\W_]+", o.lower()).group() for o in ORGANISATIONS)
