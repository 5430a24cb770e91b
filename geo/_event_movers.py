"""Who moved: the subject, reference and sponsor rules of the event reader.

Private helper of :mod:`geo.events`: :class:`MoverFinder` is the part of the reader that finds
the movers of a trigger among the actors of its clause (coordinated actors fan out, references
resolve to the last tracked actor, a sponsor state such as "Iran" or "Tehran" can be the mover).
"""

from __future__ import annotations

from typing import Any

from geo._event_grammar import (
    _AND_JOIN,
    _PREP_BEFORE,
    _RELATIVE,
    _SUBJECT_GAP,
    _content_free,
    _SpanIndex,
)
from geo._lexicon import Lexicon
from geo.models import ActorMention, Mention


class MoverFinder:
    """Mover rules, mixed into the event reader; they read its ``text``, ``lex`` (the event
    lexicon), ``actors`` and ``places`` (span indexes), ``mem`` (state across sentences) and
    ``_chain`` (the previous trigger of the sentence)."""

    text: str
    lex: Lexicon
    actors: _SpanIndex
    places: _SpanIndex
    mem: Any
    _chain: tuple[int, list[ActorMention], int] | None

    def _tracked(self, a: ActorMention) -> bool:
        return a.kind != "reference" and a.tracked and a.family is not None

    def _subject_locative(self, subjects: list[ActorMention], t0: int) -> Mention | None:
        """'forces in eastern Syria fled...': the place right after a subject actor (one of
        ``subjects``, the actors between the clause start and the verb)."""
        for a in subjects:
            for m in self.places.within(a.end, t0):
                if self.lex.subject_locative_re.match(self.text[a.end:m.start]):
                    return m
                break
        return None

    def _subject(self, cands: list[ActorMention], clause_start: int, t0: int, s0: int):
        """The movers: the first actor of the clause before the trigger (``cands``: the actors
        from the clause start to the verb), coordinated actors joined by 'and' fanning out;
        references resolve to the last tracked actor."""
        if not cands:
            sponsor = self._sponsor(clause_start, t0)
            if sponsor is not None:
                return [sponsor], False
            if _RELATIVE.match(self.text, clause_start):
                before = self.actors.within(max(s0, clause_start - 40), clause_start)
                if before and self._tracked(before[-1]):
                    return [before[-1]], False  # "IRGC advisers who ... drove west"
            if _content_free(self.text[clause_start:t0]):
                ref = self._antecedent(s0, t0)
                if ref is not None:
                    return [ref], True
            return [], False
        # the actor right before the verb ("IRGC and Iraqi fighters pulling out") wins over
        # the clause's first actor, with the actors coordinated to it
        last = cands[-1]
        if self._tracked(last) and _SUBJECT_GAP.match(self.text[last.end:t0]):
            movers = [last]
            for prev, nxt in zip(reversed(cands[:-1]), reversed(cands), strict=False):
                if not _AND_JOIN.match(self.text[prev.end:nxt.start]) or not self._tracked(prev):
                    break
                if prev.family not in {m.family for m in movers}:
                    movers.insert(0, prev)
            return movers, False
        first = cands[0]
        if first.kind == "reference":
            ref = self._antecedent(s0, first.start)
            if ref is None:
                return [], False
            return [ActorMention(first.text, first.start, first.end, ref.group, ref.family,
                                 True, "reference")], True
        if not first.tracked or first.family is None:
            return [], False
        movers = [first]
        for prev, nxt in zip(cands, cands[1:], strict=False):
            if not _AND_JOIN.match(self.text[prev.end:nxt.start]):
                break
            if self._tracked(nxt) and nxt.family not in {m.family for m in movers}:
                movers.append(nxt)
        return movers, False

    def _antecedent(self, s0: int, pos: int) -> ActorMention | None:
        """What a reference points back to: the last tracked actor earlier in the sentence
        ("officers were taken to X, from where they flew to Y"), else the reader's memory."""
        if self._chain is not None and self._tracked(self._chain[1][0]):
            return self._chain[1][0]  # "Some were evacuated to X, while others crossed into Y"
        before = [a for a in self.actors.within(s0, pos) if self._free_subject(a, s0)]
        return before[-1] if before else self.mem.actor

    def _free_subject(self, a: ActorMention, s0: int) -> bool:
        """Whether ``a`` (in a sentence starting at ``s0``) is tracked and governed by no
        preposition ("to the IRGC", "with Hezbollah"): it can be a subject."""
        return self._tracked(a) and not _PREP_BEFORE.search(self.text, max(s0, a.start - 12),
                                                            a.start)

    def _first_free(self, s0: int, s1: int) -> ActorMention | None:
        """The first actor of the sentence ``[s0, s1)`` that can be a subject (see
        :meth:`_free_subject`)."""
        for a in self.actors.within(s0, s1):
            if self._free_subject(a, s0):
                return a
        return None

    def _home_forces(self, actor: ActorMention) -> ActorMention | None:
        """The armed forces of a civilian actor's home state ('Iranian authorities' -> Iran's)."""
        from geo.actors import load_actor_catalog

        home = load_actor_catalog().home_country(actor.group) if actor.group else None
        info = self.lex.sponsors.get(home or "")
        if info is None:
            return None
        return ActorMention(actor.text, actor.start, actor.end, info["group"], info["family"])

    def _sponsor(self, lo: int, hi: int) -> ActorMention | None:
        """'Iran evacuated ...', 'Tehran sent ...': a sponsor state (or its capital) as mover."""
        for m in self.places.within(lo, hi):
            p = m.place
            if p is None or p.country not in self.lex.sponsors:
                continue
            if p.kind == "country" or p.population > 1_000_000:
                info = self.lex.sponsors[p.country]
                return ActorMention(m.text, m.start, m.end, info["group"], info["family"])
        return None
