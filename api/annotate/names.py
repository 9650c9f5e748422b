"""Name normalisation: the one rule that decides when two spellings name the same speaker.

Used by the pipeline (within a document) and by the speaker service (across documents, through the alias
table), so ``Dmitry  Peskov``, ``PESKOV`` after alias lookup, and ``Mr. Dmitry Peskov`` meet on one key.
"""

from __future__ import annotations

import re
import unicodedata

# Leading words that say what a person is, not who. Dropped from the front of a name, repeatedly
# ("Assistant Secretary of State" is handled by dropping each word in turn), but never down to nothing.
HONORIFICS = frozenset(
    """
    mr mrs ms miss mx dr doctor prof professor sir dame lord lady rev reverend fr father sr sra
    president vice deputy assistant acting under secretary minister prime chancellor premier
    senator sen rep representative congressman congresswoman gov governor mayor ambassador
    gen general lt col colonel maj major capt captain adm admiral sgt
    judge justice chairman chairwoman chair speaker king queen prince princess sheikh
    """.split()  # noqa: SIM905 (a word list reads better as text)
)

_PUNCT_TO_SPACE = re.compile(r"[^\w\s']+", re.UNICODE)
_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Unicode NFKC, case-fold, accents removed, punctuation removed, runs of spaces collapsed."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    text = re.sub(r"['’.]", "", text)
    text = _PUNCT_TO_SPACE.sub(" ", text).replace("_", " ")
    return _SPACES.sub(" ", text).strip()


def normalise_name(name: str) -> str:
    """The comparison key of a speaker name or alias: ``fold`` plus leading honorifics dropped."""
    words = fold(name).split(" ")
    while len(words) > 1 and words[0] in HONORIFICS:
        words = words[1:]
    return " ".join(w for w in words if w)


def name_words(name: str) -> list[str]:
    """The words of a normalised name, for whole-word matching in speaker search."""
    key = normalise_name(name)
    return key.split(" ") if key else []
