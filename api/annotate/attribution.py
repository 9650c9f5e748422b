"""Attribution inside one sentence: the reporting cue, who it is said by, and which words are the statement.

Rules follow the shapes news writing uses, found by a lexicon of reporting verbs rather than a parser:

* ``X said (that) S`` / ``X told reporters S`` / ``X warned S``: the statement follows the cue;
* ``S, X said`` / ``S, said X`` / ``"S," X said``: the statement precedes the cue;
* ``according to X, S`` and ``S, according to X``;
* ``X …, saying (that) S`` / ``adding that S``: a participle continues the sentence subject's speech;
* appositions between the name and the cue (``X, an analyst at Y, said``) are skipped.

The speaker is returned as the mention written in the text; resolving it is ``speakers``' job.

Decisions that trade one reading against another, with what measurement showed:

* A spokesman reporting his principal (``Hagel said S, Little added``) yields the principal's claim only: the
  report around it overlaps it, and overlapping claims are noise for curators and for one-to-one scoring.
  ``S, Little said, and Hagel underscored X`` is two reports, S by Little and X by Hagel.
* Naming and charging (``X called Y “a butcher”``, ``X accused Y of …``, ``calling Y …``) are speech acts whose
  complement is the reporter's words about Y, so the statement is only the quoted words in it, and without a
  quotation there is no claim: ``Putin a “butcher”`` is nobody's sentence. A single quoted word is a label, not
  a statement (on the seeds, keeping ``butcher`` takes precision below 0.93). Demands (``called for X``,
  ``called on X to Y``) keep their content as the statement, as ``urged X to Y`` does: the same reasoning applied
  to them gains seeds precision (0.957 -> 0.985) but costs PolNeAR dev recall 0.848 -> 0.834 (F1 0.901 ->
  0.893), where demands are annotated attributions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .cues import (
    AMBIGUOUS_NOUNS,
    CALLS,
    NAMING_CUES,
    OBJECT_TAKING,
    PARTICIPLE_CUES,
    RESPONSE_CUES,
    find_cues,
)
from .quotes import Quote, quote_at, word_count
from .sources import (
    AFTER_SOURCE,
    GROUP_NOUNS,
    MARKS,
    NOT_NOUNS,
    PRONOUNS,
    QUANTITIES,
    SENTENCE_CONNECTORS,
    Token,
    apposition_beside,
    clause_subject,
    is_capitalised,
    is_mark,
    noun_phrase_after,
    noun_phrase_before,
    strip_auxiliaries,
    subject_before,
    tokens,
)
from .speakers import DETERMINERS, ROLE_WORDS, WRITINGS
from .text import word_set

# Cues whose "to X" names the addressee ("said to reporters"); after other cues "to …" is the statement.
_ADDRESSED = word_set("say says said write writes wrote explain explains explained reply replies replied respond responds responded tweet tweeted complain complained")
# Words that let a participle continue the sentence's subject: "…, saying", "before adding", "upon saying".
_PARTICIPLE_LINKS = word_set("and but before after by while when upon without")
_INFINITIVE_RE = re.compile(
    r"to\s+(?!(?:the|a|an|his|her|their|its|our|my|your|this|that|these|those|him|them|us|me|you|reporters|"
    r"supporters|voters|lawmakers|journalists|members|aides|staff)\b)[a-z]+\b"
)
_PASSIVE = word_set("is was are were be been being 's to")

_TRAILING_CONJUNCTION_RE = re.compile(r"[\s,]+(?:and|but|or|before|after|while)$")

# A later cue starts a new report when a comma, semicolon or "and" precedes it within a few words.
_NEW_REPORT_RE = re.compile(r"(?:[,;—–][”\"’']?|\band\b|\bbut\b)\s+(?:[\w.’'()-]+\s+){0,6}$")

_WINDOW = 600

# "called for a ceasefire", "called on Congress to act": a demand, whose content is the statement, as after
# "urged Congress to act".
_DEMAND_RE = re.compile(r"\s+(?:for|on|upon)\s+")
# A single quoted word after a naming cue ("called Putin a “butcher”") is a label, not a statement.
_MIN_NAMED_WORDS = 2

# "WASHINGTON, Dec. 22, 2004 –", "July 29, 2008 -", "BEIRUT (AP) —", an agency name glued on: "…ServiceWASHINGTON,"
_DATELINE = re.compile(
    r"(?:[A-Z][\w.’' ]{0,40}?)?(?:[A-Z]{3,}[A-Z.’' -]*(?:,\s*[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)?\s*(?:\([^)]{1,30}\))?,?\s*)?"
    r"(?:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}(?:,\s*\d{4})?\s*)?[-–—]{1,2}\s+"
)

_SUBORDINATORS = word_set("given if when whenever although though because while since after before once unless")

# Only an adjunct may stand between a cue and its "that": "said on Tuesday that", "wrote in a memo that".
_ADJUNCT_BEFORE_THAT_RE = re.compile(
    r"\s*(?:(?:on|in|at|during|after|before|last|this|earlier|later|late|early|yesterday|today|monday|tuesday|"
    r"wednesday|thursday|friday|saturday|sunday|again|also|repeatedly|previously|publicly|privately|recently|"
    r"then|once|too|both|separately|flatly|frequently|often|simply|here)\b[^,;]*?\s)?that\s+",
    re.IGNORECASE,
)

_THAT_RE = re.compile(r"(?:\W*\w+\W+){0,8}?that\s+", re.DOTALL)

_LEADING_ADJUNCT_RE = re.compile(
    r"\s*(?:(?:on|in|at|during|after|before|last|this|earlier|later|late|early|yesterday|today|tuesday|"
    r"monday|wednesday|thursday|friday|saturday|sunday)\b[^,:;\"“”]{0,60}?[,:]|[,:—–-])\s*",
    re.IGNORECASE,
)

# what may follow a cue without being the statement: "in a Saturday statement", "on Twitter", "to reporters"
_ADJUNCT_ONLY_RE = re.compile(
    r"(?:in|on|at|to|during|after|before|from|via|with|through|by|for|late|early|last|this|earlier|today|"
    r"yesterday|tonight|here(?!\s+(?:is|are|was|were)\b)|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
    r"[^,;:\"“”]{0,80}$|(?:responsibility|credit)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Attribution:
    """One statement span and its cue; ``mention`` is the source as written, or None for the subject."""

    start: int
    end: int
    mention: str | None
    mention_start: int | None
    cue: str
    cue_start: int
    kind: str  # direct | indirect | mixed
    apposition: str | None = None  # "the US ambassador to the UN" in "X, the US ambassador to the UN, said"


def _trim(text: str, start: int, end: int, quotes: list[Quote], after_cue: bool = False) -> tuple[int, int]:
    """Drop spaces and trailing sentence punctuation (a closing quote mark stays), and after a cue its ``that``."""
    while start < end and (text[start].isspace() or text[start] in ",:;—–-"):
        start += 1
    if after_cue and text.startswith("that ", start):
        start += 5
    while True:
        while end > start and (text[end - 1].isspace() or text[end - 1] in ",.;:—–-"):
            if quote_at(end - 1, quotes) and text[end - 1] in ",.":
                return start, end
            end -= 1
        m = _TRAILING_CONJUNCTION_RE.search(text, max(start, end - 12), end)
        if not m:
            return start, end
        end = m.start()


def _kind(text: str, start: int, end: int, quotes: list[Quote]) -> tuple[str, int, int]:
    """direct if the span is one quotation (then the span becomes exactly the quotation), else mixed/indirect."""
    inside = [q for q in quotes if q.start < end and q.end > start]
    if not inside:
        return "indirect", start, end
    if len(inside) == 1:
        q = inside[0]
        outside = word_count(text[start : q.start]) + word_count(text[q.end : end])
        if outside == 0 or (q.start <= start + 1 and end <= q.end + 1):
            return "direct", min(start, q.start), max(end, q.end)
    first, last = inside[0], inside[-1]
    return "mixed", min(start, first.start), max(end, last.end)


def find_attributions(text: str, start: int, end: int, quotes: list[Quote]) -> list[Attribution]:
    """Attributions of the sentence ``text[start:end]``; ``quotes`` are the quotations overlapping it."""
    results: list[Attribution] = []
    sentence_subject: tuple[int, int] | None = None
    cues = find_cues(text, start, end, quotes)
    for index, cue in enumerate(cues):
        word = cue.group()
        next_cue = _statement_limit(text, cue.end(), end, cues[index + 1 : index + 6])
        # a source is never far from its cue: a window keeps run-on "sentences" (lists, tables) linear
        before = tokens(text, max(start, cue.start() - _WINDOW), cue.start())
        if word.lower() == "according to":
            found = _according_to(text, start, end, cue, before, quotes)
        elif word in PARTICIPLE_CUES:
            found = _participle(text, start, end, cue, before, quotes, sentence_subject, next_cue)
        else:
            # a statement before this cue cannot reach back past an earlier report in the sentence:
            # "“A,” she said, but …, “B,” said Kunin" gives B to the second cue, not A again
            floor = max((r.end if r.end <= cue.start() else r.cue_start + len(r.cue) for r in results), default=start)
            found = _finite(text, max(start, floor), end, cue, before, quotes, next_cue, sentence_subject)
        if found is not None and word.lower() in NAMING_CUES and found.start > cue.start() and not _DEMAND_RE.match(
            text, cue.end()
        ):
            found = _quoted_words(text, found, quotes)
        if found is None:
            continue
        if found.mention_start is not None and sentence_subject is None:
            sentence_subject = (found.mention_start, found.mention_start + len(found.mention or ""))
        if found.end - found.start < 2 or word_count(text[found.start : found.end]) < (1 if found.kind == "direct" else 2):
            continue
        if found.kind == "indirect" and (text[found.end - 1] == "?" or text[found.end : end].lstrip().startswith("?")):
            continue  # "what can events tell us about them?": a question asks, it does not claim
        if any(r.start < found.end and found.start < r.end for r in results):
            continue
        results.append(found)
    return results


def _quoted_words(text: str, found: Attribution, quotes: list[Quote]) -> Attribution | None:
    """``X called Y “a butcher”``, ``X accused Y of “undermining …”``: only the quoted words were said.

    Without a quotation the complement is the reporter's paraphrase of a speech act, not words anyone can be
    quoted as having said, so there is no claim.
    """
    inside = [q for q in quotes if found.start <= q.start and q.end <= found.end + 1]
    if not inside or sum(word_count(q.inner(text)) for q in inside) < _MIN_NAMED_WORDS:
        return None
    kind = "direct" if len(inside) == 1 else "mixed"
    return replace(found, start=inside[0].start, end=inside[-1].end, kind=kind)


def _statement_limit(text: str, after: int, end: int, later_cues: list[re.Match]) -> int:
    """Where a statement after a cue must stop: before a later cue that starts a new report.

    ``…, adding that``, ``… and said``, ``…; Smith said`` begin a report of their own; a cue word inside the
    statement (``draft legislation he wrote``, ``a CNN report``) does not.
    """
    for cue in later_cues:
        m = _NEW_REPORT_RE.search(text, after, cue.start())
        if m:
            return m.start()
    return end


def _according_to(text, start, end, cue, before, quotes) -> Attribution | None:
    after = tokens(text, cue.end(), end)
    n = noun_phrase_after(after)
    comma_at = next((i for i, t in enumerate(after) if t.text in (",", ".", ";")), len(after))
    if 0 < comma_at <= 20 and (n == 0 or n < comma_at) and not before:
        n = comma_at  # "According to early results of the exit poll conducted by …, S"
    elif n == 0 and before and 0 < comma_at <= 8:
        n = comma_at  # "…, according to ouest-france.fr."
    if n == 0:
        return None
    mention_start, mention_end = after[0].start, after[n - 1].end
    mention = text[mention_start:mention_end]
    lead = [t for t in before if t.bare not in SENTENCE_CONNECTORS and t.text != ","]
    if not lead:
        rest = after[n:]
        comma = next((i for i, t in enumerate(rest) if t.text == ","), None)
        if comma is None:
            return None
        s, e = _trim(text, rest[comma].end, end, quotes, after_cue=True)
    else:
        s, e = _trim(text, start, cue.start(), quotes)
    kind, s, e = _kind(text, s, e, quotes)
    return Attribution(s, e, mention, mention_start, "according to", cue.start(), kind)


def _participle(text, start, end, cue, before, quotes, sentence_subject, next_cue) -> Attribution | None:
    if len(before) > 1 and is_mark(before[-1]) and before[-2].text == ",":
        before = before[:-1]  # 'Cruz said Trump represents "New York values," stating …'
    core = strip_auxiliaries(before)  # "after initially saying"
    if core and core[-1].bare not in _PARTICIPLE_LINKS and core[-1].text not in (",", "—", "–", ";", "."):
        # "with 30 percent of voters saying …", "the share of Republicans saying …": the crowd right before it
        np = noun_phrase_before(core, 0)
        if np and any(t.bare in QUANTITIES or t.bare in GROUP_NOUNS for t in core[np[0] :]):
            mention_start, mention_end = core[np[0]].start, core[-1].end
            issuer = _issuer_before(core, np[0]) if core[-1].bare in WRITINGS else None
            if issuer is not None:
                mention_start, mention_end = issuer  # "the council issued a statement calling …": the council
            s, e = _after_cue(text, cue, next_cue, quotes)
            if e <= s:
                return None
            kind, s, e = _kind(text, s, e, quotes)
            return Attribution(s, e, text[mention_start:mention_end], mention_start, cue.group(), cue.start(), kind)
        return None
    if not core:
        return None
    if sentence_subject is not None:
        mention_start, mention_end = sentence_subject
    else:
        subject = clause_subject(before)
        if subject is None:
            return None
        mention_start, mention_end = subject
    s, e = _after_cue(text, cue, next_cue, quotes)
    if e <= s:
        return None
    kind, s, e = _kind(text, s, e, quotes)
    return Attribution(s, e, text[mention_start:mention_end], mention_start, cue.group(), cue.start(), kind)


def _issuer_before(core: list[Token], writing: int) -> tuple[int, int] | None:
    """``the council issued a statement``: the subject of the verb whose object is the writing."""
    verb = writing - 1
    if verb > 1 and core[verb].bare in ("out", "up"):
        verb -= 1  # "put out a statement"
    if verb < 1 or not (core[verb].text.isalpha() and core[verb].text.islower()) or core[verb].bare in NOT_NOUNS:
        return None  # "shot back in an article stating …": the writing is no verb's object
    np = noun_phrase_before(core[:verb], 0)
    if np is None:
        return None
    return core[np[0]].start, core[verb - 1].end


def _after_cue(text, cue, end, quotes) -> tuple[int, int]:
    """The statement that follows a cue: object of tell/ask skipped, leading adjuncts and ``that`` dropped."""
    pos = cue.end()
    if cue.group().lower() in CALLS:
        m = _DEMAND_RE.match(text, pos, end)
        if m:
            pos = m.end()  # "called for a boycott", "called on Congress to act": the demand is the statement
    after = tokens(text, pos, end)
    if cue.group().lower() in OBJECT_TAKING and after and after[0].bare != "that":
        n = noun_phrase_after(after)
        if n == 0 and after[0].bare in ("reporters", "them", "him", "her", "us", "me", "supporters", "voters",
                                         "listeners", "viewers", "lawmakers", "members", "journalists"):
            n = 1
        if n:
            pos = after[n - 1].end
    m = _THAT_RE.match(text, pos, end)
    if m and '"' not in m.group() and "“" not in m.group() and "," not in m.group() and _ADJUNCT_BEFORE_THAT_RE.fullmatch(
        m.group()
    ):
        pos = m.end()
    else:
        for _ in range(2):
            m = _LEADING_ADJUNCT_RE.match(text, pos, end)
            if not m:
                break
            pos = m.end()
    return _trim(text, pos, end, quotes, after_cue=True)


def _finite(text, start, end, cue, before, quotes, next_cue, sentence_subject=None) -> Attribution | None:
    """A finite cue: ``…, said X`` first, then ``X said S`` or ``S, X said`` around the subject before it."""
    if before and before[-1].bare in _PASSIVE:
        return None
    inverted = _inverted_source(text, start, end, cue, before, quotes)
    if inverted is not None:
        return inverted
    if _names_a_thing(text, end, cue, strip_auxiliaries(before)):
        return None
    subject = subject_before(text, before, quotes)
    core = strip_auxiliaries(before)
    if subject is None and sentence_subject is not None and core and core[-1].bare in ("and", "but"):
        # "Kirsch told the AP … and said …": the second verb shares the sentence's subject
        subject = (sentence_subject[0], sentence_subject[1], sentence_subject[0])
    if subject is None:
        return None
    mention_start, mention_end, lead_end = subject
    mention = text[mention_start:mention_end]
    if cue.group().lower() == "called" and mention.lower().startswith(("a ", "an ")):
        return None  # "a program called Sandy Hook Promise" names, it does not report
    apposition = apposition_beside(text, lead_end, mention_start, mention_end, cue.start())
    source = (mention, mention_start, apposition)
    s, e = _after_cue(text, cue, _clause_limit(text, cue, before, next_cue, quotes), quotes)
    forward_words = _forward_words(text, cue, s, e)
    fronted = _fronted_statement(text, start, lead_end, cue, quotes, (s, e), forward_words, source)
    if fronted is not None:
        return fronted
    if forward_words < 2:
        return None
    kind, s, e = _kind(text, s, e, quotes)
    return Attribution(s, e, mention, mention_start, cue.group(), cue.start(), kind, apposition)


def _inverted_source(text, start, end, cue, before, quotes) -> Attribution | None:
    """``…, said X`` / ``“…,” said X``: the source follows its cue and the statement comes before both."""
    word = cue.group()
    inverted_ok = word.lower() not in OBJECT_TAKING or (word.lower() == "asked" and before and is_mark(before[-1]))
    if not (before and (before[-1].text == "," or is_mark(before[-1])) and inverted_ok):
        return None
    after = tokens(text, cue.end(), end)
    n = noun_phrase_after(after)
    if n and (after[0].bare in ("his", "her", "their", "its", "our", "my") or not any(
        is_capitalised(t) or t.bare in ROLE_WORDS | GROUP_NOUNS | PRONOUNS for t in after[:n]
    )):
        return None  # "…, argued his fight to …": a possessive phrase is what was said, not who said it
    if not n or not (n == len(after) or after[n].text in (",", ".", ";", ":", "(") or after[n].bare in AFTER_SOURCE):
        return None
    mention_start, mention_end = after[0].start, after[n - 1].end
    apposition = None
    named = _name_in_apposition(after, n)
    if named is not None:
        # "said the paper’s lead author, Ann Colby, a space scientist at …": the name is the source
        apposition = text[mention_start:mention_end]
        mention_start, mention_end = named
    s, e = _trim(text, start, before[-1].end if is_mark(before[-1]) else before[-1].start, quotes)
    s = _skip_lead(text, s, e)
    kind, s, e = _kind(text, s, e, quotes)
    return Attribution(s, e, text[mention_start:mention_end], mention_start, word, cue.start(), kind, apposition)


def _name_in_apposition(after: list[Token], n: int) -> tuple[int, int] | None:
    """The name set off by commas right after a description of its bearer (``the lead author, Ann Colby,``)."""
    if n >= len(after) or after[n].text != "," or any(is_capitalised(t) for t in after[:n]):
        return None
    if not any(t.bare in ROLE_WORDS for t in after[:n]):
        return None
    rest = after[n + 1 :]
    m = noun_phrase_after(rest)
    if not m or not all(is_capitalised(t) for t in rest[:m]) or any(t.bare in ROLE_WORDS for t in rest[:m]):
        return None
    if m < len(rest) and rest[m].text not in (",", ".", ";", "(", "—", "–"):
        return None
    return rest[0].start, rest[m - 1].end


def _names_a_thing(text, end, cue, core) -> bool:
    """``Trump’s reported net worth``, ``a minority report``: the cue word is a noun or modifier, not a report."""
    word = cue.group()
    possessive = core and core[-1].text.endswith(("’s", "'s", "s’", "s'")) and core[-1].bare not in PRONOUNS
    if possessive and not re.match(r"\s*(?:that\b|:|[“\"])", text[cue.end() : end]):
        # a possessive owns a noun ("Trump’s tweet discrediting …"); only "Trump’s claim that …" reports speech
        return True
    return word in AMBIGUOUS_NOUNS and (
        not core
        or core[-1].bare in DETERMINERS | {"other", "new", "recent", "earlier", "previous", "latest"}
        or not core[-1].text[0].isupper() and core[-1].bare not in PRONOUNS | {"and", "but"}
    )


def _clause_limit(text, cue, before, next_cue, quotes) -> int:
    """``Given Biden called Putin a butcher, ties will not thaw``: a report in a subordinate clause ends with it."""
    if not before or before[0].bare not in _SUBORDINATORS:
        return next_cue
    following = text[cue.end() : next_cue]
    lead = len(following) - len(following.lstrip(" ,:"))
    comma = next((m.start() for m in re.finditer(",", following) if m.start() >= lead and not
                  quote_at(cue.end() + m.start(), quotes)), None)
    if following.lstrip().startswith(",") and following.lstrip(" ,")[:1] not in MARKS:
        comma = 0  # "After Clinton testified, Gowdy …": the clause ends with its verb
    return next_cue if comma is None else cue.end() + comma


def _forward_words(text, cue, s, e) -> int:
    """Words of the statement after the cue; 0 when they are only an adjunct (``said in a statement``)."""
    if e <= s:
        return 0
    word = cue.group().lower()
    responded_to = word in RESPONSE_CUES and text.startswith("to ", s)  # "responded to a question"
    introduced = re.search(r"\bthat\b|:", text[cue.end() : s])  # "says that in retrospect she …": a clause
    adjunct = _ADJUNCT_ONLY_RE.match(text, s, e) and not introduced and not (word in CALLS and text.startswith("on ", s))
    if adjunct and word not in _ADDRESSED and _INFINITIVE_RE.match(text, s, e):
        adjunct = None  # "asked the network to donate …", "vowed to fight": the infinitive is what was said
    if adjunct or text[s - 1 : s] == "." or text[s] == "." or responded_to:
        return 0
    return word_count(text[s:e])


def _fronted_statement(text, start, lead_end, cue, quotes, forward, forward_words, source) -> Attribution | None:
    """``S, X said`` / ``“S,” X said``: the statement is fronted and set off from its source.

    A comma or a dash sets it off (not "by the time he said"); a short quotation counts only when it is all
    there is before the source (``“Savage,” she said``).
    """
    mention, mention_start, apposition = source
    s, e = forward
    s_back, e_back = _trim(text, start, lead_end, quotes)
    s_back = _skip_lead(text, s_back, e_back)
    backward_words = word_count(text[s_back:e_back]) if e_back > s_back else 0
    quote_before = backward_words >= 1 and text[e_back - 1] in MARKS and quote_at(e_back - 1, quotes) is not None
    if quote_before and backward_words < 3:
        quote_before = quote_at(e_back - 1, quotes).start <= s_back + 1
    set_off = text[start:lead_end].rstrip().endswith((",", "—", "–", ":", "-")) or quote_before
    if not (set_off and (backward_words >= 3 or quote_before) and (quote_before or forward_words < 2)):
        return None
    kind, bs, be = _kind(text, s_back, e_back, quotes)
    after_quote = quote_at(s, quotes) if e > s and text[s] in MARKS else None
    if after_quote is not None and quote_before:
        be = max(be, after_quote.end)  # a quote split around its cue: "…," she said, "…"
    return Attribution(bs, be, mention, mention_start, cue.group(), cue.start(), kind, apposition)


def _skip_lead(text: str, start: int, end: int) -> int:
    """A fronted statement never starts with its story's dateline (``WASHINGTON, May 31, 2013 -``) or with the
    conjunction that links it to the previous sentence."""
    m = _DATELINE.match(text, start, end)
    if m and (re.search(r"[A-Z]{3,}", m.group()) or re.search(r"\d", m.group())):
        start = m.end()
    m = re.match(r"(?:And|But|So|Yet|Or)\s+(?=\S)", text[start:end])
    return start + m.end() if m else start
