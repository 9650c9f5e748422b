"""Speaker mentions within one document: who a mention names, and which earlier speaker it continues.

A mention as written (``Kremlin spokesman Dmitry Peskov``) is split into a name (``Dmitry Peskov``) and a
description (``Kremlin spokesman``). A later ``Peskov``, ``he`` or ``the spokesman`` continues the chain of the
last compatible named speaker, and each chain is shown under the fullest name seen in the document, so one
person is one speaker. Institutions speak as organisations (``the Kremlin``). Sources that name a crowd rather
than someone (``officials``, ``some EU diplomats``, ``47 percent``) keep the words of the text as their speaker
with ``speaker_kind`` "group", so the service can keep them apart from people across documents; a pronoun
with no one before it gets no speaker rather than a guessed one.

A speaker's name is what a reader could look up, never a phrase: a capital standing for its government
(``Moscow said``) is an organisation; a writing or a count speaks for whoever issued it (``figures from X``, ``an
analysis by X``) and for no one when the text does not say who; a speaker described by role (``a senior Defense
Department spokesman said``) takes the name the next sentence gives a compatible title, as news leads do, and
``the press secretary`` goes to the person given that title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .names import normalise_name
from .text import word_set

PERSON_PRONOUNS = word_set("he she him her i we")
GROUP_PRONOUNS = word_set("they it")
QUANTITY_PRONOUNS = word_set("some many others several most few both all")
DETERMINERS = word_set("the a an this that these those its his her their our some many several")
CONNECTORS = word_set("of to for at on in from and with 's")
NAME_PARTICLES = word_set("von van de der den da del della di du la le al el bin ibn ben st")
NAME_SUFFIXES = word_set("jr jr. sr sr. ii iii iv")

# Words that say what someone is; in a mention they belong to the description, never to the name.
ROLE_WORDS = word_set("""
    president vice-president secretary secretary-general undersecretary minister ambassador amb spokesman
    spokeswoman spokesperson spokespeople senator sen rep representative congressman congresswoman
    governor gov mayor chairman chairwoman chair chief director head leader analyst expert adviser advisor
    aide official officials candidate nominee nominees chancellor premier prime general gen commander
    colonel col admiral adm judge justice attorney prosecutor lawyer professor prof dr doctor mr mrs ms
    miss sir lord lady king queen prince princess sheikh pope reverend rev economist strategist consultant
    manager operative pollster founder ceo executive editor correspondent reporter columnist writer author
    commentator host anchor researcher fellow scholar historian member mep mp lawmaker legislator delegate
    speaker whip deputy assistant acting former then-candidate candidate, activist organizer surrogate
    superdelegate supporter critic opponent rival challenger incumbent frontrunner front-runner billionaire
    businessman businesswoman mogul magnate envoy diplomat counsel investigator inspector commissioner
    officer sheriff captain capt lieutenant lt sergeant sgt major maj cardinal bishop rabbi imam
    comptroller clerk treasurer auditor registrar
    """)
ORGANISATION_WORDS = word_set("""
    department ministry office committee council commission agency house party union kremlin pentagon court
    senate congress administration campaign foundation institute university group bank times post news
    network association organization organisation police government service services bureau board
    center centre company corporation inc corp network press journal magazine television radio cnn
    federation alliance coalition movement caucus army navy military forces fund society league club
    embassy parliament assembly cabinet nato un eu fbi cia gop dnc rnc
    """)
_CONTRACTION = re.compile(r"[’'](?:d|s|ve|ll|re|m)$")
_ROLE_ABBREVIATIONS = {"sen": "senator", "gov": "governor", "rep": "representative", "amb": "ambassador",
                       "gen": "general", "pres": "president", "sec": "secretary", "atty": "attorney"}
_HONORIFICS_ONLY = word_set("mr mrs ms miss mx mr. mrs. ms. mx.")
_TOKEN = re.compile(r"\S+")
_PARENTHESES = re.compile(r"\([^)]*\)")
_TITLED_NAME = re.compile(
    r"\b(?:Mr\.|Mrs\.|Ms\.|Dr\.|President|Sen\.|Senator|Gov\.|Governor|Rep\.|Secretary) [A-Z][a-z]+(?:[-’'][A-Z]?[a-z]+)?\b"
)
_POSSESSIVE_BEFORE = re.compile(r"[’']s\s+$")
_PLACE_HEADS = word_set("""
    valley river county street avenue mountain mountains island islands lake bay beach park center centre hall
    square airport coast desert canyon springs city peninsula gulf sea ocean bridge harbor harbour
    """)
_PLACE_PREPOSITION = re.compile(r"\b(?:in|from|of|at|to)\s+$")
_PERSON_NAME = re.compile(r"\b[A-Z][a-z]+(?: [A-Z]\.)? [A-Z][a-z]+(?:[-’'][A-Z]?[a-z]+)?\b")
_NOT_FIRST_NAMES = word_set("""
    the a an this that but and in on at for of new white united supreme monday tuesday wednesday thursday
    friday saturday sunday january february march april may june july august september october november
    december when while after before as if so last secretary president senator sen governor gov mr mrs ms
    dr speaker house state
    """)
# Capitals and countries that stand for their governments in news ("Moscow said", "Ottawa denied").
GOVERNMENT_SEATS = frozenset(
    """
    moscow kremlin washington beijing kyiv kiev london paris berlin ottawa tokyo tehran pyongyang seoul ankara
    brussels jerusalem damascus riyadh cairo islamabad kabul baghdad canberra rome madrid warsaw minsk havana
    caracas brasilia taipei manila hanoi jakarta bangkok delhi nairobi pretoria abuja doha beirut amman
    budapest prague vienna stockholm oslo helsinki copenhagen athens lisbon dublin bern tbilisi baku yerevan
    russia china ukraine iran israel france germany britain japan turkey india pakistan canada mexico syria
    """.split()  # noqa: SIM905 (a word list reads better as text)
) | {"new delhi", "mexico city"}
# Things that speak for someone: "the statement said" reports whoever issued it.
DOCUMENT_WORDS = word_set("statement report letter memo email release filing complaint lawsuit post tweet ad video")
# Heads of mentions that name a crowd, not someone a reader could look up: "some EU diplomats", "officials".
GROUP_HEADS = word_set("""
    officials analysts experts critics sources aides supporters voters people observers residents witnesses
    diplomats lawmakers leaders members democrats republicans strategists advisers advisors allies opponents
    activists protesters researchers authorities investigators prosecutors staffers economists scientists
    """)


# Writings report for whoever issued them ("a report by X", "the book said"); numbers for whoever counted
# them ("figures from X"), and for no one when the text does not say who did.
_DATA_WORDS = word_set("figures data statistics numbers records results estimates estimate count tally")
WRITINGS = DOCUMENT_WORDS | _DATA_WORDS | word_set("""
    paper papers study studies survey surveys analysis article book reports statements
    """)


def _unnamed_document(mention: str) -> bool:
    """``a scientific paper``, ``figures released Monday``: a writing or a count nobody is named for."""
    words = mention.split()
    if not words or any(_is_capitalised(w) for w in words[1:]) or _is_capitalised(words[0]) and len(words) == 1:
        return False
    head = _bare(words[-1])
    if head not in WRITINGS:
        return False
    # "the book said" speaks for whoever wrote it, met just before; "the latest figures" for no one
    return _bare(words[0]) not in ("the", "this", "that", "these", "those") or head in _DATA_WORDS


def _issuer(tokens: list[str]) -> list[str] | None:
    """``figures from the National Weather Service``, ``an analysis by Ana Ruiz``: the writing's issuer."""
    for cut in range(1, len(tokens) - 1):
        if tokens[cut].lower() in ("by", "from", "of") and _bare(tokens[cut - 1]) in WRITINGS:
            rest = tokens[cut + 1 :]
            if any(_is_capitalised(t) for t in rest):
                return rest
            return None
    return None


def _described_person(mention: str) -> bool:
    """``a senior Defense Department spokesman``: one person described by role, not named."""
    words = mention.split()
    head = _bare(words[-1]) if words else ""
    return len(words) >= 2 and words[0].lower() in ("a", "an") and head in ROLE_WORDS and head not in GROUP_HEADS


_SPOKESPEOPLE = word_set("spokesman spokeswoman spokesperson spokespeople")


def _roles(description: str) -> set[str]:
    words = {_ROLE_ABBREVIATIONS.get(w.strip(".,"), w.strip(".,")) for w in description.lower().split()}
    roles = words & ROLE_WORDS - {"former", "acting", "deputy", "assistant", "senior", "chief", "mr", "mrs", "ms"}
    if roles & _SPOKESPEOPLE or {"press", "secretary"} <= words:
        roles.add("spokesperson")  # "Pentagon Press Secretary" speaks for the Pentagon as a spokesman does
    return roles


def _has_role(description: str, role: str) -> bool:
    return role in {_ROLE_ABBREVIATIONS.get(w.strip(".,"), w.strip(".,")) for w in description.lower().split()}


def _same_role(one: str, other: str) -> bool:
    """Two descriptions that could be of one person: they share a role word, or both speak for someone."""
    return bool(_roles(one) & _roles(other))


@dataclass(frozen=True, slots=True)
class MentionParts:
    """What a mention says: ``name`` (None if it names no one), ``description``, ``kind``."""

    name: str | None
    description: str | None
    kind: str  # person | organisation | pronoun | group


def _bare(token: str) -> str:
    return token.strip(",.;:!?\"“”‘’()[]").lower()


def _is_capitalised(token: str) -> bool:
    t = token.lstrip("\"“‘(")
    return bool(t) and t[0].isupper()


def _is_acronym(token: str) -> bool:
    t = token.strip(".,;:’'s")
    return len(t) >= 2 and t.replace(".", "").isupper() and t.replace(".", "").isalpha()


def _strip_possessive(token: str) -> str:
    return re.sub(r"[’']s?$", "", token)


def split_mention(mention: str) -> MentionParts:
    """Name, description and kind of a source mention such as ``Russian Ambassador to the US Anatoly Antonov``."""
    tokens = [t.strip(",;:-–—") for t in _TOKEN.findall(_PARENTHESES.sub(" ", mention))]
    tokens = [t for t in tokens if t]
    issuer = _issuer(tokens)
    if issuer is not None:
        return split_mention(" ".join(issuer))
    if " ".join(tokens).lower() in GOVERNMENT_SEATS:
        return MentionParts(" ".join(tokens), None, "organisation")  # "Moscow denied", "Ottawa said"
    for cut, token in enumerate(tokens):
        if cut and token.lower() in ("of", "at", "from", "with", "on") and cut < len(tokens) - 1:
            # "Clarke Cooper of the Bureau of Political Affairs": the name comes before the affiliation
            head = _split_tokens(tokens[:cut])
            if head.kind == "person" and head.name and not _bare(tokens[cut - 1]) in ROLE_WORDS:
                tail = " ".join(tokens[cut:])
                return MentionParts(head.name, f"{head.description} {tail}" if head.description else tail, "person")
            break
    return _split_tokens(tokens)


def _split_tokens(tokens: list[str]) -> MentionParts:
    if not tokens:
        return MentionParts(None, None, "group")
    if len(tokens) == 1 and _CONTRACTION.sub("", _bare(tokens[0])) in PERSON_PRONOUNS | GROUP_PRONOUNS:
        return MentionParts(None, None, "pronoun")
    definite = _bare(tokens[0]) in DETERMINERS
    body = tokens[1:] if definite else tokens
    if not body:
        if len(tokens) == 1 and _bare(tokens[0]) in QUANTITY_PRONOUNS:
            return MentionParts(tokens[0], tokens[0], "group")  # "Some said …"
        return MentionParts(None, None, "group")

    run_start = len(body)
    while run_start > 0:
        tok = body[run_start - 1]
        bare = _bare(tok)
        if bare in NAME_SUFFIXES and run_start == len(body):
            run_start -= 1
            continue
        if bare in NAME_PARTICLES and run_start < len(body) and run_start > 1:
            run_start -= 1
            continue
        if not _is_capitalised(tok) or bare.rstrip(".") in ROLE_WORDS or tok.endswith(("’s", "'s")):
            break
        if _is_acronym(tok) and run_start < len(body):
            break
        run_start -= 1
    run = body[run_start:]
    before = body[:run_start]
    if len(run) > 2 and before and (_bare(before[-1]) in CONNECTORS or _bare(before[-1]) == "the"):
        run_start += len(run) - 2
        run, before = body[run_start:], body[:run_start]
    if len(run) > 4:
        run_start += len(run) - 3
        run, before = body[run_start:], body[:run_start]
    while run and _bare(run[0]) in NAME_PARTICLES:
        run_start += 1
        run, before = body[run_start:], body[:run_start]

    description = " ".join(before).strip() or None
    if len(run) == 1 and before and before[-1].endswith(("’s", "'s")):
        run, before = [], body  # "Her Majesty's Household" names an office, not a person
    if not run:
        words = [_bare(t) for t in body]
        capitalised = [t for t in body if _is_capitalised(t)]
        if _bare(tokens[0]) in ("a", "an") and words[-1] in ROLE_WORDS and words[-1] not in GROUP_HEADS | ORGANISATION_WORDS:
            # "a senior Defense Department spokesman": someone described, not named (see SpeakerChains)
            return MentionParts(" ".join(body).strip(" .,"), " ".join(tokens), "group")
        if words[-1] in ORGANISATION_WORDS or (capitalised and definite and words[-1] not in GROUP_HEADS):
            return MentionParts(" ".join(body[:-1] + [_strip_possessive(body[-1])]), None, "organisation")
        group = " ".join(_strip_possessive(t) if i == len(body) - 1 else t for i, t in enumerate(body))
        return MentionParts(group.strip(" .,") or None, " ".join(tokens), "group")
    if _bare(body[-1]) in ORGANISATION_WORDS and len(body) <= 6:
        # "CBS News", "the State Department": an institution is named by all of its words
        return MentionParts(" ".join(body[:-1] + [_strip_possessive(body[-1])]).rstrip(".,"), None, "organisation")
    if len(run) == 1 and not before and _bare(run[0]) in GROUP_HEADS:
        return MentionParts(run[0], None, "group")  # "Critics say", "Democrats argue"
    name = " ".join(run).rstrip(".,")
    folded = {_bare(t) for t in run}
    if description and all(_bare(w) in _HONORIFICS_ONLY for w in description.split()):
        description = None  # "Mr Davey": a courtesy title says nothing about the speaker
    institution = (definite and not before) or folded & ORGANISATION_WORDS or (len(run) == 1 and _is_acronym(run[0]))
    if institution and (not before or definite):
        return MentionParts(name, description, "organisation")
    return MentionParts(name, description, "person")


@dataclass
class _Entity:
    name: str
    kind: str
    descriptions: set[str] = field(default_factory=set)
    key: str = ""

    def __post_init__(self) -> None:
        self.rename(self.name)

    def rename(self, name: str) -> None:
        self.name = name
        self.key = normalise_name(name)


@dataclass(frozen=True, slots=True)
class Resolution:
    """The chain a mention joined (``entity`` is an index, or None) and what the mention itself said."""

    entity: int | None
    kind: str
    description: str | None


class SpeakerChains:
    """Mention chains of one document, fed in reading order."""

    def __init__(self) -> None:
        self._entities: list[_Entity] = []
        self._last_person: int | None = None
        self._last_organisation: int | None = None
        self._last_any: int | None = None
        self._same_as: dict[int, int] = {}  # a described speaker later named: "a spokesman" -> Geoff Morrell
        self._unnamed: tuple[int, int] | None = None  # (entity, sentences ago) of a speaker still to be named
        self._narrated: list[MentionParts] = []  # titled names met outside any cue

    def display_name(self, entity: int | None) -> str | None:
        return None if entity is None else self._entities[self._same_as.get(entity, entity)].name

    def kind(self, entity: int | None) -> str:
        return "unknown" if entity is None else self._entities[self._same_as.get(entity, entity)].kind

    def next_sentence(self) -> None:
        """A described speaker is named in its own sentence or the next one, or not at all."""
        if self._unnamed is not None:
            entity, age = self._unnamed
            self._unnamed = (entity, age + 1) if age < 1 else None

    def introduce(self, mention: str) -> None:
        """A titled name met in narration (``Pentagon Press Secretary Geoff Morrell spoke …``): it names a
        speaker described just before, and a later ``the press secretary`` refers to it."""
        parts = split_mention(mention)
        if parts.kind != "person" or not parts.name or not parts.description:
            return
        # met, not yet heard: it joins the chains only when a description of a speaker turns out to be it
        self._narrated.append(parts)
        if self._unnamed is not None and any(
            _same_role(parts.description, d) for d in self._entities[self._unnamed[0]].descriptions
        ):
            self._same_as[self._unnamed[0]] = self._adopt(parts)
            self._unnamed = None

    def resolve(self, mention: str | None, preceding: str = "") -> Resolution:
        """Join ``mention`` to a chain, starting a new one for a new name.

        ``preceding`` is the text before the mention: a ``he`` or ``she`` with no speaker before it refers to
        the last person named there.
        """
        if not mention:
            return Resolution(self._last_any, self.kind(self._last_any), None)
        parts = split_mention(mention)
        if parts.kind == "pronoun":
            pronoun = _CONTRACTION.sub("", _bare(mention))
            if pronoun in ("i", "we"):
                return Resolution(None, "unknown", None)  # outside a quotation, "I" is the writer
            entity = self._last_organisation if pronoun in GROUP_PRONOUNS else self._last_person
            if entity is None and pronoun in ("he", "she") and preceding:
                entity = self._antecedent(preceding)
            return self._use(entity, None)
        definite = self._by_definite_head(mention)
        if definite is not None:
            return self._use(definite, parts.description)
        if parts.kind == "group" and _unnamed_document(mention):
            return Resolution(None, "unknown", parts.description)
        if parts.kind == "group":
            by_role = self._by_role(parts.description)
            if by_role is None and _described_person(mention):
                by_role = self._by_same_role(parts.description or "")
            if by_role is not None or parts.name is None:
                return self._use(by_role, parts.description)
        entity = self._find(parts.name, parts.kind)
        if entity is None:
            self._entities.append(_Entity(parts.name, parts.kind))
            entity = len(self._entities) - 1
        else:
            self._upgrade(entity, parts.name)
        if parts.description:
            self._entities[entity].descriptions.add(parts.description.lower())
        if parts.kind == "group" and _described_person(mention):
            self._unnamed = (entity, 0)
        elif parts.kind == "person" and parts.description:
            self._name_the_described(entity)
        return self._use(entity, parts.description)

    def _adopt(self, parts: MentionParts) -> int:
        """The chain of a person named in narration, joined or started as if the name had been a source."""
        entity = self._find(parts.name, "person")
        if entity is None:
            self._entities.append(_Entity(parts.name, "person"))
            entity = len(self._entities) - 1
        else:
            self._upgrade(entity, parts.name)
        self._entities[entity].descriptions.add(parts.description.lower())
        return entity

    def _name_the_described(self, entity: int) -> None:
        """``…, a senior Defense Department spokesman said. Pentagon Press Secretary Geoff Morrell …``"""
        if self._unnamed is None:
            return
        described = self._unnamed[0]
        descriptions = self._entities[described].descriptions
        if any(_same_role(d, other) for d in descriptions for other in self._entities[entity].descriptions):
            self._same_as[described] = entity
            self._unnamed = None

    def _by_same_role(self, description: str) -> int | None:
        """``a Pentagon spokeswoman`` after ``Pentagon spokeswoman Ana Ruiz`` is Ana Ruiz again."""
        for index in range(len(self._entities) - 1, -1, -1):
            entity = self._entities[index]
            if entity.kind == "person" and any(_same_role(description.lower(), d) for d in entity.descriptions):
                return index
        return None

    def _use(self, entity: int | None, description: str | None) -> Resolution:
        if entity is not None:
            entity = self._same_as.get(entity, entity)
            self._last_any = entity
            if self._entities[entity].kind in ("organisation", "group"):
                self._last_organisation = entity
            else:
                self._last_person = entity
        return Resolution(entity, self.kind(entity), description)

    def _find(self, name: str, kind: str) -> int | None:
        key = normalise_name(name)
        if not key:
            return None
        words = key.split(" ")
        best = None
        for index in range(len(self._entities) - 1, -1, -1):
            entity = self._entities[index]
            other = entity.key.split(" ")
            if entity.key == key:
                return index
            if kind == "organisation" or entity.kind == "organisation":
                continue
            # "Peskov" continues "Dmitry Peskov"; "Dmitry Peskov" upgrades an earlier "Peskov"
            if words[-1] == other[-1] and (len(words) == 1 or len(other) == 1) and best is None:
                best = index
        return best

    def _upgrade(self, entity: int, name: str) -> None:
        current = self._entities[entity]
        if len(normalise_name(name).split(" ")) > len(current.key.split(" ")):
            current.rename(name)

    def _antecedent(self, preceding: str) -> int | None:
        window = preceding[-600:]
        titled = [(m.start(), m.group(0), True) for m in _TITLED_NAME.finditer(window)]
        plain = [(m.start(), m.group(0), False) for m in _PERSON_NAME.finditer(window)]
        for at, name, is_titled in sorted(titled + plain, reverse=True):
            if _PLACE_PREPOSITION.search(window, max(0, at - 6), at) or _POSSESSIVE_BEFORE.search(window, max(0, at - 3), at):
                continue  # "in West Virginia", "Oregon’s Willamette Valley": places, not people
            if _bare(name.split(" ")[-1]) in _PLACE_HEADS:
                continue
            first_word_is_no_name = not is_titled and name.split(" ")[0].lower() in _NOT_FIRST_NAMES
            if first_word_is_no_name or _bare(name.split(" ")[-1]) in ORGANISATION_WORDS:
                continue  # "Tax Foundation" is no one a "he" could refer to
            entity = self._find(name, "person")
            if entity is None:
                self._entities.append(_Entity(name, "person"))
                entity = len(self._entities) - 1
            return entity
        return None

    def _by_definite_head(self, mention: str) -> int | None:
        """``the senator``, ``the campaign``, ``the statement``: a definite description of someone already met.

        A role goes to the last person, an institution to the last organisation, a document to whoever spoke
        last; a crowd (``the voters``) or an unmatched description keeps its own words.
        """
        words = mention.split()
        if len(words) < 2 or words[0].lower() not in ("the", "this") or any(w[:1].isupper() for w in words[1:]):
            return None
        head = _bare(words[-1])
        if head in ROLE_WORDS and head not in GROUP_HEADS:
            for found in (self._by_role(mention), self._last_person):
                if found is not None:
                    return found
            return self._by_narrated_role(mention)
        if head in ORGANISATION_WORDS:
            return self._last_organisation
        if head in WRITINGS and head not in _DATA_WORDS:
            return self._last_any
        return None

    def _by_role(self, description: str | None) -> int | None:
        """``the spokesman`` is the last speaker described as a spokesman."""
        if not description:
            return None
        words = description.lower().split()
        if not words or words[0] not in ("the", "this"):
            return None
        head = words[-1]
        if head not in ROLE_WORDS:
            return None
        for index in (self._last_person, *range(len(self._entities) - 1, -1, -1)):
            if index is None:
                continue
            if any(_has_role(d, head) for d in self._entities[index].descriptions):
                return index
        return None

    def _by_narrated_role(self, description: str) -> int | None:
        """``the press secretary`` when no speaker yet is one: the last titled name met in narration with it."""
        head = description.lower().split()[-1]
        narrated = next((p for p in reversed(self._narrated) if _has_role(p.description or "", head)), None)
        return None if narrated is None else self._adopt(narrated)
