"""Attribution inside one sentence: the reporting cue, who it is said by, and which words are the statement.

Rules follow the shapes news writing uses, found by a lexicon of reporting verbs rather than a parser:

* ``X said (that) S`` / ``X told reporters S`` / ``X warned S``: the statement follows the cue;
* ``S, X said`` / ``S, said X`` / ``"S," X said``: the statement precedes the cue;
* ``according to X, S`` and ``S, according to X``;
* ``X …, saying (that) S`` / ``adding that S``: a participle continues the sentence subject's speech;
* appositions between the name and the cue (``X, an analyst at Y, said``) are skipped.

The speaker is returned as the mention written in the text; resolving it is ``speakers``' job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .quotes import Quote, word_count
from .speakers import DETERMINERS, ROLE_WORDS
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
    insist quipped joked boasted bragged cautioned countered conceded reiterated reiterates recounted
    testified predicted posted agreed agrees disputed objected estimated estimates
    describe describes described call calls called accuse accuses accused
    """)
AMBIGUOUS_NOUNS = word_set("states reports claims notes promises estimates charge calls call report claim note tweet post")
PARTICIPLE_CUES = word_set("""
    saying adding noting arguing warning telling explaining insisting claiming stating asking urging writing
    declaring suggesting acknowledging admitting asserting predicting promising vowing denying stressing
    emphasizing confirming complaining calling
    """)
OBJECT_TAKING = frozenset(
    ["tell", "tells", "told", "telling", "ask", "asks", "asked", "asking", "urge", "urges", "urged", "urging", "warn", "warns", "warned", "warning"]
)
_AUXILIARIES = word_set("""
    has have had 's is was would will could should might may can also previously repeatedly later then again
    once recently reportedly publicly privately further never often always already just still even first
    initially subsequently simply flatly quickly frequently long earlier separately similarly himself
    herself themselves not did does do has since both all each
    """)
_PASSIVE = word_set("is was are were be been being 's to")
SENTENCE_CONNECTORS = word_set("""
    but and or so yet still however meanwhile also then now later when while as in on at after before since
    although though if because indeed instead moreover furthermore nevertheless separately similarly
    earlier last this that there here speaking asked given despite during following amid under with without
    for from by to of
    """)
GROUP_NOUNS = word_set("""
    officials analysts experts critics sources aides supporters voters people observers residents witnesses
    police campaign statement report poll polls study survey memo letter article book website ad lawsuit
    complaint filing document documents email emails tweet post release administration government spokesman
    spokeswoman spokesperson democrats republicans members lawmakers leaders scientists economists
    strategists advisers advisors allies opponents organizers delegates activists protesters researchers
    authorities investigators prosecutors diplomats staff staffers team group party committee
    """)
PRONOUNS = word_set("he she they we i it you")
_NUMBERS = word_set("two three four five six several many some most few both other")
# Poll results speak too: "55 percent said so", "one in four said".
_QUANTITIES = word_set("percent % half third quarter majority plurality one two three four five six seven eight nine ten")
# Words that cannot head a source noun phrase.
_NOT_NOUNS = word_set(
    """
    that which who whom whose and or but nor to of in on at for with by from as than it them him her us me you this
    there here not also be been being is was are were has have had do does did will would can could should may
    might must then so if when while because about after before over under into onto up down out off just only
    """
)
_MODIFIERS = word_set("""
    former senior top longtime chief deputy assistant acting then-presidential presidential republican
    democratic veteran independent local federal state foreign national outgoing incoming current
    """)

_CUE_RE = re.compile(
    r"\b(?:[Aa]ccording to|"
    + "|".join(sorted(FINITE_CUES | PARTICIPLE_CUES, key=len, reverse=True))
    + r")\b"
)
# Any past-tense verb between a closing quote and a name reports that quote: "…” quipped Senator X".
_VERB_AFTER_QUOTE_RE = re.compile(r"(?<=[”\"’',] )[a-z]{3,}ed\b(?=\s+(?:[A-Z]|he\b|she\b))|(?<=[”\"’',])[a-z]{3,}ed\b(?=\s+[A-Z])")
_TRAILING_CONJUNCTION_RE = re.compile(r"[\s,]+(?:and|but|or|before|after|while)$")
# What may follow an inverted source: "said Stu Li of the Li Report", "said Ana Ruiz, who …"
_AFTER_SOURCE = word_set("in on at of from with who which as after before during to")
_CALLS = word_set("call calls called calling")  # "called on X to Y": the demand, not a time or place
_RESPONSE_CUES = word_set("respond responds responded reply replies replied")
# A later cue starts a new report when a comma, semicolon or "and" precedes it within a few words.
_NEW_REPORT_RE = re.compile(r"(?:[,;—–][”\"’']?|\band\b|\bbut\b)\s+(?:[\w.’'()-]+\s+){0,6}$")
_GROUP_PRONOUNS = word_set("some many others several most few both all")
_WINDOW = 600
_MAX_CUES_PER_SENTENCE = 40
_SUBORDINATORS = word_set("given if when whenever although though because while since after before once unless")
# Only an adjunct may stand between a cue and its "that": "said on Tuesday that", "wrote in a memo that".
_ADJUNCT_BEFORE_THAT_RE = re.compile(
    r"\s*(?:(?:on|in|at|during|after|before|last|this|earlier|later|late|early|yesterday|today|monday|tuesday|"
    r"wednesday|thursday|friday|saturday|sunday|again|also|repeatedly|previously|publicly|privately|recently|"
    r"then|once|too|both|separately|flatly|frequently|often|simply)\b[^,;]*?\s)?that\s+",
    re.IGNORECASE,
)
_CONTRACTION = re.compile(r"[’'](?:d|s|ve|ll|re|m)$")
_APPOSITION_RE = re.compile(r"\s*[,—–]?\s*([^,;:“”\"]{2,120}?)\s*[,—–]")
_TIME_WORDS = word_set(
    """
    monday tuesday wednesday thursday friday saturday sunday today yesterday tonight morning afternoon evening
    night week month weekend january february march april june july august september october november december
    """
)
_PLACE_ABBREVIATION = re.compile(r"[A-Z][a-z]{0,4}\.|[A-Z]\.[A-Z]\.|[A-Z]{2}")
_PARTY_LABEL = re.compile(r"[DRI]-[A-Z][\w.]*")
_TOKEN_RE = re.compile(
    r"(?:[A-Z]\.){2,}(?=\s)|(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Maj|Capt|Sgt|Adm|Amb|Rev|Prof|St|Jr|Sr|Pres|Atty|[A-Z])\.(?=\s)"
    r"|[\w’'](?:[\w’'&-]|\.(?=\w))*|[^\w\s]"
)
_THAT_RE = re.compile(r"(?:\W*\w+\W+){0,8}?that\s+", re.DOTALL)
_LEADING_ADJUNCT_RE = re.compile(
    r"\s*(?:(?:on|in|at|during|after|before|last|this|earlier|later|late|early|yesterday|today|tuesday|"
    r"monday|wednesday|thursday|friday|saturday|sunday)\b[^,:;\"“”]{0,60}?[,:]|[,:—–-])\s*",
    re.IGNORECASE,
)
_OPEN_MARKS = "\"“”‘’'«»"
# what may follow a cue without being the statement: "in a Saturday statement", "on Twitter", "to reporters"
_ADJUNCT_ONLY_RE = re.compile(
    r"(?:in|on|at|to|during|after|before|from|via|with|through|by|for|late|early|last|this|earlier|today|"
    r"yesterday|tonight|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
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


@dataclass(frozen=True, slots=True)
class _Token:
    text: str
    start: int
    end: int

    @property
    def bare(self) -> str:
        return self.text.lower().strip(".")


def _tokens(text: str, start: int, end: int) -> list[_Token]:
    return [_Token(m.group(), m.start(), m.end()) for m in _TOKEN_RE.finditer(text, start, end)]


def _is_mark(tok: _Token) -> bool:
    return all(ch in _OPEN_MARKS for ch in tok.text)


def _inside(pos: int, quotes: list[Quote]) -> Quote | None:
    for q in quotes:
        if q.start <= pos < q.end:
            return q
    return None


def _is_cap(tok: _Token) -> bool:
    return tok.text[0].isupper()


def _np_backward(toks: list[_Token], sentence_first: int) -> tuple[int, int] | None:
    """Index range of the noun phrase ending at the end of ``toks`` (a source mention), or None."""
    if not toks:
        return None
    last = toks[-1]
    if _CONTRACTION.sub("", last.bare) in PRONOUNS or last.bare in _GROUP_PRONOUNS and (len(toks) == 1 or not toks[-2].text[0].isalpha()):
        return (len(toks) - 1, len(toks))  # "he said", "Some said", "Others argue"
    i = len(toks)
    seen_head = False
    steps = 0
    while i > 0 and steps < 14:
        steps += 1
        tok = toks[i - 1]
        bare = tok.bare
        if tok.text == ")":
            # a party-and-state label or aside: "Sen. Jack Reed (D-R.I.)"
            j = i - 1
            while j > 0 and toks[j - 1].text != "(" and i - j <= 6:
                j -= 1
            if j == 0 or toks[j - 1].text != "(":
                break
            i = j - 1
            continue
        if tok.text in ("’s", "'s") or re.fullmatch(r"[A-Z][\w’'.&-]*", tok.text):
            if i - 1 == sentence_first and bare in SENTENCE_CONNECTORS:
                break
            i -= 1
            seen_head = True
            continue
        if bare in ROLE_WORDS or bare in GROUP_NOUNS or bare in _MODIFIERS or bare in _QUANTITIES or bare.isdigit() or (
            _CONTRACTION.sub("", bare) in ROLE_WORDS and seen_head
        ):
            i -= 1
            seen_head = True
            continue
        if bare in ("of", "for", "to", "at", "the", "on", "in", "-", "’s", "'s", "&") and seen_head:
            i -= 1
            if bare == "the" and not (i > 1 and toks[i - 1].bare in ("of", "for", "to", "at")):
                break  # "the Kremlin" ends here; "Ambassador to the US" goes on
            continue
        if bare in DETERMINERS and seen_head:
            i -= 1
            break
        if not seen_head and i == len(toks) and tok.text.isalpha() and tok.text.islower() and bare not in _NOT_NOUNS:
            # a common noun with its determiner a few words back: "The NFL legend", "a young child"
            k = i - 1
            while k > 0 and i - k <= 4:
                prev = toks[k - 1]
                if prev.bare in DETERMINERS or prev.bare in _NUMBERS:
                    return (k - 1, len(toks))
                if _is_cap(prev) and k - 1 != sentence_first or prev.text in ("’s", "'s"):
                    # "Alphabet's founders", "Republican leaders"
                    while k > 0 and (_is_cap(toks[k - 1]) or toks[k - 1].text in ("’s", "'s")):
                        k -= 1
                    if toks[k].bare in SENTENCE_CONNECTORS:
                        k += 1
                    return (k, len(toks)) if k < i - 1 else None
                if not prev.text.replace("-", "").isalpha() or prev.bare in _NOT_NOUNS:
                    break
                k -= 1
        if seen_head and tok.text.replace("-", "").isalpha() and tok.text.islower() and bare not in _NOT_NOUNS:
            # adjectives before a head, back to their determiner: "the congressional report"
            k = i - 1
            while k > 0 and i - k <= 3 and toks[k - 1].text.replace("-", "").isalpha():
                if toks[k - 1].bare in DETERMINERS:
                    i = k - 1
                    break
                if toks[k - 1].bare in _NOT_NOUNS:
                    break
                k -= 1
        break
    while i < len(toks) and toks[i].bare in ("of", "for", "to", "at", "on", "in", "-", "&"):
        i += 1
    if i >= len(toks):
        return None
    span = toks[i:]
    if not any(_is_cap(t) or t.bare in ROLE_WORDS | GROUP_NOUNS | _QUANTITIES for t in span):
        return None
    if len(span) == 1 and span[0].bare in SENTENCE_CONNECTORS | DETERMINERS and span[0].bare not in _GROUP_PRONOUNS:
        return None
    return (i, len(toks))


def _np_forward(toks: list[_Token]) -> int:
    """Number of tokens of the noun phrase that starts ``toks`` (0 when there is none)."""
    if not toks:
        return 0
    if toks[0].bare in PRONOUNS:
        return 1
    if toks[0].bare in _TIME_WORDS or toks[0].bare in ("of", "for", "to", "at", "-", "&", "in", "on"):
        return 0  # "said Sunday", "said at the time": an adjunct, not a source
    i = 0
    while i < len(toks) and i < 12:
        tok = toks[i]
        bare = tok.bare
        if re.fullmatch(r"[A-Z][\w’'.&-]*", tok.text) or tok.text in ("’s", "'s"):
            i += 1
            continue
        if bare in ROLE_WORDS or bare in GROUP_NOUNS or bare in _MODIFIERS or bare in DETERMINERS or (
            bare in _NUMBERS or bare.isdigit()
        ):
            i += 1
            continue
        if i and (toks[i - 1].bare in DETERMINERS or toks[i - 1].bare in _NUMBERS) and tok.text.isalpha() and (
            tok.text.islower()
        ):
            i += 1  # "the ministry", "two officials": a common noun after its determiner
            if i < len(toks) and toks[i].bare in DETERMINERS:
                break  # "told the paper the vote was lost"
            continue
        if bare in ("of", "for", "to", "at", "-", "&") and i + 1 < len(toks) and (
            _is_cap(toks[i + 1]) or toks[i + 1].bare in ("the",)
        ):
            i += 1
            continue
        if tok.text.isalpha() and tok.text.islower() and bare not in _NOT_NOUNS and any(
            _is_cap(t) or t.bare in ROLE_WORDS for t in toks[i + 1 : i + 3]
        ):
            i += 1  # "undecided Republican voter Ana Ruiz", "political consultant Bo Li"
            continue
        break
    while i > 0 and toks[i - 1].bare in DETERMINERS | {"of", "for", "to", "at", "-", "&"}:
        i -= 1
    if i and not any(_is_cap(t) or t.bare in ROLE_WORDS | GROUP_NOUNS or t.text.islower() for t in toks[:i]):
        return 0
    return i


def _strip_auxiliaries(toks: list[_Token]) -> list[_Token]:
    """Drop what stands between a subject and its cue: auxiliaries, adverbs, and times (``on Friday``)."""
    end = len(toks)
    while end > 0:
        bare = toks[end - 1].bare
        if bare in _AUXILIARIES or (bare.endswith("ly") and toks[end - 1].text.islower() and bare != "only"):
            end -= 1
            continue
        if bare in _TIME_WORDS:
            end -= 1
            while end > 0 and toks[end - 1].bare in _TIME_WORDS | {"on", "late", "early", "last", "this", "earlier"}:
                end -= 1
            continue
        break
    return toks[:end]


def _is_apposition(chunk: list[_Token]) -> bool:
    """``an analyst at X``, ``who was named …``, ``Russia’s senior analyst``: words about a name, not a name."""
    if len(chunk) > 30:
        return False
    first = chunk[0]
    if first.text.isdigit():
        return True  # an age: "Marcel Lazar, 44, said"
    if first.text[0].islower() or any(t.bare in ROLE_WORDS and t.text.islower() for t in chunk):
        return True
    # "EU’s Lead Spokesperson for Foreign Affairs": a capitalised title followed by what it is a title of
    return any(
        t.bare in ROLE_WORDS and i + 1 < len(chunk) and chunk[i + 1].bare in ("for", "of", "at", "to", "on")
        for i, t in enumerate(chunk)
    )


def _subject_before(text: str, toks: list[_Token], quotes: list[Quote] = ()) -> tuple[int, int, int] | None:
    """(mention start, mention end, start of the text before the mention) for a cue preceded by ``toks``."""
    cut_after_quote = False
    for i in range(len(toks) - 1, -1, -1):
        if _is_mark(toks[i]):
            quote = _inside(toks[i].start, quotes)
            if quote is None or quote.start <= toks[0].start + 2:
                toks = toks[i + 1 :]  # "“…,” Texas delegate Bill Eastland said": the source follows the quote
                cut_after_quote = True
            break
    toks = _strip_auxiliaries(toks)
    if len(toks) > 1 and _is_mark(toks[-1]) and toks[-2].text == ",":
        toks = toks[:-1]  # "Ada Vance, who calls the mayor a “coward,” said": the comma closes an apposition
    if not toks:
        return None
    if toks[-1].text in ("—", "–") and any(t.text == toks[-1].text for t in toks[:-1]):
        # "Jason Sims — a teacher from Mount Pleasant — says": dashes set off an apposition like commas
        toks = [_Token(",", t.start, t.end) if t.text in ("—", "–") else t for t in toks]
    if toks[-1].text == ",":
        # apposition(s): "X, an analyst at Y, who …, said" — walk back over comma chunks to a name
        chunks: list[list[_Token]] = [[]]
        for tok in toks[:-1]:
            if tok.text == ",":
                chunks.append([])
            elif tok.text == "." and chunks[-1]:
                last = chunks[-1][-1]  # "Mo." in "a driver from Ava, Mo., said"
                chunks[-1][-1] = _Token(last.text + ".", last.start, tok.end)
            elif not _is_mark(tok):
                chunks[-1].append(tok)
        chunks = [c for c in chunks if c] or [[]]
        for skipped, chunk in enumerate(reversed(chunks)):
            if skipped > 3 or not chunk:
                return None
            if skipped < len(chunks) - 1 and _is_apposition(chunk):
                continue  # "Russia’s senior analyst at the International Crisis Group" describes the name before it
            if len(chunk) == 1 and (_PARTY_LABEL.fullmatch(chunk[0].text) or _PLACE_ABBREVIATION.fullmatch(
                chunk[0].text
            )) and skipped < len(chunks) - 1:
                continue  # "Sen. Marco Rubio, R-Fla., said", "a driver from Ava, Mo., said"
            index = len(chunks) - 1 - skipped
            previous = chunks[index - 1] if index > 0 else []
            if len(previous) >= 2 and _is_cap(previous[-1]) and previous[-2].bare in ("from", "in", "at", "of") and (
                len(chunk) <= 3 and all(_is_cap(t) for t in chunk) and index > 1
            ):
                continue  # "a gynecologist from Englewood, New Jersey, who said": the state of a place
            lead = _np_forward(chunk)
            if 0 < lead < len(chunk) and _is_cap(chunk[0]) and chunk[lead].bare in ("of", "from", "at", "in", "with", "and"):
                # "Darran Whiting of Liberty Baptist Church in Marion, said"
                return (chunk[0].start, chunk[lead - 1].end, chunk[0].start)
            np = _np_backward(chunk, 0)
            if np and all(t.bare in SENTENCE_CONNECTORS or t.bare in FINITE_CUES for t in chunk[: np[0]]) and any(
                _is_cap(t) for t in chunk[np[0] :]
            ):
                first_np = chunk[np[0]]
                if first_np.bare not in ("the", "a", "an") or skipped == 0 or chunk[-1].bare in GROUP_NOUNS:
                    index = len(chunks) - 1 - skipped
                    lead = first_np.start
                    if cut_after_quote and index > 0 and all(
                        _is_apposition(c) and any(t.bare in ROLE_WORDS for t in c) for c in chunks[:index]
                    ):
                        lead = chunks[0][0].start  # "‘…,’ the health secretary, Wes Streeting, told the BBC"
                    return (first_np.start, chunk[-1].end, lead)
            if not _is_apposition(chunk):
                return None
        return None
    if toks[-1].bare in ("and", "but"):
        # "X thanked the crowd and said …": the subject of the first verb of the clause
        clause = toks[:-1]
        for i in range(len(clause) - 1, -1, -1):
            if clause[i].text in (",", ";", ":") or _is_mark(clause[i]):
                clause = clause[i + 1 :]
                break
        first = 0
        while first < len(clause) and clause[first].bare in SENTENCE_CONNECTORS | {"when", "after", "as"}:
            first += 1
        n = _np_forward(clause[first:])
        if n and first + n < len(clause) and clause[first + n].text.islower():
            return (clause[first].start, clause[first + n - 1].end, clause[first].start)
        if clause and clause[0].bare in ("who", "which"):
            # "Sanders, who endorsed Canova and said …": the name before the relative clause
            head = [t for t in toks if t.end <= clause[0].start]
            if head and head[-1].text == ",":
                head = head[:-1]
            np = _np_backward(head, 0)
            if np:
                return (head[np[0]].start, head[-1].end, head[np[0]].start)
        return None
    if toks[-1].bare in ("who", "which"):
        rest = toks[:-1]
        if len(rest) > 1 and rest[-1].text == "," and any(t.text == "," for t in rest[:-1]):
            return _subject_before(text, rest, quotes)  # "Alan Berger, a doctor from Englewood, N.J., who said"
        if rest and rest[-1].text == ",":
            rest = rest[:-1]
        np = _np_backward(rest, 0)
        if np:
            return (rest[np[0]].start, rest[-1].end, rest[np[0]].start)
        return None
    np = _np_backward(toks, 0)
    if not np:
        return None
    return (toks[np[0]].start, toks[-1].end, toks[np[0]].start)


def _trim(text: str, start: int, end: int, quotes: list[Quote], after_cue: bool = False) -> tuple[int, int]:
    """Drop spaces and trailing sentence punctuation (a closing quote mark stays), and after a cue its ``that``."""
    while start < end and (text[start].isspace() or text[start] in ",:;—–-"):
        start += 1
    if after_cue and text.startswith("that ", start):
        start += 5
    while True:
        while end > start and (text[end - 1].isspace() or text[end - 1] in ",.;:—–-"):
            if _inside(end - 1, quotes) and text[end - 1] in ",.":
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
    cues = [m for m in _CUE_RE.finditer(text, start, end) if not _inside(m.start(), quotes)]
    known = {m.start() for m in cues}
    cues += [
        m
        for m in _VERB_AFTER_QUOTE_RE.finditer(text, start, end)
        if m.start() not in known and not _inside(m.start(), quotes) and _inside(m.start() - 2, quotes)
    ]
    cues.sort(key=lambda m: m.start())
    del cues[_MAX_CUES_PER_SENTENCE:]
    for index, cue in enumerate(cues):
        word = cue.group()
        if text[cue.start() - 1 : cue.start()] in ("-", "<") or text[cue.end() : cue.end() + 1] in ("-", "="):
            continue  # "so-called", "much-touted", markup such as <tweet tweet-id=…>
        next_cue = _statement_limit(text, cue.end(), end, cues[index + 1 : index + 6])
        # a source is never far from its cue: a window keeps run-on "sentences" (lists, tables) linear
        before = _tokens(text, max(start, cue.start() - _WINDOW), cue.start())
        if word.lower() == "according to":
            found = _according_to(text, start, end, cue, before, quotes)
        elif word in PARTICIPLE_CUES:
            found = _participle(text, start, end, cue, before, quotes, sentence_subject, next_cue)
        else:
            # a statement before this cue cannot reach back past an earlier report in the sentence:
            # "“A,” she said, but …, “B,” said Kunin" gives B to the second cue, not A again
            floor = max((r.end if r.end <= cue.start() else r.cue_start + len(r.cue) for r in results), default=start)
            found = _finite(text, max(start, floor), end, cue, before, quotes, next_cue, sentence_subject)
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
    after = _tokens(text, cue.end(), end)
    n = _np_forward(after)
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
    if len(before) > 1 and _is_mark(before[-1]) and before[-2].text == ",":
        before = before[:-1]  # 'Cruz said Trump represents "New York values," stating …'
    if not before or not (
        before[-1].text in (",", "—", "–", ";", ".") or before[-1].bare in ("and", "before", "after", "by", "while", "when")
    ):
        return None
    if sentence_subject is not None:
        mention_start, mention_end = sentence_subject
    else:
        subject = _clause_subject(before)
        if subject is None:
            return None
        mention_start, mention_end = subject
    s, e = _after_cue(text, cue, next_cue, quotes)
    if e <= s:
        return None
    kind, s, e = _kind(text, s, e, quotes)
    return Attribution(s, e, text[mention_start:mention_end], mention_start, cue.group(), cue.start(), kind)


def _clause_subject(toks: list[_Token]) -> tuple[int, int] | None:
    """The first noun phrase followed by a verb-like word, at the sentence start or after a comma.

    A participle (``…, saying``) speaks for the subject of its sentence; introductory phrases
    (``In response to X, Y rallied supporters, saying``) and datelines are passed over.
    """
    starts = [0] + [i + 1 for i, t in enumerate(toks) if t.text in (",", "—", "–")]
    for first in starts:
        while first < len(toks) and (toks[first].bare in SENTENCE_CONNECTORS or toks[first].text == ","):
            first += 1
        n = _np_forward(toks[first:])
        if n == 0 or first + n >= len(toks):
            continue
        after_np = first + n
        while after_np + 1 < len(toks) and (toks[after_np].bare in _AUXILIARIES or toks[after_np].bare.endswith("ly")):
            after_np += 1  # "Paul then interjected", "Ada Vance also said"
        following = toks[after_np]
        if following.text.isalpha() and following.text.islower() and following.bare not in _NOT_NOUNS - {
            "has", "have", "had", "is", "was", "also", "will", "would", "and"
        }:
            return toks[first].start, toks[first + n - 1].end
        if first == 0 and following.text in (",", "—", "–") and any(_is_cap(t) for t in toks[:n]):
            return toks[0].start, toks[n - 1].end  # "Sen. Mark Kirk, R-Ill., who …, rescinded …, saying"
    return None


def _after_cue(text, cue, end, quotes) -> tuple[int, int]:
    """The statement that follows a cue: object of tell/ask skipped, leading adjuncts and ``that`` dropped."""
    pos = cue.end()
    if cue.group().lower() in ("call", "calls", "called", "calling"):
        m = re.match(r"\s+for\s+", text[pos:end])
        if m:
            pos += m.end()  # "called for a boycott": the demand is the statement
    after = _tokens(text, pos, end)
    if cue.group().lower() in OBJECT_TAKING and after and after[0].bare != "that":
        n = _np_forward(after)
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
    word = cue.group()
    if before and before[-1].bare in _PASSIVE:
        return None
    after = _tokens(text, cue.end(), end)
    # inverted: "…, said X" / "“…,” said X"
    inverted_ok = word.lower() not in OBJECT_TAKING or (word.lower() == "asked" and before and _is_mark(before[-1]))
    if before and (before[-1].text == "," or _is_mark(before[-1])) and inverted_ok:
        n = _np_forward(after)
        if n and (after[0].bare in ("his", "her", "their", "its", "our", "my") or not any(
            _is_cap(t) or t.bare in ROLE_WORDS | GROUP_NOUNS | PRONOUNS for t in after[:n]
        )):
            n = 0  # "…, argued his fight to …": a possessive phrase is what was said, not who said it
        if n and (n == len(after) or after[n].text in (",", ".", ";", ":", "(") or after[n].bare in _AFTER_SOURCE):
            mention_start, mention_end = after[0].start, after[n - 1].end
            s, e = _trim(text, start, before[-1].end if _is_mark(before[-1]) else before[-1].start,
                         quotes)
            s = _skip_lead(text, s, e)
            kind, s, e = _kind(text, s, e, quotes)
            return Attribution(s, e, text[mention_start:mention_end], mention_start, word, cue.start(), kind)
    core = _strip_auxiliaries(before)
    if word in AMBIGUOUS_NOUNS and (
        not core
        or core[-1].bare in DETERMINERS
        or core[-1].text.endswith(("’s", "'s", "s’", "s'"))
        or not core[-1].text[0].isupper() and core[-1].bare not in PRONOUNS | {"and", "but"}
    ):
        return None  # "a minority report", "Trump’s tweet": nouns, not verbs
    subject = _subject_before(text, before, quotes)
    if subject is None and sentence_subject is not None and core and core[-1].bare in ("and", "but"):
        # "Kirsch told the AP … and said …": the second verb shares the sentence's subject
        subject = (sentence_subject[0], sentence_subject[1], sentence_subject[0])
    if subject is None:
        return None
    mention_start, mention_end, lead_end = subject
    mention = text[mention_start:mention_end]
    apposition = _apposition(text, lead_end, mention_start, mention_end, cue.start())
    if word.lower() == "called" and mention.lower().startswith(("a ", "an ")):
        return None  # "a program called Sandy Hook Promise" names, it does not report
    limit = next_cue
    if before and before[0].bare in _SUBORDINATORS:
        # "Given Biden called Putin a butcher, ties will not thaw": the report ends with its clause
        lead = len(text[cue.end() : next_cue]) - len(text[cue.end() : next_cue].lstrip(" ,:"))
        comma = next((m.start() for m in re.finditer(",", text[cue.end() : next_cue]) if m.start() >= lead and not
                      _inside(cue.end() + m.start(), quotes)), None)
        if comma is not None:
            limit = cue.end() + comma
    s, e = _after_cue(text, cue, limit, quotes)
    forward_words = word_count(text[s:e]) if e > s else 0
    responded_to = word.lower() in _RESPONSE_CUES and text.startswith("to ", s)  # "responded to a question"
    adjunct = _ADJUNCT_ONLY_RE.match(text, s, e) and not (word.lower() in _CALLS and text.startswith("on ", s))
    if forward_words and (adjunct or text[s - 1 : s] == "." or text[s] == "." or responded_to):
        forward_words = 0
    s_back, e_back = _trim(text, start, lead_end, quotes)
    s_back = _skip_lead(text, s_back, e_back)
    backward_words = word_count(text[s_back:e_back]) if e_back > s_back else 0
    after_quote = _inside(s, quotes) if e > s and text[s] in _OPEN_MARKS else None
    quote_before = backward_words >= 1 and text[e_back - 1] in _OPEN_MARKS and _inside(e_back - 1, quotes) is not None
    if quote_before and backward_words < 3:
        # a short quotation ("“Savage,” she said") counts only when it is all there is before the source
        quote_before = _inside(e_back - 1, quotes).start <= s_back + 1
    # a fronted statement is set off from its source by a comma or a dash: "S, he said" (not "by the time he said")
    set_off = text[start:lead_end].rstrip().endswith((",", "—", "–", ":", "-")) or quote_before
    if set_off and (backward_words >= 3 or quote_before) and (quote_before or forward_words < 2):
        kind, bs, be = _kind(text, s_back, e_back, quotes)
        if after_quote is not None and quote_before:
            # a quote split around its cue: "…," she said, "…"
            return Attribution(bs, max(be, after_quote.end), mention, mention_start, word, cue.start(), kind,
                               apposition)
        return Attribution(bs, be, mention, mention_start, word, cue.start(), kind, apposition)
    if forward_words < 2:
        return None
    kind, s, e = _kind(text, s, e, quotes)
    return Attribution(s, e, mention, mention_start, word, cue.start(), kind, apposition)


def _apposition(text: str, lead: int, mention_start: int, mention_end: int, cue_start: int) -> str | None:
    """The role set off by commas beside the source (``X, an analyst at Y, said``), for its description."""
    for part in (text[mention_end:cue_start], text[lead:mention_start]):
        m = _APPOSITION_RE.match(part)
        if m and any(_CONTRACTION.sub("", w.lower().strip(".,")) in ROLE_WORDS for w in m.group(1).split()):
            return m.group(1)
    return None


def _skip_lead(text: str, start: int, end: int) -> int:
    """A fronted statement never starts with the conjunction that links it to the previous sentence."""
    m = re.match(r"(?:And|But|So|Yet|Or)\s+(?=\S)", text[start:end])
    return start + m.end() if m else start
