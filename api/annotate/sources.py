"""Sources: the noun phrase that names who spoke, found beside a cue without a parser.

A parser would be slower and no more reliable on the run-on, dateline-heavy sentences of news, while the
places a source can stand beside its cue are few: before it, past auxiliaries, times and appositions set off by
commas or dashes (``X, an analyst at Y, who …, said``) and party or place labels (``R-Fla.``, ``Mo.``); or after
an inverted cue (``said Senator Ana Ruiz of Ohio``, ``said the paper's lead author, Ann Colby, a …``, where the
name, not the description around it, is the source). What it returns is the mention as written, because who
that is depends on the rest of the document, which only ``speakers`` follows. Titled names met outside any cue
(``Pentagon Press Secretary Geoff Morrell spoke …``) are found here too, since news often names a speaker only
in the sentence after quoting him by role.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .cues import FINITE_CUES
from .quotes import Quote, quote_at
from .speakers import DETERMINERS, ROLE_WORDS, WRITINGS
from .text import word_set

AUXILIARIES = word_set("""
    has have had 's is was would will could should might may can also previously repeatedly later then again
    once recently reportedly publicly privately further never often always already just still even first
    initially subsequently simply flatly quickly frequently long earlier separately similarly himself
    herself themselves not did does do has since both all each only
    """)

SENTENCE_CONNECTORS = word_set("""
    but and or so yet still however meanwhile also then now later when while as in on at after before since
    although though if because indeed instead moreover furthermore nevertheless separately similarly
    earlier last this that there here speaking asked given despite during following amid under with without
    for from by to of
    """)

GROUP_NOUNS = word_set("""
    officials analysts experts critics source sources aides supporters voters people observers residents witnesses
    police campaign statement report poll polls study survey memo letter article book website ad lawsuit
    complaint filing document documents email emails tweet post release administration government spokesman
    spokeswoman spokesperson democrats republicans members lawmakers leaders scientists economists
    strategists advisers advisors allies opponents organizers delegates activists protesters researchers
    authorities investigators prosecutors diplomats staff staffers team group party committee
    """)

PRONOUNS = word_set("he she they we i it you")

_NUMBERS = word_set("one two three four five six several many some most few both other")

# Poll results speak too: "55 percent said so", "one in four said".
QUANTITIES = word_set("percent % half third quarter majority plurality one two three four five six seven eight nine ten")

# Words that cannot head a source noun phrase.
NOT_NOUNS = word_set(
    """
    that which who whom whose and or but nor to of in on at for with by from as than it them him her us me you this
    there here not also be been being is was are were has have had do does did will would can could should may
    might must then so if when while because about after before over under into onto up down out off just only
    where what how why whose
    """
)

_MODIFIERS = word_set("""
    former retired senior top longtime chief deputy assistant acting then-presidential presidential republican
    democratic veteran independent local federal state foreign national outgoing incoming current
    """)

# What may follow an inverted source: "said Stu Li of the Li Report", "said Ana Ruiz, who …"
AFTER_SOURCE = word_set("in on at of from with who which as after before during to")

_GROUP_PRONOUNS = word_set("some many others several most few both all")

# Endings of English adjectives: "a scientific paper", "the federal agency", "a political scientist".
_ADJECTIVE_ENDING = re.compile(r"(?:ic|al|ous|ive|ful|ent|ant|ary|ian|ese|ish)$")

CONTRACTION = re.compile(r"[’'](?:d|s|ve|ll|re|m)$")

_APPOSITION_RE = re.compile(r"\s*[,—–]?\s*([^,;:“”\"]{2,120}?)\s*[,—–]")

TIME_WORDS = word_set(
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

MARKS = "\"“”‘’'«»"


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int

    @property
    def bare(self) -> str:
        return self.text.lower().strip(".")


def tokens(text: str, start: int, end: int) -> list[Token]:
    return [Token(m.group(), m.start(), m.end()) for m in _TOKEN_RE.finditer(text, start, end)]


def is_mark(tok: Token) -> bool:
    return all(ch in MARKS for ch in tok.text)


def is_capitalised(tok: Token) -> bool:
    return tok.text[0].isupper()


def noun_phrase_before(toks: list[Token], sentence_first: int) -> tuple[int, int] | None:
    """Index range of the noun phrase ending at the end of ``toks`` (a source mention), or None."""
    if not toks:
        return None
    last = toks[-1]
    if CONTRACTION.sub("", last.bare) in PRONOUNS or last.bare in _GROUP_PRONOUNS and (len(toks) == 1 or not toks[-2].text[0].isalpha()):
        return (len(toks) - 1, len(toks))  # "he said", "Some said", "Others argue"
    i = _name_and_title_start(toks, sentence_first)
    if i is None:
        return _common_noun_phrase(toks, sentence_first)
    while i < len(toks) and toks[i].bare in ("of", "for", "to", "at", "on", "in", "-", "&"):
        i += 1
    if i >= len(toks):
        return None
    span = toks[i:]
    if not any(is_capitalised(t) or t.bare in ROLE_WORDS | GROUP_NOUNS | QUANTITIES for t in span):
        return None
    if len(span) == 1 and span[0].bare in SENTENCE_CONNECTORS | DETERMINERS and span[0].bare not in _GROUP_PRONOUNS:
        return None
    return (i, len(toks))


def _name_and_title_start(toks: list[Token], sentence_first: int) -> int | None:
    """Where a run of names, titles and roles ending ``toks`` starts (``Sen. Jack Reed (D-R.I.)``,
    ``the Kremlin``, ``Ambassador to the US``); None when the last word is no part of such a run."""
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
        if bare in ROLE_WORDS or bare in GROUP_NOUNS or bare in _MODIFIERS or bare in QUANTITIES or bare.isdigit() or (
            CONTRACTION.sub("", bare) in ROLE_WORDS and seen_head
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
        if not seen_head and i == len(toks) and tok.text.isalpha() and tok.text.islower() and bare not in NOT_NOUNS:
            return None  # a common noun ends the phrase: see _common_noun_phrase
        if seen_head and tok.text.replace("-", "").isalpha() and tok.text.islower() and bare not in NOT_NOUNS:
            i = _back_to_determiner(toks, i)
        break
    return i


def _back_to_determiner(toks: list[Token], i: int) -> int:
    """Adjectives before a head, back to their determiner (``the congressional report``) or to the comma that
    opens the phrase (``…, council spokesman Ivo Marek said``)."""
    k = i - 1
    while k > 0 and i - k <= 3 and toks[k - 1].text.replace("-", "").isalpha():
        if toks[k - 1].bare in DETERMINERS:
            return k - 1
        if toks[k - 1].bare in NOT_NOUNS:
            break
        k -= 1
    modifiers = toks[k:i]
    if 0 < len(modifiers) <= 2 and (k == 0 or toks[k - 1].text in (",", ";", "—", "–")) and (
        i < len(toks) and toks[i].bare in ROLE_WORDS | GROUP_NOUNS
    ) and all(t.text.islower() and t.bare not in NOT_NOUNS | SENTENCE_CONNECTORS for t in modifiers):
        return k
    return i


def _common_noun_phrase(toks: list[Token], sentence_first: int) -> tuple[int, int] | None:
    """A common noun with its determiner a few words back (``The NFL legend``, ``a young child``), its
    capitalised owner (``Alphabet's founders``, ``Republican leaders``) or a bare plural opening its clause
    (``But hacking specialists say``)."""
    i = len(toks)
    bare = toks[-1].bare
    k = i - 1
    while k > 0 and i - k <= 4:
        prev = toks[k - 1]
        if prev.bare in DETERMINERS or prev.bare in _NUMBERS:
            return (k - 1, len(toks))
        if is_capitalised(prev) and (k - 1 != sentence_first or prev.bare not in SENTENCE_CONNECTORS) or (
            prev.text in ("’s", "'s")
        ):
            while k > 0 and (is_capitalised(toks[k - 1]) or toks[k - 1].text in ("’s", "'s")):
                k -= 1
            if toks[k].bare in SENTENCE_CONNECTORS:
                k += 1
            return (k, len(toks)) if k < i - 1 else None
        if not prev.text.replace("-", "").isalpha() or prev.bare in NOT_NOUNS:
            break
        k -= 1
    clause_start = k == 0 or toks[k - 1].text in (",", ";", "—", "–") or toks[k - 1].bare in (
        "but", "and", "yet", "so", "while", "although", "though", "because"
    )
    if clause_start and bare.endswith("s") and not bare.endswith("ss") and i - k <= 3:
        return (k, len(toks))
    return None


def noun_phrase_after(toks: list[Token]) -> int:
    """Number of tokens of the noun phrase that starts ``toks`` (0 when there is none)."""
    if not toks:
        return 0
    if toks[0].bare in PRONOUNS:
        return 1
    if toks[0].bare in TIME_WORDS or toks[0].bare in ("of", "for", "to", "at", "-", "&", "in", "on"):
        return 0  # "said Sunday", "said at the time": an adjunct, not a source
    i = 0
    modified = -1
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
        if i and (toks[i - 1].bare in DETERMINERS or toks[i - 1].bare in _NUMBERS or i == modified) and (
            _common_word(tok)
        ):
            i += 1  # "the ministry", "two officials": a common noun after its determiner
            if i < len(toks) and toks[i].bare in DETERMINERS:
                break  # "told the paper the vote was lost"
            if i < len(toks) and _common_word(toks[i]) and toks[i].bare not in NOT_NOUNS and (
                CONTRACTION.search(tok.text) or _ADJECTIVE_ENDING.search(tok.text)
            ):
                modified = i  # "the paper’s lead author", "a scientific paper": the phrase goes on to its head
            continue
        if bare in ("by", "from") and i and toks[i - 1].bare in WRITINGS and i + 1 < len(toks) and (
            is_capitalised(toks[i + 1]) or toks[i + 1].bare == "the"
        ):
            i += 1  # "an analysis by Ana Ruiz", "figures from the Weather Service": the writing's issuer
            continue
        if bare in ("of", "for", "to", "at", "-", "&") and i + 1 < len(toks) and (
            is_capitalised(toks[i + 1]) or toks[i + 1].bare in ("the",)
        ):
            i += 1
            continue
        if tok.text.isalpha() and tok.text.islower() and bare not in NOT_NOUNS and any(
            is_capitalised(t) or t.bare in ROLE_WORDS for t in toks[i + 1 : i + 3]
        ) and sum(is_capitalised(t) for t in toks[:i]) <= 1:
            # "undecided Republican voter Ana Ruiz", "political consultant Bo Li"; but a name already
            # read is complete: "Bernie Sanders endorsed Mrs. Clinton"
            i += 1
            continue
        break
    while i > 0 and toks[i - 1].bare in DETERMINERS | {"of", "for", "to", "at", "-", "&"}:
        i -= 1
    if i and not any(is_capitalised(t) or t.bare in ROLE_WORDS | GROUP_NOUNS or t.text.islower() for t in toks[:i]):
        return 0
    return i


def _common_word(tok: Token) -> bool:
    """A lowercase word, possibly possessive (``paper’s``)."""
    word = CONTRACTION.sub("", tok.text)
    return word.isalpha() and word.islower()


def strip_auxiliaries(toks: list[Token]) -> list[Token]:
    """Drop what stands between a subject and its cue: auxiliaries, adverbs, and times (``on Friday``)."""
    end = len(toks)
    while end > 0:
        bare = toks[end - 1].bare
        if bare in AUXILIARIES or (bare.endswith("ly") and toks[end - 1].text.islower() and bare != "only"):
            end -= 1
            continue
        if bare in TIME_WORDS:
            end -= 1
            while end > 0 and toks[end - 1].bare in TIME_WORDS | {"on", "late", "early", "last", "this", "earlier"}:
                end -= 1
            continue
        break
    return toks[:end]


def is_apposition(chunk: list[Token]) -> bool:
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


def subject_before(text: str, toks: list[Token], quotes: list[Quote] = ()) -> tuple[int, int, int] | None:
    """(mention start, mention end, start of the text before the mention) for a cue preceded by ``toks``."""
    cut_after_quote = False
    for i in range(len(toks) - 1, -1, -1):
        if is_mark(toks[i]):
            quote = quote_at(toks[i].start, quotes)
            if quote is None or quote.start <= toks[0].start + 2:
                toks = toks[i + 1 :]  # "“…,” Texas delegate Bill Eastland said": the source follows the quote
                cut_after_quote = True
            break
    then = bool(toks) and toks[-1].bare == "then"
    toks = strip_auxiliaries(toks)
    if then and toks and toks[-1].text == ",":
        # "Kasich offered the man a job, then says …": the verb continues the clause's subject
        subject = clause_subject(toks[:-1])
        if subject is not None:
            return (subject[0], subject[1], subject[0])
    if len(toks) > 1 and is_mark(toks[-1]) and toks[-2].text == ",":
        toks = toks[:-1]  # "Ada Vance, who calls the mayor a “coward,” said": the comma closes an apposition
    if not toks:
        return None
    if toks[-1].text in ("—", "–") and any(t.text == toks[-1].text for t in toks[:-1]):
        # "Jason Sims — a teacher from Mount Pleasant — says": dashes set off an apposition like commas
        toks = [Token(",", t.start, t.end) if t.text in ("—", "–") else t for t in toks]
    if toks[-1].text == ",":
        return _source_before_appositions(toks[:-1], cut_after_quote)
    if toks[-1].bare in ("and", "but"):
        return _subject_of_second_verb(toks)
    if toks[-1].bare in ("who", "which"):
        return _subject_of_relative_clause(text, toks, quotes)
    np = noun_phrase_before(toks, 0)
    if not np:
        return None
    return (toks[np[0]].start, toks[-1].end, toks[np[0]].start)


def _comma_chunks(toks: list[Token]) -> list[list[Token]]:
    """The words between commas, quote marks dropped; ``Mo.`` keeps its full stop."""
    chunks: list[list[Token]] = [[]]
    for tok in toks:
        if tok.text == ",":
            chunks.append([])
        elif tok.text == "." and chunks[-1]:
            last = chunks[-1][-1]  # "Mo." in "a driver from Ava, Mo., said"
            chunks[-1][-1] = Token(last.text + ".", last.start, tok.end)
        elif not is_mark(tok):
            chunks[-1].append(tok)
    return [c for c in chunks if c] or [[]]


def _source_before_appositions(toks: list[Token], cut_after_quote: bool) -> tuple[int, int, int] | None:
    """``X, an analyst at Y, who …, said``: walk back over the comma chunks that describe a name to the name."""
    chunks = _comma_chunks(toks)
    for skipped, chunk in enumerate(reversed(chunks)):
        if skipped > 3 or not chunk:
            return None
        index = len(chunks) - 1 - skipped
        if index > 0 and _describes_the_name_before(chunk, chunks[index - 1], index):
            continue
        lead = noun_phrase_after(chunk)
        if 0 < lead < len(chunk) and is_capitalised(chunk[0]) and chunk[lead].bare in ("of", "from", "at", "in", "with", "and"):
            # "Darran Whiting of Liberty Baptist Church in Marion, said"
            return (chunk[0].start, chunk[lead - 1].end, chunk[0].start)
        np = noun_phrase_before(chunk, 0)
        if np and all(t.bare in SENTENCE_CONNECTORS or t.bare in FINITE_CUES for t in chunk[: np[0]]) and any(
            is_capitalised(t) for t in chunk[np[0] :]
        ):
            first_np = chunk[np[0]]
            if first_np.bare not in ("the", "a", "an") or skipped == 0 or chunk[-1].bare in GROUP_NOUNS:
                lead_start = first_np.start
                if cut_after_quote and index > 0 and all(
                    is_apposition(c) and any(t.bare in ROLE_WORDS for t in c) for c in chunks[:index]
                ):
                    lead_start = chunks[0][0].start  # "‘…,’ the health secretary, Wes Streeting, told the BBC"
                return (first_np.start, chunk[-1].end, lead_start)
        if not is_apposition(chunk):
            return None
    return None


def _describes_the_name_before(chunk: list[Token], previous: list[Token], index: int) -> bool:
    """An apposition, a party label (``R-Fla.``), a state (``Mo.``) or the state of a place (``…, New Jersey,``)."""
    if is_apposition(chunk):
        return True  # "Russia’s senior analyst at the International Crisis Group" describes the name before it
    if len(chunk) == 1 and (_PARTY_LABEL.fullmatch(chunk[0].text) or _PLACE_ABBREVIATION.fullmatch(chunk[0].text)):
        return True  # "Sen. Marco Rubio, R-Fla., said", "a driver from Ava, Mo., said"
    # "a gynecologist from Englewood, New Jersey, who said": the state of a place
    return len(previous) >= 2 and is_capitalised(previous[-1]) and previous[-2].bare in ("from", "in", "at", "of") and (
        len(chunk) <= 3 and all(is_capitalised(t) for t in chunk) and index > 1
    )


def _subject_of_second_verb(toks: list[Token]) -> tuple[int, int, int] | None:
    """``X thanked the crowd and said …``: the subject of the first verb of the clause."""
    clause = toks[:-1]
    for i in range(len(clause) - 1, -1, -1):
        if clause[i].text in (",", ";", ":") or is_mark(clause[i]):
            clause = clause[i + 1 :]
            break
    first = 0
    while first < len(clause) and clause[first].bare in SENTENCE_CONNECTORS | {"when", "after", "as"}:
        first += 1
    n = noun_phrase_after(clause[first:])
    if n and first + n < len(clause) and clause[first + n].text.islower():
        return (clause[first].start, clause[first + n - 1].end, clause[first].start)
    if clause and clause[0].bare in ("who", "which"):
        # "Sanders, who endorsed Canova and said …": the name before the relative clause
        head = [t for t in toks if t.end <= clause[0].start]
        if head and head[-1].text == ",":
            head = head[:-1]
        np = noun_phrase_before(head, 0)
        if np:
            return (head[np[0]].start, head[-1].end, head[np[0]].start)
    subject = clause_subject(toks[:-1])  # "Clinton has disputed both critiques, but says …"
    return None if subject is None else (subject[0], subject[1], subject[0])


def _subject_of_relative_clause(text: str, toks: list[Token], quotes: list[Quote]) -> tuple[int, int, int] | None:
    """``Ana Ruiz, who said …``: the name the relative pronoun stands for."""
    rest = toks[:-1]
    if len(rest) > 1 and rest[-1].text == "," and any(t.text == "," for t in rest[:-1]):
        return subject_before(text, rest, quotes)  # "Alan Berger, a doctor from Englewood, N.J., who said"
    if rest and rest[-1].text == ",":
        rest = rest[:-1]
    np = noun_phrase_before(rest, 0)
    if np:
        return (rest[np[0]].start, rest[-1].end, rest[np[0]].start)
    return None


def clause_subject(toks: list[Token]) -> tuple[int, int] | None:
    """The first noun phrase followed by a verb-like word, at the sentence start or after a comma.

    A participle (``…, saying``) speaks for the subject of its sentence; introductory phrases
    (``In response to X, Y rallied supporters, saying``) and datelines are passed over.
    """
    starts = [0] + [i + 1 for i, t in enumerate(toks) if t.text in (",", "—", "–")]
    for first in starts:
        while first < len(toks) and (toks[first].bare in SENTENCE_CONNECTORS or toks[first].text == ","):
            first += 1
        n = noun_phrase_after(toks[first:])
        if n == 0 or first + n >= len(toks):
            continue
        after_np = first + n
        while after_np + 1 < len(toks) and (toks[after_np].bare in AUXILIARIES or toks[after_np].bare.endswith("ly")):
            after_np += 1  # "Paul then interjected", "Ada Vance also said"
        following = toks[after_np]
        if following.text.isalpha() and following.text.islower() and following.bare not in NOT_NOUNS - {
            "has", "have", "had", "is", "was", "also", "will", "would", "and"
        }:
            return toks[first].start, toks[first + n - 1].end
        if first == 0 and following.text in (",", "—", "–") and any(is_capitalised(t) for t in toks[:n]):
            return toks[0].start, toks[n - 1].end  # "Sen. Mark Kirk, R-Ill., who …, rescinded …, saying"
    return None


def apposition_beside(text: str, lead: int, mention_start: int, mention_end: int, cue_start: int) -> str | None:
    """The role set off by commas beside the source (``X, an analyst at Y, said``), for its description."""
    for part in (text[mention_end:cue_start], text[lead:mention_start]):
        m = _APPOSITION_RE.match(part)
        if m and any(CONTRACTION.sub("", w.lower().strip(".,")) in ROLE_WORDS for w in m.group(1).split()):
            return m.group(1)
    return None



def titled_names(text: str, start: int, end: int, quotes: list[Quote] = ()) -> list[tuple[int, int]]:
    """Spans of titled names in narration: ``Pentagon Press Secretary Geoff Morrell``, ``Defense Secretary
    Chuck Hagel``. A title and at least a first and last name, outside quotations."""
    if not any(m.group(1).lower() in ROLE_WORDS for m in _WORD_BEFORE_NAME.finditer(text, start, end)):
        return []
    found = []
    toks = [t for t in tokens(text, start, end) if not quote_at(t.start, quotes)]
    i = 0
    while i < len(toks):
        j = i
        while j < len(toks) and _title_or_name(toks, j):
            j += 1
        span = _titled_name(toks[i:j])
        if span is not None:
            found.append(span)
        i = max(j, i + 1)
    return found


# A word before two capitalised ones: where a title could stand before a name (most sentences have none).
_WORD_BEFORE_NAME = re.compile(r"(?=\b([A-Za-z]+)\.?\s+[A-Z][\w’'.-]*\s+[A-Z])")


def _title_or_name(toks: list[Token], j: int) -> bool:
    tok = toks[j]
    if tok.bare in ROLE_WORDS or re.fullmatch(r"[A-Z][\w’'.&-]*", tok.text):
        return True
    # "Secretary of State Lena Moss": a connector inside a title
    return tok.bare in ("of", "for") and 0 < j < len(toks) - 1 and is_capitalised(toks[j + 1])


def _titled_name(run: list[Token]) -> tuple[int, int] | None:
    roles = [k for k, t in enumerate(run) if t.bare in ROLE_WORDS]
    if not roles:
        return None
    name = run[roles[-1] + 1 :]
    if len(name) < 2 or len(name) > 4 or not all(is_capitalised(t) and t.text[-1] != "." or len(t.text) == 2 for t in name):
        return None
    first = 0
    while first < roles[0] and (run[first].bare in SENTENCE_CONNECTORS or run[first].bare in TIME_WORDS):
        first += 1
    return run[first].start, run[-1].end
