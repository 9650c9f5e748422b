"""Scores extracted claims against gold data: the figures behind ``claims eval``.

Three families of figures are reported side by side.

**Lenient** figures follow the project's reference metric (``quote_eval.py``) exactly, so that a user who
scores with either tool reads the same numbers:

* a prediction and a gold statement match when their spans overlap by at least half of the shorter of the
  two; matching is one-to-one and greedy, the largest overlap first (ties: higher character Jaccard, then
  the gold item that counts as a claim, then document order);
* precision counts predictions matched to any gold attribution (a paraphrase or belief in a BRAT corpus is
  not a claim, but finding it is not an error either); recall counts the claim gold that was found;
* speaker accuracy is judged only where the gold source names someone (``he`` or ``the agency`` cannot be
  checked against a display name), by a shared word of three letters or more, titles aside.

**Exact-boundary** figures ask for the same statement boundaries as the gold, up to punctuation that only
frames it:

* a span ``text[start:end]`` is normalised by stripping whitespace and quotation marks (``QUOTE_MARKS``) from
  both ends, then repeatedly stripping ``,`` ``;`` ``:`` ``.``, quotation marks and whitespace from its end
  until nothing changes. The gold convention keeps a comma inside closing quotes (``"Taxes will rise,"``)
  while the service's statements drop the punctuation that belongs to the surrounding sentence
  (``Taxes will rise``); neither side is penalised for that. ``?`` and ``!`` are part of the statement and
  are kept;
* a prediction matches a gold item exactly when their normalised ``(start, end)`` offsets in the same
  document are equal and not empty. Matching is one-to-one; where several gold items share the same
  normalised span, the ones that count as claims are matched first. A gold item made of several fragments
  (a BRAT content interrupted by ``he said``) has no single span and is never an exact match: a note
  counts such claims. Where a document's text is missing, offsets are compared as given;
* precision and recall count as in the lenient figures: predictions that exactly match any gold item,
  over all predictions; claim gold that is exactly matched, over all claim gold.

**Token** figures (word-overlap, as BBC's Citron reports them) credit partial spans in proportion to the
words they share:

* a document's tokens are the runs of ``\\w+`` in its text, by character position; a token belongs to a
  span when it lies entirely inside it (inside one of the fragments of a gold item);
* per document and per side, a token is counted once however many spans hold it, so overlapping
  predictions (or overlapping gold items) do not count their shared words twice;
* token precision = predicted tokens that lie inside any gold item, over predicted tokens; token recall =
  tokens of claim gold that lie inside a prediction, over tokens of claim gold. Both are micro-averaged:
  the counts are summed over documents before dividing;
* a prediction that cannot be placed in a text (no usable span, or no text for its document) counts the
  words of its statement as predicted tokens that are inside no gold; so does a claim gold item without a
  text count its words as tokens never found. A note says how many documents were scored so.

In all three families, with ``optional_as_non_claim`` (the default of ``claims eval``) an optional JSONL
gold claim is not needed for recall and is not an error when found: it counts for precision only, like a
BRAT attribution that is not a claim. With ``--count-optional`` it is a claim in every family.

Gold comes as JSONL (``doc, speaker, statement, start, end, optional`` with a folder of ``DOC.txt``) or as a
BRAT standoff folder (``text/`` and ``attributions/``), such as PolNeAR's.
"""

from __future__ import annotations

import bisect
import json
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

# Words whose presence in a BRAT cue makes the attribution a claim (a speech act, not a belief or a feeling).
SPEECH_CUE_WORDS = frozenset(
    word
    for lemma_forms in (
        "say said says saying",
        "tell told tells telling",
        "add added adds adding",
        "state stated states stating",
        "write wrote writes writing",
        "according",
        "claim claimed claims claiming",
        "argue argued argues arguing",
        "explain explained explains explaining",
        "insist insisted insists",
        "warn warned warns warning",
        "ask asked asks asking",
        "note noted notes noting",
        "declare declared declares",
        "announce announced announces",
        "tweet tweeted tweets",
        "respond responded responds",
        "reply replied replies",
        "suggest suggested suggests",
        "acknowledge acknowledged acknowledges",
        "admit admitted admits",
        "assert asserted asserts",
        "contend contended",
        "maintain maintained",
        "predict predicted",
        "recall recalled",
        "remark remarked",
        "report reported reports",
        "urge urged urges",
        "promise promised",
        "vow vowed",
        "deny denied denies",
        "describe described describes",
        "call called calls",
    )
    for word in lemma_forms.split()
)

# Capitalised words that do not make a source a name ("He said", "The agency said").
_NOT_NAMES = frozenset(
    "he she they it we i you the a an this that these those his her their its our".split()  # noqa: SIM905
)

# Words that say what someone is, not who: "President Obama" and "President Trump" are different speakers.
_TITLE_WORDS = frozenset(
    "mr mrs ms dr president secretary senator sen rep gov governor minister the".split()  # noqa: SIM905
)

_LETTER_RUN = re.compile(r"[^\W\d_]+")
_BRAT_ENTRY_START = re.compile(r"^[TRAEMN#*]\d*\t")
_BRAT_SPAN = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t(.*)$", re.DOTALL)

MIN_SHARE_OF_SHORTER = 0.5

# Marks stripped from both ends of a span before exact boundaries are compared.
QUOTE_MARKS = frozenset("\"“”„‟«»'‘’‚‛")
# Sentence punctuation that the gold keeps inside closing quotes and the service leaves out: stripped from
# the end only.
_TRAILING_PUNCTUATION = frozenset(",;:.")
_TOKEN = re.compile(r"\w+")


class GoldError(ValueError):
    """Gold or prediction data that cannot be read; the message names the file and line."""


# ----------------------------------------------------------------------------------------------- data


@dataclass(frozen=True, slots=True)
class GoldItem:
    """One gold attribution.

    ``is_claim`` says whether the attribution is a claim at all (a BRAT event with a source and a speech
    cue; every JSONL line); ``optional`` marks JSONL claims that a good extractor may or may not report.
    """

    doc: str
    id: str
    intervals: tuple[tuple[int, int], ...]
    source: str | None
    statement: str | None
    is_claim: bool = True
    optional: bool = False

    @property
    def length(self) -> int:
        return sum(end - start for start, end in self.intervals)

    def counts_as_claim(self, optional_as_non_claim: bool) -> bool:
        return self.is_claim and not (optional_as_non_claim and self.optional)


@dataclass
class Gold:
    """Texts by document name and their gold items. Every text is a scored document, even with no gold."""

    texts: dict[str, str]
    items: dict[str, list[GoldItem]]
    notes: dict[str, int] = field(default_factory=dict)

    @property
    def docs(self) -> list[str]:
        return sorted(set(self.texts) | set(self.items))


@dataclass(frozen=True, slots=True)
class Prediction:
    doc: str
    start: int
    end: int
    speaker: str | None
    statement: str | None
    placed: bool = True  # False when the row had no usable span and stands at (0, 0)


@dataclass(frozen=True, slots=True)
class Pair:
    """A matched (prediction, gold) pair, kept so that errors can be studied after scoring."""

    prediction: Prediction
    gold: GoldItem
    overlap: int
    jaccard: float
    speaker_judged: bool
    speaker_correct: bool


@dataclass
class Counts:
    predictions: int = 0
    gold_items: int = 0
    gold_claims: int = 0
    matched_predictions: int = 0
    matched_claims: int = 0
    speaker_pairs: int = 0
    speaker_correct: int = 0
    attributed_predictions: int = 0
    attributed_claims: int = 0
    jaccard_sum: float = 0.0
    claim_jaccard_sum: float = 0.0
    exact_matched_predictions: int = 0
    exact_matched_claims: int = 0
    predicted_tokens: int = 0
    predicted_tokens_in_gold: int = 0
    claim_tokens: int = 0
    claim_tokens_found: int = 0

    def add(self, other: Counts) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


def _share(part: float, whole: float) -> float:
    return part / whole if whole else 0.0


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


@dataclass
class Report:
    """The figures of one scoring run, overall and per document, with the pairs and misses behind them.

    ``pairs``, ``unmatched_predictions`` and ``missed_claims`` are those of the lenient matching;
    ``exact_pairs`` are the (prediction, gold) pairs of the exact-boundary matching.
    """

    counts: Counts
    per_doc: dict[str, Counts]
    pairs: list[Pair]
    unmatched_predictions: list[Prediction]
    missed_claims: list[GoldItem]
    notes: dict[str, int]
    exact_pairs: list[tuple[Prediction, GoldItem]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return _share(self.counts.matched_predictions, self.counts.predictions)

    @property
    def recall(self) -> float:
        return _share(self.counts.matched_claims, self.counts.gold_claims)

    @property
    def f1(self) -> float:
        return _f1(self.precision, self.recall)

    @property
    def speaker_accuracy(self) -> float:
        return _share(self.counts.speaker_correct, self.counts.speaker_pairs)

    @property
    def attributed_precision(self) -> float:
        return _share(self.counts.attributed_predictions, self.counts.predictions)

    @property
    def attributed_recall(self) -> float:
        return _share(self.counts.attributed_claims, self.counts.gold_claims)

    @property
    def attributed_f1(self) -> float:
        return _f1(self.attributed_precision, self.attributed_recall)

    @property
    def mean_jaccard(self) -> float:
        return _share(self.counts.jaccard_sum, self.counts.matched_predictions)

    @property
    def mean_jaccard_claims(self) -> float:
        return _share(self.counts.claim_jaccard_sum, self.counts.matched_claims)

    @property
    def exact_precision(self) -> float:
        return _share(self.counts.exact_matched_predictions, self.counts.predictions)

    @property
    def exact_recall(self) -> float:
        return _share(self.counts.exact_matched_claims, self.counts.gold_claims)

    @property
    def exact_f1(self) -> float:
        return _f1(self.exact_precision, self.exact_recall)

    @property
    def token_precision(self) -> float:
        return _share(self.counts.predicted_tokens_in_gold, self.counts.predicted_tokens)

    @property
    def token_recall(self) -> float:
        return _share(self.counts.claim_tokens_found, self.counts.claim_tokens)

    @property
    def token_f1(self) -> float:
        return _f1(self.token_precision, self.token_recall)


# ----------------------------------------------------------------------------------------------- word rules


def _letter_words(text: str | None) -> list[str]:
    return _LETTER_RUN.findall(text or "")


def is_speech_cue(cue: str | None) -> bool:
    return any(word in SPEECH_CUE_WORDS for word in _letter_words((cue or "").lower()))


def names_someone(source: str | None) -> bool:
    """Whether a gold source can be checked against a display name: it has a capitalised non-pronoun."""
    return any(w[0].isupper() and w.lower() not in _NOT_NAMES for w in _letter_words(source))


def _identity_words(name: str) -> set[str]:
    return {w for w in (w.casefold() for w in _letter_words(name)) if len(w) >= 3 and w not in _TITLE_WORDS}


def same_speaker(predicted: str | None, gold_source: str | None) -> bool:
    if not predicted or not gold_source:
        return False
    return not _identity_words(predicted).isdisjoint(_identity_words(gold_source))


def merge_intervals(fragments: Iterable[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Sorted, non-empty, non-touching intervals covering the same characters."""
    merged: list[list[int]] = []
    for start, end in sorted(fragments):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return tuple((start, end) for start, end in merged)


# ----------------------------------------------------------------------------------------------- loading


def _read_text(path: Path) -> str:
    """Document text exactly as stored: no newline translation, so offsets count every character."""
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            return handle.read()
    except UnicodeDecodeError as exc:
        raise GoldError(f"{path}: not UTF-8 text (bad byte at {exc.start})") from None


def _read_texts(texts_dir: Path) -> dict[str, str]:
    if not texts_dir.is_dir():
        raise GoldError(f"{texts_dir}: not a folder of DOC.txt texts")
    return {
        p.name[: -len(".txt")]: _read_text(p) for p in sorted(texts_dir.iterdir()) if p.name.endswith(".txt")
    }


def _read_jsonl(path: Path) -> Iterable[tuple[int, dict]]:
    try:
        lines = path.read_text(encoding="utf-8").split(
            "\n"
        )  # not splitlines(): U+2028 may sit in a JSON string
    except OSError as exc:
        raise GoldError(f"{path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise GoldError(f"{path}: not UTF-8 text (bad byte at {exc.start})") from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise GoldError(f"{path}:{number}: not JSON ({exc.msg})") from None
        if not isinstance(obj, dict) or not isinstance(obj.get("doc"), str):
            raise GoldError(f'{path}:{number}: expected an object with a string "doc"')
        yield number, obj


def _int_offsets(obj: Mapping) -> tuple[int, int] | None:
    start, end = obj.get("start"), obj.get("end")
    if type(start) is int and type(end) is int:
        return start, end
    return None


def _locate(
    obj: Mapping, texts: Mapping[str, str], notes: dict[str, int], kind: str
) -> tuple[int, int] | None:
    """The span of a JSONL line: its offsets, or failing those the first place its statement occurs."""
    text = texts.get(obj["doc"])
    statement = obj.get("statement")
    offsets = _int_offsets(obj)
    if offsets is not None:
        start, end = offsets
        if text is not None:
            if not 0 <= start <= end <= len(text):
                _note(notes, f"{kind}: offsets out of range")
            elif isinstance(statement, str) and statement and text[start:end] != statement:
                _note(notes, f"{kind}: statement differs from the text at its offsets")
        return offsets
    if text is not None and isinstance(statement, str) and statement:
        at = text.find(statement)
        if at >= 0:
            _note(notes, f"{kind}: offsets recovered from the statement")
            return at, at + len(statement)
    return None


def _note(notes: dict[str, int], what: str) -> None:
    notes[what] = notes.get(what, 0) + 1


def _read_named_texts(texts_dir: Path, docs: Iterable[str]) -> dict[str, str]:
    """The texts of ``docs`` that ``texts_dir`` holds as ``DOC.txt``; other files there are not read."""
    if not texts_dir.is_dir():
        raise GoldError(f"{texts_dir}: not a folder of DOC.txt texts")
    texts = {}
    for doc in sorted(set(docs)):
        candidate = texts_dir / f"{doc}.txt"
        if candidate.is_file():
            texts[doc] = _read_text(candidate)
    return texts


def load_gold_jsonl(path: str | os.PathLike, texts_dir: str | os.PathLike | None = None) -> Gold:
    """Gold claims from JSONL, with the texts they point into: ``DOC.txt`` in ``texts_dir`` for each
    document the gold names (the folder's other texts are not read, nor scored)."""
    path = Path(path)
    lines = list(_read_jsonl(path))
    texts = _read_named_texts(Path(texts_dir), (obj["doc"] for _, obj in lines)) if texts_dir is not None else {}
    items: dict[str, list[GoldItem]] = {}
    notes: dict[str, int] = {}
    for number, obj in lines:
        span = _locate(obj, texts, notes, "gold")
        if span is None:
            raise GoldError(f"{path}:{number}: no integer start/end, and the statement is not in the text")
        speaker = obj.get("speaker")
        statement = obj.get("statement")
        items.setdefault(obj["doc"], []).append(
            GoldItem(
                doc=obj["doc"],
                id=f"L{number}",
                intervals=merge_intervals([span]),
                source=speaker if isinstance(speaker, str) else None,
                statement=statement if isinstance(statement, str) else None,
                optional=obj.get("optional") is True,
            )
        )
    return Gold(texts=texts, items=items, notes=notes)


def _brat_entries(ann: str) -> list[str]:
    """Lines of a BRAT file, with the continuation lines of a span whose text holds a newline rejoined."""
    entries: list[str] = []
    for line in ann.split("\n"):
        if not entries or _BRAT_ENTRY_START.match(line):
            entries.append(line)
        elif line:
            entries[-1] += "\n" + line
    return entries


def parse_brat(ann: str, text: str, doc: str = "") -> list[GoldItem]:
    """Gold items of one BRAT file: one per attribution event that has a content.

    The content is the union of the fragments of all its Content spans (``Content2`` and discontinuous
    ``start end;start end`` spans included); source and cue text are read from the document at their offsets.
    """
    spans: dict[str, list[tuple[int, int]]] = {}
    entries = _brat_entries(ann)
    for entry in entries:
        found = _BRAT_SPAN.match(entry)
        if found:
            span_id, _, offsets, _ = found.groups()
            spans[span_id] = [
                (int(a), int(b)) for a, b in (fragment.split() for fragment in offsets.split(";"))
            ]

    def read(ids: list[str]) -> str | None:
        if not ids:
            return None
        return " ... ".join(" ".join(text[a:b] for a, b in spans[i]) for i in ids)

    items = []
    for entry in entries:
        if not entry.startswith("E"):
            continue
        fields = entry.split("\t")
        arguments = fields[1].split() if len(fields) > 1 else []
        if not arguments:
            continue
        roles: dict[str, list[str]] = {"Source": [], "Cue": [], "Content": []}
        for argument in arguments[1:]:
            role, sep, ref = argument.partition(":")
            role = role.rstrip("0123456789")
            if sep and role in roles and ref in spans:
                roles[role].append(ref)
        if not roles["Content"]:
            continue
        items.append(
            GoldItem(
                doc=doc,
                id=fields[0],
                intervals=merge_intervals(f for ref in roles["Content"] for f in spans[ref]),
                source=read(roles["Source"]),
                statement=read(roles["Content"]),
                is_claim=bool(roles["Source"]) and is_speech_cue(read(roles["Cue"])),
            )
        )
    return items


def _annotation_file_for(doc: str, ann_names: list[str]) -> str | None:
    """``DOC.ann`` or ``DOC_annotator.ann``: the first in name order when several annotators worked on it."""
    own = [n for n in ann_names if n[:-4] == doc or n[:-4].rsplit("_", 1)[0] == doc]
    return min(own) if own else None


def load_gold_brat(directory: str | os.PathLike) -> Gold:
    """Gold attributions from a BRAT standoff folder holding ``text/DOC.txt`` and ``attributions/*.ann``."""
    directory = Path(directory)
    text_dir, ann_dir = directory / "text", directory / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise GoldError(f"{directory}: a BRAT gold folder must contain text/ and attributions/")
    texts = _read_texts(text_dir)
    ann_names = sorted(n for n in os.listdir(ann_dir) if n.endswith(".ann"))
    items: dict[str, list[GoldItem]] = {}
    notes: dict[str, int] = {}
    for doc, text in texts.items():
        chosen = _annotation_file_for(doc, ann_names)
        if chosen is None:
            _note(notes, "gold: texts without annotations")
            items[doc] = []
            continue
        items[doc] = parse_brat(_read_text(ann_dir / chosen), text, doc)
    return Gold(texts=texts, items=items, notes=notes)


def load_gold(path: str | os.PathLike, texts_dir: str | os.PathLike | None = None) -> Gold:
    """A BRAT folder or a JSONL file; JSONL texts default to the file's own folder."""
    path = Path(path)
    if path.is_dir():
        return load_gold_brat(path)
    if not path.is_file():
        raise GoldError(f"{path}: no such gold file or folder")
    return load_gold_jsonl(path, texts_dir if texts_dir is not None else path.parent)


def load_predictions(path: str | os.PathLike) -> list[dict]:
    """Prediction rows from a JSONL file (the output of ``claims extract``)."""
    return [obj for _, obj in _read_jsonl(Path(path))]


# ----------------------------------------------------------------------------------------------- scoring


def _prediction(row: Mapping, texts: Mapping[str, str], notes: dict[str, int]) -> Prediction:
    """A row whose span cannot be found still counts against precision: it matches nothing."""
    span = _locate(row, texts, notes, "predictions")
    placed = span is not None
    if span is None:
        _note(notes, "predictions: no usable span")
        span = (0, 0)
    speaker, statement = row.get("speaker"), row.get("statement")
    return Prediction(
        doc=row["doc"],
        start=span[0],
        end=span[1],
        speaker=speaker if isinstance(speaker, str) else None,
        statement=statement if isinstance(statement, str) else None,
        placed=placed,
    )


def _overlap(start: int, end: int, intervals: tuple[tuple[int, int], ...]) -> int:
    return sum(max(0, min(end, b) - max(start, a)) for a, b in intervals)


def match(
    predictions: list[Prediction], golds: list[GoldItem], optional_as_non_claim: bool = True
) -> list[tuple[int, int, int, float]]:
    """Greedy one-to-one matching within one document: ``(prediction index, gold index, overlap, jaccard)``."""
    options = []
    for p_index, p in enumerate(predictions):
        p_len = p.end - p.start
        if p_len <= 0:
            continue
        for g_index, g in enumerate(golds):
            g_len = g.length
            if g_len == 0:
                continue
            shared = _overlap(p.start, p.end, g.intervals)
            if shared > 0 and shared >= MIN_SHARE_OF_SHORTER * min(p_len, g_len):
                jaccard = shared / (p_len + g_len - shared)
                rank = (-shared, -jaccard, not g.counts_as_claim(optional_as_non_claim), p_index, g_index)
                options.append((rank, shared, jaccard))
    options.sort()
    taken_p: set[int] = set()
    taken_g: set[int] = set()
    pairs = []
    for (_, _, _, p_index, g_index), shared, jaccard in options:
        if p_index in taken_p or g_index in taken_g:
            continue
        taken_p.add(p_index)
        taken_g.add(g_index)
        pairs.append((p_index, g_index, shared, jaccard))
    return pairs


def normalise_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The offsets of ``text[start:end]`` without the quote marks, whitespace and trailing ``, ; : .`` that
    frame it (see the module docstring). An empty result is ``(start, start)``."""
    start, end = max(0, start), min(len(text), end)
    while start < end and (text[start].isspace() or text[start] in QUOTE_MARKS):
        start += 1
    while end > start and (
        text[end - 1].isspace() or text[end - 1] in QUOTE_MARKS or text[end - 1] in _TRAILING_PUNCTUATION
    ):
        end -= 1
    return (start, end) if end > start else (start, start)


def _exact_key(start: int, end: int, text: str | None) -> tuple[int, int] | None:
    """The normalised span to compare, or None for an empty span, which matches nothing."""
    if text is not None:
        start, end = normalise_span(text, start, end)
    return (start, end) if end > start else None


def match_exact(
    predictions: list[Prediction],
    golds: list[GoldItem],
    text: str | None,
    optional_as_non_claim: bool = True,
) -> list[tuple[int, int]]:
    """One-to-one exact-boundary matching within one document: ``(prediction index, gold index)``.

    Gold items that count as claims are taken first, so that duplicates in the gold cost no recall.
    """
    waiting: dict[tuple[int, int], list[int]] = {}
    order = sorted(range(len(golds)), key=lambda i: (not golds[i].counts_as_claim(optional_as_non_claim), i))
    for g_index in order:
        g = golds[g_index]
        if len(g.intervals) != 1:
            continue  # several fragments: no single span to equal
        key = _exact_key(*g.intervals[0], text)
        if key is not None:
            waiting.setdefault(key, []).append(g_index)
    pairs = []
    for p_index, p in enumerate(predictions):
        key = _exact_key(p.start, p.end, text) if p.placed else None
        if key is not None and waiting.get(key):
            pairs.append((p_index, waiting[key].pop(0)))
    return pairs


def _tokens_inside(starts: list[int], ends: list[int], start: int, end: int) -> range:
    """Indexes of the tokens (sorted, not overlapping) lying entirely inside ``[start, end)``."""
    first = bisect.bisect_left(starts, start)
    return range(first, max(first, bisect.bisect_right(ends, end)))


def _word_count(statement: str | None) -> int:
    return len(_TOKEN.findall(statement or ""))


def _count_tokens(
    counts: Counts,
    text: str | None,
    preds: list[Prediction],
    golds: list[GoldItem],
    optional_as_non_claim: bool,
) -> bool:
    """Adds one document's token counts; returns whether some of them were read from statements instead."""
    claims = [g for g in golds if g.counts_as_claim(optional_as_non_claim)]
    if text is None:
        counts.predicted_tokens += sum(_word_count(p.statement) for p in preds)
        counts.claim_tokens += sum(_word_count(g.statement) for g in claims)
        return bool(preds or claims)
    tokens = [m.span() for m in _TOKEN.finditer(text)]
    starts, ends = [a for a, _ in tokens], [b for _, b in tokens]

    def covered(spans: Iterable[tuple[int, int]]) -> set[int]:
        found: set[int] = set()
        for start, end in spans:
            found.update(_tokens_inside(starts, ends, start, end))
        return found

    predicted = covered((p.start, p.end) for p in preds if p.placed)
    in_gold = covered(interval for g in golds for interval in g.intervals)
    claimed = covered(interval for g in claims for interval in g.intervals)
    unplaced = [p for p in preds if not p.placed]
    counts.predicted_tokens += len(predicted) + sum(_word_count(p.statement) for p in unplaced)
    counts.predicted_tokens_in_gold += len(predicted & in_gold)
    counts.claim_tokens += len(claimed)
    counts.claim_tokens_found += len(claimed & predicted)
    return bool(unplaced)


def score(gold: Gold, predictions: Iterable[Mapping], optional_as_non_claim: bool = True) -> Report:
    """Scores prediction rows (dicts with ``doc, speaker, statement, start, end``) against the gold.

    With ``optional_as_non_claim`` an optional gold claim neither needs to be found nor costs precision
    when it is.
    """
    notes = dict(gold.notes)
    by_doc: dict[str, list[Prediction]] = {}
    for row in predictions:
        by_doc.setdefault(row["doc"], []).append(_prediction(row, gold.texts, notes))
    unknown = set(by_doc) - set(gold.docs)
    if unknown:
        notes["predictions: documents not in the gold"] = len(unknown)

    total, per_doc = Counts(), {}
    pairs: list[Pair] = []
    unmatched: list[Prediction] = []
    missed: list[GoldItem] = []
    exact_pairs: list[tuple[Prediction, GoldItem]] = []
    for doc in sorted(set(gold.docs) | set(by_doc)):
        golds, preds = gold.items.get(doc, []), by_doc.get(doc, [])
        text = gold.texts.get(doc)
        counts = Counts(predictions=len(preds), gold_items=len(golds))
        counts.gold_claims = sum(g.counts_as_claim(optional_as_non_claim) for g in golds)
        found = match(preds, golds, optional_as_non_claim)
        for p_index, g_index, shared, jaccard in found:
            p, g = preds[p_index], golds[g_index]
            judged = names_someone(g.source)
            correct = same_speaker(p.speaker, g.source) if judged else True
            counts.matched_predictions += 1
            counts.jaccard_sum += jaccard
            counts.attributed_predictions += correct
            if g.counts_as_claim(optional_as_non_claim):
                counts.matched_claims += 1
                counts.claim_jaccard_sum += jaccard
                counts.attributed_claims += correct
                if judged:
                    counts.speaker_pairs += 1
                    counts.speaker_correct += correct
            pairs.append(Pair(p, g, shared, jaccard, judged, correct))
        matched_p = {p_index for p_index, _, _, _ in found}
        matched_g = {g_index for _, g_index, _, _ in found}
        unmatched.extend(p for i, p in enumerate(preds) if i not in matched_p)
        missed.extend(
            g for i, g in enumerate(golds) if i not in matched_g and g.counts_as_claim(optional_as_non_claim)
        )
        for p_index, g_index in match_exact(preds, golds, text, optional_as_non_claim):
            counts.exact_matched_predictions += 1
            counts.exact_matched_claims += golds[g_index].counts_as_claim(optional_as_non_claim)
            exact_pairs.append((preds[p_index], golds[g_index]))
        for g in golds:
            if len(g.intervals) > 1 and g.counts_as_claim(optional_as_non_claim):
                _note(notes, "exact: gold claims in several fragments (never an exact match)")
        if _count_tokens(counts, text, preds, golds, optional_as_non_claim):
            _note(notes, "tokens: documents with words counted from statements (no text or no span)")
        total.add(counts)
        per_doc[doc] = counts
    return Report(total, per_doc, pairs, unmatched, missed, notes, exact_pairs)


def evaluate(gold: Gold, optional_as_non_claim: bool = True) -> Report:
    """Runs the pipeline over the gold's own texts and scores what it would store (claims with a speaker)."""
    from .extract import extract_text  # the pipeline loads only when it is needed, not to score a file

    without_text = sorted(doc for doc, items in gold.items.items() if items and doc not in gold.texts)
    if without_text:
        raise GoldError(
            f"no text for {len(without_text)} gold document(s), e.g. {without_text[0]}.txt: "
            "give the folder of texts (--texts DIR)"
        )
    rows = [row for doc in sorted(gold.texts) for row in extract_text(doc, gold.texts[doc])]
    return score(gold, rows, optional_as_non_claim)


def format_report(report: Report) -> str:
    """The figures one per line, then the counts behind them and any notes on the input."""
    c = report.counts
    lines = [
        f"precision: {report.precision:.3f}",
        f"recall: {report.recall:.3f}",
        f"f1: {report.f1:.3f}",
        f"speaker accuracy: {report.speaker_accuracy:.3f}",
        f"attributed precision: {report.attributed_precision:.3f}",
        f"attributed recall: {report.attributed_recall:.3f}",
        f"attributed f1: {report.attributed_f1:.3f}",
        f"mean character jaccard: {report.mean_jaccard:.3f}",
        f"mean character jaccard (claims): {report.mean_jaccard_claims:.3f}",
        f"exact precision: {report.exact_precision:.3f}",
        f"exact recall: {report.exact_recall:.3f}",
        f"exact f1: {report.exact_f1:.3f}",
        f"token precision: {report.token_precision:.3f}",
        f"token recall: {report.token_recall:.3f}",
        f"token f1: {report.token_f1:.3f}",
        f"documents: {len(report.per_doc)}",
        f"predictions: {c.predictions}",
        f"gold items: {c.gold_items}",
        f"gold claims: {c.gold_claims}",
        f"matched predictions: {c.matched_predictions}",
        f"matched gold claims: {c.matched_claims}",
        f"speaker pairs (named gold source): {c.speaker_pairs}",
        f"speaker correct: {c.speaker_correct}",
        f"exact matched predictions: {c.exact_matched_predictions}",
        f"exact matched gold claims: {c.exact_matched_claims}",
        f"predicted tokens: {c.predicted_tokens}",
        f"predicted tokens in gold: {c.predicted_tokens_in_gold}",
        f"gold claim tokens: {c.claim_tokens}",
        f"gold claim tokens found: {c.claim_tokens_found}",
    ]
    lines.extend(f"note: {what}: {n}" for what, n in sorted(report.notes.items()))
    return "\n".join(lines)


def format_per_doc(report: Report) -> str:
    """One line per document: its predictions, claim gold, and lenient and exact matches (of which claims)."""
    return "\n".join(
        f"doc {doc}: predictions {c.predictions}, gold claims {c.gold_claims}, "
        f"lenient matches {c.matched_predictions} (claims {c.matched_claims}), "
        f"exact matches {c.exact_matched_predictions} (claims {c.exact_matched_claims})"
        for doc, c in report.per_doc.items()
    )
