"""Movement events: places joined with actors and dates.

A rule-based clause reader. For each sentence it finds movement triggers (verbs from
``data/events.yaml``), reads the places after each trigger up to the next clause boundary and
gives each a role from the preposition before it (origin, destination, via), finds the mover (the
subject, or the object of an active transitive verb such as "evacuated its officers"), resolves
references ("they", "these units", "others") to the last tracked actor, attaches the nearest
date (the clause, the sentence, the paragraph's date thread, else the document's context date,
flagged as inferred), and marks negations and hypotheticals.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field

from geo._event_grammar import (
    _ADJECTIVAL,
    _ARMED,
    _AUX_PASSIVE,
    _FROM_THERE,
    _PERSONNEL,
    _PRESENT,
    _PRONOUN_OBJECT,
    _RELATIVE,
    _SUBORDINATOR,
    _WILL,
    _combinations,
    _is_headline,
    _nearest,
    _Roles,
    _SpanIndex,
    and_clauses,
    read_roles,
)
from geo._event_movers import MoverFinder
from geo._lexicon import Lexicon, Trigger, load_lexicon, lower_same_length
from geo._sentences import citation_lines, paragraph_sentences, paragraph_spans
from geo.models import ActorMention, DateSpan, Document, Mention, MovementEvent

log = logging.getLogger(__name__)
_span = re.Match.span

@dataclass(slots=True)
class _Memory:
    """The reader's state across sentences of one document."""

    actor: ActorMention | None = None
    thread: DateSpan | None = None
    counter: int = 0
    equipment_sentence: int = -1
    story: DateSpan | None = None  # the date of the last dated movement in this paragraph
    # alternative ways out named in this paragraph ("through crossings in A and B"), by family
    alternatives: dict[str, tuple[Mention, ...]] = field(default_factory=dict)
    last_origin: dict[str, Mention] = field(default_factory=dict)


def extract_events(
    doc: Document,
    *,
    mentions: Sequence[Mention],
    actors: Sequence[ActorMention],
    dates: Sequence[DateSpan],
    context: DateSpan | None = None,
    lexicon: Lexicon | None = None,
) -> list[MovementEvent]:
    """Read the movement events of one document.

    Parameters
    ----------
    doc
        The document; quotes and spans index ``doc.text``.
    mentions, actors, dates
        The place mentions, actor mentions and date spans found in ``doc.text``.
    context
        The document's context date, used (flagged as inferred) for events whose sentence and
        paragraph give no date.
    lexicon
        The trigger lexicon (default: ``data/events.yaml``).

    Returns
    -------
    list of MovementEvent
        In text order. Negated and hypothetical statements are included with ``negated=True``.
    """
    reader = _Reader(doc, mentions, actors, dates, context, lexicon or load_lexicon())
    return reader.run()


class _Reader(MoverFinder):
    def __init__(self, doc, mentions, actors, dates, context, lexicon: Lexicon) -> None:
        self.doc = doc
        self.text = doc.text
        self.lex = lexicon
        self.places = _SpanIndex(mentions, "start", "end")
        self.actors = _SpanIndex(actors, "start", "end")
        self.dates = _SpanIndex([d for d in dates if d.char_start >= 0], "char_start", "char_end")
        self.context = context
        self.mem = _Memory()
        self.events: list[MovementEvent] = []
        self._sentence_dates: list[DateSpan] = []  # the dates of the sentence being read
        self._stem = doc.doc_id.rsplit(".", 1)[0]
        self._lowered = lower_same_length(doc.text)
        self._trigger_starts = lexicon.trigger_starts(doc.text)

    # ----------------------------------------------------------------- driver
    def run(self) -> list[MovementEvent]:
        text = self.text
        mem = self.mem
        cited = citation_lines(text)
        for p0, p1 in paragraph_spans(text):
            mem.alternatives = {}
            # a movement's own date carries into the next paragraph; other dates do not
            mem.thread, mem.story = mem.story, None
            if cited and text.rfind("\n", 0, p0) + 1 in cited:
                continue  # a reference-list entry
            if _is_headline(text[p0:p1]):
                mem.thread = None  # a new section: the date thread starts again
                continue
            for s0, s1 in paragraph_sentences(text, p0, p1):
                self._sentence_dates = dates = self.dates.within(s0, s1)
                if not self._sentence(s0, s1):
                    first = self._first_free(s0, s1) or self._sponsor(s0, min(s1, s0 + 40))
                    if first is not None:
                        mem.actor = first
                explicit = [d for d in dates if not d.inferred
                            and d.precision not in ("year", "years")] if dates else dates
                if explicit:
                    mem.thread = explicit[-1]
        return self.events

    # --------------------------------------------------------------- sentence
    def _sentence(self, s0: int, s1: int) -> bool:
        text = self.text
        starts = self._trigger_starts
        i = bisect_left(starts, s0)
        if i == len(starts) or starts[i] >= s1 or not self.places.any_within(s0, s1):
            return False  # a movement needs a trigger and a place (no state to keep without)
        triggers = []
        for m in self.lex.find_triggers(text, s0, s1, self._trigger_starts):
            start = m.start()
            if self.places.covering(start) or self.dates.covering(start):
                continue
            cover = self.actors.covering(start)
            if cover is not None and cover.kind != "reference":
                continue
            idx = int(m.lastgroup[1:])
            trig = self.lex.triggers[idx]
            if trig.voice == "intransitive" and _ADJECTIVAL.match(text, m.end()):
                continue  # "advanced weaponry", "fleeing fighters": a participle as adjective
            triggers.append((start, m.end(), trig))
        if not triggers:
            return False
        boundaries = self._boundaries(s0, s1, triggers[-1][1])
        positions = boundaries[0]
        found = False
        self._chain = None  # (trigger start, movers, first event index) of the previous trigger
        for k, (t0, t1, trig) in enumerate(triggers):
            scope_end = triggers[k + 1][0] if k + 1 < len(triggers) else s1
            i = bisect_left(positions, t1)  # the first boundary after the verb
            if i < len(positions) and positions[i] < scope_end:
                scope_end = positions[i]
            found |= self._trigger(s0, s1, t0, t1, trig, min(scope_end, s1), boundaries)
        return found

    def _clause_start(self, s0: int, t0: int, positions: list[int], k: int) -> int:
        """Start of the trigger's clause; closed relative and leading subordinate clauses
        ("When X happened, ...", "Hezbollah, which ..., pulled") do not cut the subject off.
        ``positions[:k]`` are the sentence's boundaries up to the verb (sorted)."""
        text = self.text
        while k:
            b = positions[k - 1]
            if _RELATIVE.match(text, b) and self._comma(b, t0) is not None:
                k -= 1  # the relative clause closed before the verb
                continue
            break
        start = positions[k - 1] if k else s0
        if start == s0 and _SUBORDINATOR.match(text, start):  # "When X happened, Y fled"
            comma = self._comma(start, t0)
            if comma is not None:
                start = comma + 1
        return start

    def _comma(self, lo: int, hi: int) -> int | None:
        text = self.text
        i = text.find(",", lo, hi)
        while i >= 0:
            if not self.dates.covering(i):
                return i
            i = text.find(",", i + 1, hi)
        return None

    def _boundaries(self, s0: int, s1: int, last: int) -> tuple[list[int], list[str]]:
        """Clause boundaries outside dates, places and actors: their positions (sorted) and
        kinds, "report" after a reporting verb, "inf" before an infinitive, else "".

        Only those up to the first at or after ``last`` (the end of the sentence's last
        trigger) are read: a verb's scope and clause need no later one."""
        text = self.text
        lex = self.lex
        dates, places, actors = self.dates, self.places, self.actors
        out = []
        for spans, reporting in (
            (map(_span, lex.boundary_re.finditer(text, s0, s1)), False),
            (and_clauses(self._lowered, s0, s1), False),
            (map(_span, lex.reporting_re.finditer(text, s0, s1)), True),
        ):
            for pos, end in spans:  # each source gives its boundaries in order
                if dates.covering(pos) or places.covering(pos) or actors.covering(pos):
                    continue
                infinitive = text.startswith("to ", pos, end)
                if infinitive and any(places.covering(i) for i in range(end, end + 4)):
                    continue  # "to eastern Syria", "to al Qaim": a destination, not an infinitive
                b = end if reporting else pos
                out.append((b, "report" if reporting else ("inf" if infinitive else "")))
                if b >= last:
                    break
        out.sort()
        return [b for b, _ in out], [kind for _, kind in out]

    # ---------------------------------------------------------------- trigger
    def _trigger(self, s0, s1, t0, t1, trig: Trigger, scope_end, boundaries) -> bool:
        text = self.text
        positions, kinds = boundaries
        k = bisect_right(positions, t0)
        clause_start = self._clause_start(s0, t0, positions, k)
        roles = self._roles(t1, scope_end, trig)
        no_place = not (roles.origins or roles.destinations or roles.via) and not (
            self.places.any_within(clause_start, t0))
        if no_place and trig.voice == "intransitive":
            return False  # no place after the verb, none before it: nothing to map
        action = trig.action
        movers: list[ActorMention] = []
        actor_text: str | None = None
        by_reference = False

        equipment = False
        if trig.voice == "transitive" and not _AUX_PASSIVE.search(text[max(s0, t0 - 40):t0]):
            object_window = self._object_window(t1, scope_end)
            objs = self.actors.within(t1, object_window)
            window = text[t1:object_window]
            if self.lex.equipment.search(self._lowered, t1, object_window):
                equipment = True
                self.mem.equipment_sentence = s0  # the sentence's start names it
            elif _PRONOUN_OBJECT.match(window) and self.mem.equipment_sentence == s0:
                equipment = True
            elif objs and objs[0].family is not None:
                movers = [objs[0]]
            elif objs or _PERSONNEL.search(window):
                # "X evacuated its officers": the officers are X's own
                actor_text = objs[0].text if objs else window.strip(" ,")
        if no_place:
            return False  # (a transitive verb's equipment object was remembered above)
        subjects = self.actors.within(clause_start, t0)  # the actors of the clause
        if not movers:
            movers, by_reference = self._subject(subjects, clause_start, t0, s0)
            if actor_text and movers:
                by_reference = False
                if movers[0].family in self.lex.civilian_families and _ARMED.search(actor_text):
                    movers = [self._home_forces(movers[0]) or movers[0]]
        chain = self._chain
        if not movers and chain is not None and not self.actors.within(chain[0], t0):
            movers, by_reference = chain[1], False  # "pulled out of X, crossing into Y"
        if not movers:
            return False
        if equipment:
            action = "transfer_equipment"

        if not (roles.origins or roles.destinations or roles.via):
            origin = self._subject_locative(subjects, t0)
            if origin is None:
                return False
            roles = _Roles((origin,), (), ())
        elif not roles.origins:
            origin = self._subject_locative(subjects, t0)
            if origin is not None:
                roles = _Roles((origin,), roles.destinations, roles.via)
        if not roles.origins and _FROM_THERE.search(self.text, clause_start, t0) and self.events:
            last = self.events[-1]
            if last.destination is not None and last.quote_start >= s0 - 400:
                roles = _Roles((last.destination,), roles.destinations, roles.via)
        merged_from = None
        if (chain is not None and chain[2] == len(self.events) - 1 and not roles.origins
                and roles.destinations and movers == chain[1]):
            prev = self.events[-1]
            if prev.origin is not None and prev.destination is None and not prev.via:
                merged_from = self.events.pop()  # one movement told by two verbs
                self.mem.counter -= 1
                roles = _Roles((prev.origin,), roles.destinations, roles.via)
        if trig.needs == "origin" and not roles.origins:
            return False

        neg_start = s0  # the last plain boundary: negation reaches over "said that", "plans to"
        while k:
            k -= 1
            if not kinds[k]:
                neg_start = positions[k]
                break
        low = self._lowered
        mode_from = max(neg_start, t0 - 60)  # "by air", "convoys" just before the verb or after
        negated = (self.lex.negation.search(low, neg_start, t0) is not None
                   or self.lex.hypothetical.search(low, neg_start, t1) is not None)
        hedged = self.lex.hedge.search(low, s0, scope_end) is not None
        future = bool(_WILL.search(text[max(neg_start, t0 - 25):t0]))
        mode = trig.mode
        if mode is None:
            if self.lex.air.search(low, mode_from, scope_end) or any(
                m.place and m.place.kind in ("airport", "airbase")
                for m in roles.via + roles.origins
            ):
                mode = "air"
            elif self.lex.land.search(low, mode_from, scope_end):
                mode = "land"
        if action == "fly":
            mode = "air"

        way_out = None
        if not roles.origins and not roles.via and roles.destinations:
            way_out = self.mem.alternatives.get(movers[0].family or "")
        elif not roles.destinations and len(roles.via) > 1:
            self.mem.alternatives[movers[0].family or ""] = roles.via
        date = self._date(s0, s1, clause_start, t0, scope_end)
        if merged_from is not None and merged_from.date is not None and (
                date is None or date.inferred):
            date = merged_from.date
        first_index = len(self.events)
        emitted = False
        for mover in movers:
            for origin, destination, via in _combinations(roles):
                ev_action = self._refine_action(action, origin, destination)
                leg_date = self._leg_date(date, destination, roles, s0, s1)
                inferred_via = _nearest(way_out, destination) if way_out else None
                if inferred_via is not None:
                    via = (inferred_via,)
                confidence = 0.85
                if hedged:
                    confidence -= 0.2
                if future:
                    confidence -= 0.1
                if by_reference or mover.kind == "reference":
                    confidence -= 0.1
                if leg_date is None or leg_date.inferred:
                    confidence -= 0.15
                main = destination or origin or (via[0] if via else None)
                if main is not None and main.place is None:
                    confidence -= 0.2
                notes = []
                if hedged:
                    notes.append("hedged")
                if future:
                    notes.append("future or planned")
                if by_reference:
                    notes.append(f"actor resolved from reference {mover.text!r}")
                if inferred_via is not None:
                    notes.append(f"way out inferred: {inferred_via.text}, the nearest of the "
                                 "ways out named earlier in the paragraph")
                    confidence -= 0.1
                self.mem.counter += 1
                self.events.append(MovementEvent(
                    event_id=f"{self._stem}-e{self.mem.counter:03d}",
                    doc=self.doc.doc_id,
                    actor=actor_text or mover.text,
                    actor_group=mover.group,
                    actor_family=mover.family,
                    action=ev_action,
                    origin=origin,
                    destination=destination,
                    via=via,
                    date=leg_date,
                    quote=text[s0:s1],
                    quote_start=s0,
                    quote_end=s1,
                    confidence=round(max(0.05, min(1.0, confidence)), 2),
                    mode=mode,
                    negated=negated,
                    notes=tuple(notes),
                ))
                emitted = True
        if emitted:
            self._chain = (t0, movers, first_index)
            if date is not None and not date.inferred and s0 <= date.char_start < s1 \
                    and date.precision not in ("year", "years"):
                self.mem.story = date
        if emitted and not negated:
            self.mem.actor = movers[0] if self._tracked(movers[0]) else self.mem.actor
        return emitted

    def _refine_action(self, action: str, origin, destination) -> str:
        """Movements from outside into the theatre country are advances."""
        if action in ("cross", "move", "advance", "redeploy") and destination is not None:
            dest_cc = destination.place.country if destination.place else None
            orig_cc = origin.place.country if origin and origin.place else None
            if dest_cc == self.lex.theatre and orig_cc != self.lex.theatre:
                kind = destination.place.kind if destination.place else ""
                if action in ("cross", "advance") or kind == "country":
                    return "advance"
        return action

    # ------------------------------------------------------------------ roles
    def _object_window(self, t1: int, scope_end: int) -> int:
        """End of the direct object of a transitive verb: the first role preposition."""
        m = self.lex.any_role.search(self._lowered, t1, scope_end)
        return scope_end if m is None else m.start()

    def _roles(self, t1: int, scope_end: int, trig: Trigger) -> _Roles:
        return read_roles(self.text, self.places.within(t1, scope_end), t1, trig, self.lex)

    # ------------------------------------------------------------------- date
    def _leg_date(self, date, destination, roles, s0, s1):
        """In a sequence ("withdrew to A on 1 December, and then to B on 3 December") each
        destination takes the sentence's date nearest to it."""
        if destination is None or len(roles.destinations) < 2:
            return date
        spans = self._sentence_dates
        if len(spans) < 2:
            return date
        return min(spans, key=lambda d: min(abs(d.char_start - destination.end),
                                            abs(d.char_end - destination.start)))

    def _date(self, s0, s1, clause_start, t0, scope_end) -> DateSpan | None:
        def nearest(spans):
            return min(spans, key=lambda d: min(abs(d.char_start - t0), abs(d.char_end - t0)))

        in_sentence = self._sentence_dates  # the dates within [s0, s1), in order
        if in_sentence:
            # the verb's own adjunct comes first (the dates within [t0, scope_end))
            in_scope = [d for d in in_sentence
                        if t0 <= d.char_start < scope_end and d.char_end <= scope_end]
            if in_scope:
                return nearest(in_scope)
            in_clause = [d for d in in_sentence
                         if clause_start <= d.char_start < t0 and d.char_end <= t0]
            if in_clause:
                return nearest(in_clause)
            return nearest(in_sentence)
        if self.mem.thread is not None and not _PRESENT.search(self.text, clause_start, t0):
            return self.mem.thread
        return self.context
