"""Who a transcript label names: the fullest name the document gives for it, or nobody.

Labels are shorthand. ``MM:`` is the Martin McCauley introduced earlier, ``Assistant Secretary Cooper:`` the
Clarke Cooper of the title, ``MR. PRICE:`` a Price whose first name may be nowhere in the text. The rule is to
resolve a label only to a name the document itself writes (in a label, its title or its text), and otherwise to
keep the surname as written: an invented first name would be a wrong speaker, a surname is merely a short one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from api.annotate.names import HONORIFICS, fold
from api.annotate.offices import office_holder
from api.annotate.text import word_set
from api.annotate.turn_labels import (
    Label,
    is_anonymous_label,
    is_chair_label,
    is_interviewer_label,
    is_office_label,
    label_words,
)

# Words of a role or title, stripped from the front of a label or a mention to leave the name.
ROLE_WORDS = HONORIFICS | word_set(
    """
    the of to for and on in at sec hon honourable associate honorable rt right secretary assistant defense defence
    state press spokesperson spokesman spokeswoman commander chief director administrator minister
    senior staff joint vice under marine marines navy army air force rear lieutenant lt gen adm sgt
    cpl pvt cmdr commodore brigadier ambassador envoy special representative chairman chairwoman
    chair member members mp mep senator congressman congresswoman representatives foreign home
    interior trade finance health education energy justice attorney solicitor surgeon us u s uk un
    nato eu nasa cdc dod department national security adviser advisor counsellor counselor deputy
    acting principal executive officer head leader coordinator administration federal permanent
    undersecretary procurement affairs public political military bureau
    master commissioner inspector superintendent sheriff prosecutor councillor councilman councilwoman
    alderman bishop cardinal rabbi imam coach manager ceo chairperson dean provost rector
    """
)


# Capitalised words that start sentences or headlines rather than names.
_NOT_NAME_WORDS = word_set(
    """
    a an the this that these those but and or so if when as at in on of by for with from to
    yesterday today tomorrow then now after before during while since also however meanwhile here
    there where what who why how dear daily weekly briefing transcript press conference remarks
    interview statement report with via january february march april may june july august september
    october november december monday tuesday wednesday thursday friday saturday sunday
    """
)
# Nouns of occupation that introduce a speaker ("Russia analyst Jane Roe"); titles are in ROLE_WORDS.
_ROLE_NOUNS = word_set(
    """
    analyst expert economist professor researcher scholar historian lawyer activist spokesman spokeswoman
    spokesperson official officials director commander minister secretary adviser advisor administrator
    chief chairman chairwoman president founder editor correspondent ambassador envoy epidemiologist
    scientist strategist consultant author lead head
    """
)
# Lower-case words that qualify a role noun: "agricultural economist", "former minister".
_ROLE_MODIFIER = re.compile(r"(?:al|ic|ary|ian|ish|ese)$|^(?:former|top|leading|independent|senior|chief)$")
_REPORTING_VERBS = word_set(
    "said says stated continued added explained replied responded answered noted concluded"
)
_ANONYMOUS_FILLER = word_set(
    """
    official officials spokesperson narrator unidentified unknown voice briefer one two three four
    five number no speaker interviewee respondent guest panelist panellist male female both all crowd
    audience members a b c d
    """
)
_TOKEN = r"(?:[A-ZÀ-ÖØ-Þ][\w'’\-]*\.?)"
_MIDDLE_INITIAL = re.compile(r"(?<=\w) [A-Z]\. (?=[A-ZÀ-ÖØ-Þ][a-zà-ÿ])")


@dataclass(frozen=True, slots=True)
class Speaker:
    """What a label resolves to. ``name`` is None when the text never names the speaker."""

    name: str | None
    mention: str
    description: str | None
    role: str  # person | interviewer | anonymous | chair


def resolve_labels(
    labels: list[Label], text: str, title: str | None, source: str | None, said_on: date | None = None
) -> dict[str, Speaker]:
    """One ``Speaker`` per distinct label text (``fold``-ed), consistent across the document."""
    context = f"{title or ''}\n{text}"
    full_names: list[str] = []
    parsed: dict[str, tuple[Label, list[str], str | None]] = {}
    for label in labels:
        key = label_key(label)
        if key in parsed:
            continue
        tokens, role = _name_and_role(label)
        parsed[key] = (label, tokens, role)
        if len(tokens) >= 2 and not _is_initials(tokens):
            full_names.append(_restore_case(" ".join(tokens), context))
    out: dict[str, Speaker] = {}
    for key, (label, tokens, role) in parsed.items():
        out[key] = _resolve_one(label, tokens, role, full_names, context, source, said_on)
    # "WOLF BLITZER, CNN HOST:" makes every later "BLITZER:" an interviewer's turn too.
    interviewers = {
        fold(_restore_case(" ".join(tokens), context))
        for key, (label, tokens, _) in parsed.items()
        if out[key].role == "interviewer" and len(tokens) >= 2
    }
    for key, speaker in out.items():
        if speaker.name and fold(speaker.name) in interviewers:
            out[key] = Speaker(None, speaker.mention, speaker.description, "interviewer")
    # Names are shown without a lone middle initial, as people are usually known ("Mark T. Esper" is Mark Esper).
    for key, speaker in out.items():
        if speaker.name and _MIDDLE_INITIAL.search(speaker.name):
            out[key] = Speaker(_MIDDLE_INITIAL.sub(" ", speaker.name), speaker.mention, speaker.description,
                               speaker.role)
    # One person, one description: the first a label or an introduction gives.
    descriptions: dict[str, str] = {}
    for speaker in out.values():
        if speaker.name and speaker.description:
            descriptions.setdefault(speaker.name, speaker.description)
    for key, speaker in out.items():
        if speaker.name and speaker.name not in descriptions:
            role = _introduced_role(speaker.name, context)
            if role:
                descriptions[speaker.name] = role
        if speaker.name and descriptions.get(speaker.name) != speaker.description:
            out[key] = Speaker(speaker.name, speaker.mention, descriptions.get(speaker.name), speaker.role)
    return out


def _introduced_role(name: str, context: str) -> str | None:
    """The role an introduction gives: "said Russia analyst Jane Roe" -> "Russia analyst"."""
    for m in re.finditer(rf"\b{re.escape(name)}\b", context):
        line_start = context.rfind("\n", 0, m.start()) + 1
        words = context[max(line_start, m.start() - 80) : m.start()].split()
        kept: list[str] = []
        for word in reversed(words):
            folded = fold(word)
            is_role = folded in _ROLE_NOUNS or (folded in ROLE_WORDS and word[0].isupper())
            modifier = bool(kept) and word.islower() and bool(_ROLE_MODIFIER.search(word))
            if is_role or modifier or (folded in {"of", "for", "the"} and kept):
                kept.insert(0, word)
            elif word[0].isupper() and kept and word[-1] not in ",.;:" and folded not in _NOT_NAME_WORDS:
                kept.insert(0, word)
                break
            else:
                break
        while kept and fold(kept[0]) in {"of", "for", "the"}:
            kept.pop(0)
        kept = [w for w in kept if fold(w) not in {"mr", "mrs", "ms", "miss", "dr", "hon"}]
        if any(fold(w) in _ROLE_NOUNS or fold(w) in ROLE_WORDS for w in kept):
            return " ".join(kept)
    return None


def label_key(label: Label) -> str:
    return fold(f"{label.name} {label.paren or ''}")


def _resolve_one(
    label: Label, tokens: list[str], role: str | None, full_names: list[str], context: str, source: str | None,
    said_on: date | None,
) -> Speaker:
    mention = label.text.rstrip(" :.").strip()
    description = _tidy_role(role)
    if is_interviewer_label(label, source):
        return Speaker(None, mention, description or _title(label.name), "interviewer")
    if is_chair_label(label):
        return Speaker(None, mention, "Speaker of the House", "chair")
    if is_anonymous_label(label) and _names_nobody(tokens):
        return Speaker(None, mention, _title(label.name), "anonymous")
    if not tokens:
        named = _name_after_role(label.name, context)
        if named:
            return Speaker(
                named, mention, _title(label.name.removeprefix("The ").removeprefix("THE ")), "person"
            )
        office = _title(label.name.removeprefix("The ").removeprefix("THE "))
        holder = office_holder(office, said_on)
        if holder:
            return Speaker(holder, mention, office, "person")
        if is_office_label(label):
            # "THE PRESIDENT:" with no name and no date: the office is the best name the text gives
            return Speaker(f"The {office}", mention, office, "person")
        return Speaker(None, mention, _title(label.name), "anonymous")
    if len(tokens) == 1:
        word = tokens[0]
        if len(word.rstrip(".")) < 2 or fold(word) == "answer":
            return Speaker(None, mention, description, "anonymous")
        # An upper-case short label is a surname when a name in the document ends with it ("VOSS" of
        # "Eli Voss"), else initials ("MM" of "Martin McCauley"), else an outlet's initials ("RT").
        full = _fullest_name(word, full_names, context)
        if full is None and _is_initials(tokens):
            full = _name_with_initials(word, full_names, context)
            if full is None and (len(word) <= 3 or not re.search(r"[AEIOUY]", word)):
                return Speaker(None, mention, description, "interviewer")
        return Speaker(full or _restore_case(word, context), mention, description, "person")
    return Speaker(_restore_case(" ".join(tokens), context), mention, description, "person")


def _name_and_role(label: Label) -> tuple[list[str], str | None]:
    """Split a label into name words (as written) and the role words before them."""
    outside, paren = label.name, label.paren
    outside_words = outside.split()
    if paren and outside_words and fold(outside_words[0]) not in HONORIFICS:
        paren_words = paren.split()
        if paren_words and fold(paren_words[0]) in HONORIFICS:
            return _strip_role(paren_words)[0], outside
    tokens, role = _strip_role(outside_words)
    if not tokens and paren and _reads_as_name(paren):
        return paren.split(), outside
    if paren and not role and set(label_words(paren)) & ROLE_WORDS:
        role = paren
    return tokens, role


def _reads_as_name(text: str) -> bool:
    """``Boris Johnson`` in ``The Prime Minister (Boris Johnson)``: capitalised words, no roles, no commas."""
    words = text.split()
    return (
        2 <= len(words) <= 4
        and "," not in text
        and all(
            w[0].isupper() and fold(w) not in ROLE_WORDS and fold(w) not in _NOT_NAME_WORDS for w in words
        )
    )


def _strip_role(words: list[str]) -> tuple[list[str], str | None]:
    if len(words) > 1 and fold(words[0]) in _REPORTING_VERBS:
        words = words[1:]  # "Continued Stone:" is Stone
    i = 0
    while i < len(words) and fold(words[i]) in ROLE_WORDS:
        i += 1
    role = " ".join(words[:i]) or None
    return words[i:], role


def _tidy_role(role: str | None) -> str | None:
    if not role:
        return None
    words = [w for w in role.split() if fold(w) not in {"mr", "mrs", "ms", "miss", "dr"}]
    while words and fold(words[0]) == "the":
        words.pop(0)
    cased = [w.lower() if fold(w) in {"of", "to", "the", "for", "and"} else _title(w) for w in words]
    return " ".join(cased) or None


def _is_initials(tokens: list[str]) -> bool:
    return len(tokens) == 1 and 2 <= len(tokens[0]) <= 4 and tokens[0].isalpha() and tokens[0].isupper()


def _names_nobody(tokens: list[str]) -> bool:
    """True when every word left is a role word or a number (``OFFICIAL ONE``)."""
    return all(fold(t) in ROLE_WORDS or fold(t) in _ANONYMOUS_FILLER or fold(t).isdigit() for t in tokens)


def _name_with_initials(initials: str, full_names: list[str], context: str) -> str | None:
    """``MM`` -> the first name in the document whose words start with M and M."""
    for name in full_names:
        if _initials_of(name) == initials:
            return name
    letters = list(initials)
    pattern = (
        r"\b"
        + r"[^\S\n]+(?:[A-Z]\.[^\S\n]+)?".join(rf"{c}[a-z'’]*(?:[A-Z][a-z'’]+)?" for c in letters)
        + r"\b"
    )
    for m in re.finditer(pattern, context):
        words = m.group(0).split()
        if all(fold(w) not in _NOT_NAME_WORDS and fold(w) not in ROLE_WORDS and len(w) > 1 for w in words):
            return " ".join(words)
    return None


def _initials_of(name: str) -> str:
    return "".join(w[0] for w in name.split() if not re.fullmatch(r"[A-Z]\.", w) and w[0].isupper())


def _fullest_name(surname: str, full_names: list[str], context: str) -> str | None:
    """The longest name ending in ``surname``: other labels first, then the title and text."""
    key = fold(surname)
    for name in full_names:
        if fold(name.split()[-1]) == key or (
            len(name.split()) > 1
            and fold(name.split()[-2]) == key
            and fold(name.split()[-1]) in {"jr", "sr", "ii", "iii"}
        ):
            return name
    best: str | None = None
    pattern = re.compile(rf"((?:{_TOKEN}[^\S\n]+){{1,4}})((?i:{re.escape(surname)}))\b(?![\w'’-])")
    for m in pattern.finditer(context):
        words: list[str] = []
        for word in reversed(m.group(1).split()):
            folded = fold(word)
            if _is_initial(word):
                words.insert(0, word)
                continue
            if not folded or folded in ROLE_WORDS or folded in _NOT_NAME_WORDS or re.search(r"['’](?:s|m|re|ve|ll|d)$", word):
                break
            words.insert(0, word)
        if not words or all(_is_initial(w) for w in words):
            continue
        candidate = " ".join(words + [m.group(2)])
        if (m.group(2).isupper() and len(m.group(2)) > 1) or not m.group(2)[0].isupper():
            continue
        if best is None or len(candidate.split()) > len(best.split()):
            best = candidate
    return best


def _is_initial(word: str) -> bool:
    return bool(re.fullmatch(r"[A-Z]\.", word))


def _name_after_role(role_label: str, context: str) -> str | None:
    """``THE PRESIDENT:`` -> the Biden of "Remarks by President Biden", when the document says so."""
    words = [w for w in role_label.split() if fold(w) not in {"the", "mr", "madam", "madame"}]
    if not words:
        return None
    role = r"[^\S\n]+".join(re.escape(_title(w)) for w in words)
    m = re.search(rf"\b{role}[^\S\n]+((?:{_TOKEN}[^\S\n]+){{0,2}}[A-ZÀ-ÖØ-Þ][\w'’\-]+)", context)
    if not m:
        return None
    name_words = re.sub(r"['’]s$", "", m.group(1)).split()
    if any(fold(w) in _NOT_NAME_WORDS or fold(w) in ROLE_WORDS for w in name_words):
        return None
    return " ".join(name_words)


def _restore_case(name: str, context: str) -> str:
    """An upper-case label name in the case the document writes it elsewhere (``MCKENZIE`` -> ``McKenzie``)."""
    if not name.isupper():
        return name
    pattern = r"[^\S\n]+".join(re.escape(w) for w in name.split())
    for m in re.finditer(rf"(?i)\b{pattern}(?![\w'’-])", context):
        if not m.group(0).isupper():
            return " ".join(m.group(0).split())
    return _title(name)


def _title(text: str) -> str:
    def one(word: str) -> str:
        if not word.isupper() or len(word) <= 1:
            return word
        w = word.capitalize()
        if re.match(r"Ma?c[a-z]{3,}", w):
            cut = 2 if w.startswith("Mc") else 3
            w = w[:cut] + w[cut].upper() + w[cut + 1 :]
        return w

    return " ".join(one(w) for w in text.split())
