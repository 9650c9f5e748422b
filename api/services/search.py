"""Full-text search: the little query language users type, and how each backend runs it.

The language: words (every one must appear), ``"phrases in double quotes"`` (the words in this order, next to
each other), and ``-word`` or ``-"a phrase"`` to exclude. Nothing else is an operator: ``AND``, ``OR``,
``NEAR(``, ``*``, parentheses and other punctuation are text. A word is a run of letters and digits;
punctuation inside a term splits it into a phrase (``e-mail`` is the phrase "e mail", ``U.S.`` is "u s"),
the same split the indexes use. The parsed query is written out in each backend's own syntax from these
words alone (they hold only letters and digits), so user input never reaches FTS5's MATCH grammar or
``to_tsquery`` as syntax.

Matching folds case and keeps accents ("café" does not find "cafe"); there is no stemming ("vote" does not
find "votes"): the 'simple' configuration on PostgreSQL, FTS5's unicode61 tokenizer without diacritic
removal on SQLite.

Plans (claims): newest first is the common request, and the cheap plan depends on how many claims match.
A probe reads at most ``RARE_LIMIT + 1`` matching ids from the full-text index. If the query is rare (the
probe ran dry), those ids are the whole answer and the page is a keyed lookup of them, sorted. If it is
common, the page walks the ``(…, claim_date, id)`` index of the requested order and keeps the rows that
match, which stops after about ``limit / share-of-matches`` rows instead of sorting every match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Double,
    Float,
    Integer,
    Select,
    bindparam,
    cast,
    false,
    func,
    literal_column,
    select,
    text,
    tuple_,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import Subquery

from ..errors import Invalid
from ..models import Claim, Document

MAX_TERMS = 32
# Up to this many matches, collecting them and sorting is cheaper than walking a date index and testing
# each row (measured at 1,000,000 claims, see bench/search_bench.py).
RARE_LIMIT = 2000

_WORD = re.compile(r"[^\W_]+")
_TERM = re.compile(r'\s*(-?)(?:"([^"]*)"?|([^\s"]+))')


@dataclass(frozen=True)
class SearchQuery:
    """Each term is a tuple of words: one word, or a phrase."""

    include: tuple[tuple[str, ...], ...]
    exclude: tuple[tuple[str, ...], ...]


def parse_query(raw: str) -> SearchQuery:
    """The terms of ``raw``; a query with no word to look for is a 422 on ``q``.

    ``-word`` alone cannot be searched (neither index can list "every claim without x" cheaply, and it
    is rarely what anyone means), so a query made only of exclusions is refused too.
    """
    include: list[tuple[str, ...]] = []
    exclude: list[tuple[str, ...]] = []
    for match in _TERM.finditer(raw):
        negated, phrase, bare = match.group(1), match.group(2), match.group(3)
        words = tuple(_WORD.findall(phrase if phrase is not None else bare or ""))
        if not words:
            continue
        target = exclude if negated else include
        if words not in target:
            target.append(words)
    if not include:
        raise Invalid("The search holds no word to look for: give at least one word or phrase that is not "
                      "excluded with '-'.", field="q", location="query")
    if len(include) + len(exclude) > MAX_TERMS:
        raise Invalid(f"At most {MAX_TERMS} words or phrases.", field="q", location="query")
    return SearchQuery(tuple(include), tuple(exclude))


def fts5_expression(query: SearchQuery) -> str:
    """The query in FTS5 MATCH syntax: every word double-quoted, so none is read as an operator."""

    def phrase(words: tuple[str, ...]) -> str:
        return '"' + " ".join(words) + '"'

    expression = "(" + " AND ".join(phrase(t) for t in query.include) + ")"
    return expression + "".join(f" NOT {phrase(t)}" for t in query.exclude)


def tsquery_expression(query: SearchQuery) -> str:
    """The query in ``to_tsquery`` syntax: quoted lexemes, ``<->`` inside phrases, ``&`` and ``!``."""

    def phrase(words: tuple[str, ...]) -> str:
        return "(" + " <-> ".join(f"'{w}'" for w in words) + ")"

    parts = [phrase(t) for t in query.include] + [f"!{phrase(t)}" for t in query.exclude]
    return " & ".join(parts)


def _is_sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def _tsquery(query: SearchQuery) -> ColumnElement:
    return func.to_tsquery(literal_column("'simple'::regconfig"),
                           bindparam("search_tsquery", tsquery_expression(query)))


def _rank(vector: ColumnElement, tsquery: ColumnElement) -> ColumnElement:
    # ts_rank is a float4, which reaches Python through its shortest decimal text: not the value PostgreSQL
    # compares with. As a float8 the score survives the round trip through a cursor exactly.
    return cast(func.ts_rank(vector, tsquery), Double)


def _fts_ids(table: str, query: SearchQuery, limit: int | None = None):
    sql = f"SELECT rowid FROM {table} WHERE {table} MATCH :search_match"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return text(sql).bindparams(search_match=fts5_expression(query)).columns(rowid=Integer)


def _claims_vector() -> ColumnElement:
    return literal_column("claims.search_vector")


def _documents_vector() -> ColumnElement:
    return literal_column("documents.search_vector")


def claims_matching(session: Session, raw: str) -> ColumnElement:
    """A WHERE condition for claims matching ``raw``, shaped for the cheaper plan (see the module notes)."""
    query = parse_query(raw)
    sqlite = _is_sqlite(session)
    if sqlite:
        probe = _fts_ids("claims_fts", query, RARE_LIMIT + 1)
    else:
        probe = select(Claim.id).where(_claims_vector().op("@@")(_tsquery(query))).limit(RARE_LIMIT + 1)
    ids = list(session.scalars(probe))
    if len(ids) <= RARE_LIMIT:
        return Claim.id.in_(ids) if ids else false()
    if sqlite:
        # The unary + keeps SQLite from driving the query by these ids (the plain plan); it walks the
        # order's index and tests each row against the set of matches, built once.
        return literal_column("+claims.id").in_(_fts_ids("claims_fts", query))
    # The function form of @@ cannot use the GIN index, so the planner walks the order's index instead
    # of collecting every match and sorting it.
    return func.ts_match_vq(_claims_vector(), _tsquery(query))


def claims_by_relevance(session: Session, base: Select, raw: str, after: tuple | None,
                        n: int) -> list[tuple[Claim, float]]:
    """Claims matching ``raw``, best first (ties: higher id first), with their score for the cursor.

    Scores: FTS5's bm25 (negated, so higher is better) on SQLite, ``ts_rank`` on PostgreSQL. Every
    match is scored and sorted, so this costs what the number of matches costs.
    """
    query = parse_query(raw)
    if _is_sqlite(session):
        ranked = _fts5_ranked("claims_fts", "-bm25(claims_fts)", query)
        score = ranked.c.score
        stmt = base.join(ranked, ranked.c.id == Claim.id)
    else:
        tsquery = _tsquery(query)
        score = _rank(_claims_vector(), tsquery)
        stmt = base.where(_claims_vector().op("@@")(tsquery))
    if after is not None:
        stmt = stmt.where(tuple_(score, Claim.id) < tuple_(bindparam("after_score", after[0], Float),
                                                           bindparam("after_id", after[1], Integer)))
    stmt = stmt.add_columns(score).order_by(score.desc(), Claim.id.desc()).limit(n)
    return [(claim, float(value)) for claim, value in session.execute(stmt)]


def _fts5_ranked(table: str, score_sql: str, query: SearchQuery) -> Subquery:
    """SQLite: the rows of an FTS5 table matching ``query`` with their score (higher is better), as a
    subquery ``ranked(id, score)`` to join on. ``table`` and ``score_sql`` are constants of this module."""
    return (text(f"SELECT rowid AS id, {score_sql} AS score FROM {table} WHERE {table} MATCH :search_match")
            .bindparams(search_match=fts5_expression(query))
            .columns(id=Integer, score=Float).subquery("ranked"))


@dataclass(frozen=True)
class DocumentSearch:
    """How to find and rank documents matching a query: a condition, a score, and (SQLite) a table to join."""

    condition: Any
    score: Any
    ranked: Any


def document_search(session: Session, raw: str) -> DocumentSearch:
    """Documents whose title or text matches ``raw``; in the score a title match weighs ten times more."""
    query = parse_query(raw)
    if _is_sqlite(session):
        ranked = _fts5_ranked("documents_fts", "-bm25(documents_fts, 10.0, 1.0)", query)
        return DocumentSearch(Document.id == ranked.c.id, ranked.c.score, ranked)
    tsquery = _tsquery(query)
    return DocumentSearch(_documents_vector().op("@@")(tsquery),
                          _rank(_documents_vector(), tsquery), None)
