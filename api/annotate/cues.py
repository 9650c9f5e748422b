"""Reporting cues: the verbs (and ``according to``) that say someone spoke, found outside quotations.

The lexicon is written out rather than learned: reporting verbs are a closed class in news writing, and a list
keeps the pipeline fast, deterministic and explainable. Forms that are also nouns (``claims``, ``reports``) are
listed apart, because they report speech only when a source stands right before them.
"""

from __future__ import annotations

import re

from .quotes import Quote, quote_at
from .text import word_set

# Finite reporting verbs. Ambiguous noun forms (states, reports, claims, notes) need a subject before them.
FINITE_CUES = word_set("""
    say says said tell tells told add adds added stated explain explains explained argue argues argued
    insist insists insisted warn warns warned note noted declare declares declared announce announces
    announced tweet tweeted respond responds responded reply replies replied suggest suggests suggested
    acknowledge acknowledges acknowledged admit admits admitted assert asserts asserted contend contends
    contended maintain maintains maintained predict predicts predicted recall recalls recalled remark
    remarked report reported urge urges urged promise promised promises vow vows vowed deny denies denied
    claim claimed write writes wrote ask asks asked lament laments lamented stress stresses stressed
    emphasize emphasizes emphasized emphasise emphasised confirm confirms confirmed concede concedes
    conceded complain complains complained elaborated mentioned observe observes observed charge charged
    quipped joked boasted bragged cautioned countered reiterated reiterates recounted
    testified posted agreed agrees disputed objected estimated estimates
    describe describes described call calls called accuse accuses accused underscore underscores underscored
    """)

AMBIGUOUS_NOUNS = word_set("states reports claims notes promises estimates charge calls call report claim note tweet post")

PARTICIPLE_CUES = word_set("""
    saying adding noting arguing warning telling explaining insisting claiming stating asking urging writing
    declaring suggesting acknowledging admitting asserting predicting promising vowing denying stressing
    emphasizing confirming complaining calling
    """)

# Cues whose first noun phrase is the listener, not the statement: "told reporters …", "urged Congress to …".
OBJECT_TAKING = word_set("tell tells told telling ask asks asked asking urge urges urged urging warn warns warned warning")

CUE_RE = re.compile(
    r"\b(?:[Aa]ccording to|"
    + "|".join(sorted(FINITE_CUES | PARTICIPLE_CUES, key=len, reverse=True))
    + r")\b"
)

# Any past-tense verb between a closing quote and a name reports that quote: "…” quipped Senator X".
VERB_AFTER_QUOTE_RE = re.compile(
    r"(?<=[”\"’',] )[a-z]{3,}ed\b(?=\s+(?:[A-Z]|he\b|she\b))|(?<=[”\"’',])[a-z]{3,}ed\b(?=\s+[A-Z])"
)

CALLS = word_set("call calls called calling")  # "called on X to Y": the demand, not a time or place

# Speech acts that name or charge someone ("called Putin a butcher", "accused NATO of …"): only their quoted
# words were said.
NAMING_CUES = CALLS | word_set("accuse accuses accused accusing")

RESPONSE_CUES = word_set("respond responds responded reply replies replied")

_MAX_CUES_PER_SENTENCE = 40
_WORD_RE = re.compile(r"[A-Za-z]+")
_CUE_WORDS = FINITE_CUES | PARTICIPLE_CUES | {"according", "According"}
# Headlines capitalise every word: "Trump Says His Plan Will Not Let People Die".
_HEADLINE_CUE_RE = re.compile(r"\b(?:Says|Said|Tells|Told|Warns|Warned|Claims|Urges|Vows|Admits|Denies|Insists)\b")
_WORD = re.compile(r"[^\W\d_][\w’'-]*")
_MINOR_WORDS = word_set("a an the of to in on at for and or but as by with from vs")


def _is_headline(sentence: str) -> bool:
    """A line in title case, where the capital of a reporting verb does not start a sentence."""
    words = [w for w in _WORD.findall(sentence) if w.lower() not in _MINOR_WORDS]
    return len(words) >= 4 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def find_cues(text: str, start: int, end: int, quotes: list[Quote]) -> list[re.Match]:
    """The cues of ``text[start:end]`` in order, none inside a quotation, at most a bounded number."""
    # scanning words and matching the lexicon only where a cue word stands is much faster than one big alternation
    cues = [
        m
        for w in _WORD_RE.finditer(text, start, end)
        if w.group() in _CUE_WORDS and not quote_at(w.start(), quotes)
        for m in (CUE_RE.match(text, w.start(), end),)
        if m is not None
    ]
    if _is_headline(text[start:end]):
        cues += [m for m in _HEADLINE_CUE_RE.finditer(text, start, end) if not quote_at(m.start(), quotes)]
    known = {m.start() for m in cues}
    cues += [
        m
        for m in VERB_AFTER_QUOTE_RE.finditer(text, start, end)
        if m.start() not in known and not quote_at(m.start(), quotes) and quote_at(m.start() - 2, quotes)
    ]
    cues.sort(key=lambda m: m.start())
    return [
        m
        for m in cues[:_MAX_CUES_PER_SENTENCE]
        # "so-called", "much-touted", markup such as <tweet tweet-id=…>
        if text[m.start() - 1 : m.start()] not in ("-", "<") and text[m.end() : m.end() + 1] not in ("-", "=")
    ]
