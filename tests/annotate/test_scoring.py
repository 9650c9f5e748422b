import json
import subprocess
import sys
from pathlib import Path

import pytest

from api.annotate.scoring import (
    Gold,
    GoldError,
    GoldItem,
    evaluate,
    format_per_doc,
    format_report,
    load_gold,
    load_gold_brat,
    load_gold_jsonl,
    load_predictions,
    merge_intervals,
    names_someone,
    normalise_span,
    same_speaker,
    score,
)

REPO = Path(__file__).resolve().parents[2]

TEXT = "Ann Lee said taxes will rise next year. Bob Ray said no. Officials believe it."


def span(sub: str, text: str = TEXT) -> tuple[int, int]:
    at = text.index(sub)
    return at, at + len(sub)


def gold_of(*items: GoldItem, text: str = TEXT) -> Gold:
    return Gold(texts={"d": text}, items={"d": list(items)})


def item(start: int, end: int, source: str | None = "Ann Lee", **kw) -> GoldItem:
    return GoldItem(doc="d", id=f"G{start}", intervals=((start, end),), source=source, statement=None, **kw)


def pred(start: int, end: int, speaker: str | None = None, doc: str = "d") -> dict:
    return {"doc": doc, "speaker": speaker, "statement": None, "start": start, "end": end}


def write_jsonl(path, rows) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


# ------------------------------------------------------------------ matching rule


@pytest.mark.parametrize(
    ("start", "end", "matched"),
    [
        (5, 15, 1),  # 5 of the shorter 10: exactly half
        (6, 15, 0),  # 4 of 10
        (2, 8, 1),  # a short prediction inside the gold
        (7, 16, 0),  # 3 of the shorter 9
        (5, 5, 0),  # an empty prediction never matches
    ],
)
def test_overlap_must_cover_half_of_the_shorter_span(start, end, matched):
    report = score(gold_of(item(0, 10)), [pred(start, end)])
    assert report.counts.matched_predictions == matched


def test_half_of_a_short_gold_inside_a_long_prediction_matches():
    gold = gold_of(item(20, 40))
    assert score(gold, [pred(30, 60)]).counts.matched_predictions == 1
    assert score(gold, [pred(31, 60)]).counts.matched_predictions == 0


def test_a_gold_claim_matches_one_prediction_only():
    report = score(gold_of(item(0, 10)), [pred(0, 10), pred(1, 10)])
    assert (report.counts.matched_predictions, report.precision, report.recall) == (1, 0.5, 1.0)
    assert report.unmatched_predictions[0].start == 1


def test_greedy_matching_takes_the_largest_overlap_first_and_still_pairs_the_rest():
    gold = gold_of(item(0, 10), item(20, 40, source="Bob Ray"))
    report = score(gold, [pred(0, 10), pred(0, 30)])
    assert report.counts.matched_predictions == 2
    assert {(p.prediction.start, p.prediction.end, p.gold.intervals) for p in report.pairs} == {
        (0, 10, ((0, 10),)),
        (0, 30, ((20, 40),)),
    }


def test_equal_overlaps_go_to_the_pair_with_the_higher_jaccard():
    gold = gold_of(item(0, 10), item(20, 40))
    report = score(gold, [pred(0, 30), pred(2, 10)])
    assert report.counts.matched_predictions == 1
    assert report.pairs[0].gold.intervals == ((0, 10),)


def test_a_prediction_in_a_document_without_gold_costs_precision():
    report = score(gold_of(item(0, 10)), [pred(0, 10, doc="elsewhere")])
    assert (report.precision, report.counts.predictions) == (0.0, 1)
    assert report.notes["predictions: documents not in the gold"] == 1


def test_scores_are_zero_not_errors_when_nothing_is_predicted():
    report = score(gold_of(item(0, 10)), [])
    assert (report.precision, report.recall, report.f1, report.speaker_accuracy) == (0, 0, 0, 0)
    assert [g.intervals for g in report.missed_claims] == [((0, 10),)]


def test_mean_jaccard_is_over_matched_pairs():
    report = score(gold_of(item(0, 10), item(20, 40)), [pred(0, 10), pred(20, 30)])
    assert report.mean_jaccard == pytest.approx((1.0 + 0.5) / 2)


# ------------------------------------------------------------------ optional gold


def test_optional_gold_is_neither_needed_nor_an_error_by_default():
    gold = gold_of(item(0, 10), item(20, 30, optional=True))
    found_both = score(gold, [pred(0, 10), pred(20, 30)])
    assert (found_both.precision, found_both.recall, found_both.counts.gold_claims) == (1.0, 1.0, 1)
    missed_optional = score(gold, [pred(0, 10)])
    assert missed_optional.recall == 1.0
    assert missed_optional.missed_claims == []


def test_optional_gold_counts_as_a_claim_when_asked():
    gold = gold_of(item(0, 10), item(20, 30, optional=True))
    report = score(gold, [pred(0, 10)], optional_as_non_claim=False)
    assert (report.counts.gold_claims, report.recall) == (2, 0.5)


def test_a_non_claim_attribution_is_matched_for_precision_but_not_recall():
    gold = gold_of(item(0, 10, is_claim=False))
    report = score(gold, [pred(0, 10)])
    assert (report.precision, report.counts.gold_claims, report.counts.speaker_pairs) == (1.0, 0, 0)


# ------------------------------------------------------------------ speakers


def test_speaker_accuracy_needs_a_shared_name_word():
    gold = gold_of(item(0, 10, source="Sen. Ann Lee"), item(20, 30, source="Bob Ray"))
    report = score(gold, [pred(0, 10, "Lee"), pred(20, 30, "Robert Smith")])
    assert (report.counts.speaker_pairs, report.counts.speaker_correct) == (2, 1)
    assert report.speaker_accuracy == 0.5
    assert report.attributed_recall == 0.5


def test_a_pronoun_source_is_not_judged_and_costs_nothing():
    gold = gold_of(item(0, 10, source="she"), item(20, 30, source="The agency"))
    report = score(gold, [pred(0, 10, "Ann Lee"), pred(20, 30, None)])
    assert report.counts.speaker_pairs == 0
    assert report.attributed_precision == 1.0


@pytest.mark.parametrize(
    ("predicted", "source", "same"),
    [
        ("Warren", "Sen. Elizabeth Warren", True),
        ("President Obama", "President Trump", False),
        ("Al", "Al Gore", False),
        (None, "Al Gore", False),
        ("TRUMP campaign", "Donald Trump", True),
        ("Zoë Ñúñez", "ZOË ÑÚÑEZ", True),
    ],
)
def test_speaker_comparison(predicted, source, same):
    assert same_speaker(predicted, source) is same


@pytest.mark.parametrize(
    ("source", "named"),
    [
        ("He", False),
        ("The newspaper", False),
        ("officials", False),
        ("THEY", False),
        ("Senator Warren", True),
    ],
)
def test_only_a_capitalised_non_pronoun_names_someone(source, named):
    assert names_someone(source) is named


def test_merge_intervals_joins_touching_and_overlapping_fragments():
    assert merge_intervals([(5, 10), (0, 3), (8, 12), (12, 14), (20, 20)]) == ((0, 3), (5, 14))


# ------------------------------------------------------------------ JSONL gold


def test_jsonl_gold_reads_offsets_optional_and_only_the_texts_it_names(tmp_path):
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "d.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "texts" / "empty.txt").write_text("Nothing said.", encoding="utf-8")
    s, e = span("taxes will rise next year")
    write_jsonl(
        tmp_path / "gold.jsonl",
        [
            {
                "doc": "d",
                "speaker": "Ann Lee",
                "statement": TEXT[s:e],
                "start": s,
                "end": e,
                "optional": False,
            },
            {"doc": "d", "speaker": "Bob Ray", "statement": "no", "optional": True},  # offsets from the text
        ],
    )
    (tmp_path / "texts" / "latin1.txt").write_bytes("Caf\xe9 said.".encode("latin-1"))  # not read, so no error
    gold = load_gold_jsonl(tmp_path / "gold.jsonl", tmp_path / "texts")
    assert gold.docs == ["d"] and list(gold.texts) == ["d"]
    first, second = gold.items["d"]
    assert (first.intervals, first.source, first.optional) == (((s, e),), "Ann Lee", False)
    assert (second.intervals, second.optional) == ((span("no"),), True)
    assert gold.notes == {"gold: offsets recovered from the statement": 1}


def test_jsonl_gold_texts_default_to_the_gold_files_folder(tmp_path):
    (tmp_path / "d.txt").write_text(TEXT, encoding="utf-8")
    write_jsonl(tmp_path / "gold.jsonl", [{"doc": "d", "speaker": "Bob Ray", "statement": "no"}])
    assert load_gold(tmp_path / "gold.jsonl").items["d"][0].intervals == (span("no"),)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "gold.jsonl:2: not JSON"),
        ('["d"]', "gold.jsonl:2: expected an object"),
        ('{"doc": "d", "statement": "absent words"}', "gold.jsonl:2: no integer start/end"),
    ],
)
def test_a_malformed_gold_line_is_reported_with_its_number(tmp_path, line, message):
    (tmp_path / "d.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "gold.jsonl").write_text('{"doc": "d", "statement": "no"}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(GoldError, match=message):
        load_gold(tmp_path / "gold.jsonl")


def test_missing_gold_is_a_gold_error(tmp_path):
    with pytest.raises(GoldError, match="no such gold"):
        load_gold(tmp_path / "absent.jsonl")


def test_prediction_offsets_are_recovered_from_the_statement_or_count_as_unmatched(tmp_path):
    gold = gold_of(item(*span("taxes will rise next year")))
    rows = [
        {"doc": "d", "speaker": "Lee", "statement": "taxes will rise next year"},
        {"doc": "d", "speaker": "Lee", "statement": "words that are not there"},
    ]
    write_jsonl(tmp_path / "pred.jsonl", rows)
    report = score(gold, load_predictions(tmp_path / "pred.jsonl"))
    assert (report.counts.predictions, report.counts.matched_predictions) == (2, 1)
    assert report.notes["predictions: offsets recovered from the statement"] == 1
    assert report.notes["predictions: no usable span"] == 1


def test_a_prediction_whose_statement_differs_from_its_span_is_noted():
    report = score(gold_of(item(0, 7)), [{"doc": "d", "statement": "Bob", "start": 0, "end": 7}])
    assert report.notes == {"predictions: statement differs from the text at its offsets": 1}


# ------------------------------------------------------------------ BRAT gold

BRAT_TEXT = (
    'Taxes will rise, Smith said. He believes it. Officials warned\nthat cuts loom. Jones told aides "no".'
)


def brat_ann(text: str) -> str:
    def t(number: int, kind: str, sub: str, start_after: int = 0) -> str:
        at = text.index(sub, start_after)
        return f"T{number}\t{kind} {at} {at + len(sub)}\t{sub}"

    no_at = text.index('"no"')
    return "\n".join(
        [
            t(1, "Content", "Taxes will rise"),
            t(2, "Source", "Smith"),
            t(3, "Cue", "said"),
            "E1\tAttribution:T3 Content:T1 Cue:T3 Source:T2",
            t(4, "Source", "He"),
            t(5, "Cue", "believes"),
            t(6, "Content", "it", text.index("believes")),
            "E2\tAttribution:T5 Source:T4 Cue:T5 Content:T6",
            t(7, "Cue", "warned"),
            t(8, "Content", "warned\nthat cuts loom"),  # the span's text holds a newline
            "E3\tAttribution-no-source:T7 Cue:T7 Content:T8",
            t(9, "Source", "Jones"),
            t(10, "Cue", "told"),
            f'T11\tContent {no_at} {no_at + 2};{no_at + 2} {no_at + 4}\t"n o"',  # discontinuous
            t(12, "Content", "aides"),
            "E4\tAttribution:T10 Source:T9 Cue:T10 Content:T11 Content2:T12",
            "E5\tAttribution:T10 Cue:T10",  # no content: not gold
            "",
        ]
    )


def write_brat(root, files: dict[str, str]) -> None:
    (root / "text").mkdir()
    (root / "attributions").mkdir()
    (root / "text" / "doc_a.txt").write_text(BRAT_TEXT, encoding="utf-8")
    for name, content in files.items():
        (root / "attributions" / name).write_text(content, encoding="utf-8")


def test_brat_events_with_content_become_gold_and_speech_cues_with_a_source_make_claims(tmp_path):
    write_brat(tmp_path, {"doc_a.ann": brat_ann(BRAT_TEXT)})
    items = {g.id: g for g in load_gold_brat(tmp_path).items["doc_a"]}
    assert sorted(items) == ["E1", "E2", "E3", "E4"]
    assert {i: g.is_claim for i, g in items.items()} == {"E1": True, "E2": False, "E3": False, "E4": True}
    assert items["E1"].source == "Smith"
    assert items["E3"].intervals == (span("warned\nthat cuts loom", BRAT_TEXT),)


def test_brat_discontinuous_and_second_content_spans_are_one_gold_statement(tmp_path):
    write_brat(tmp_path, {"doc_a.ann": brat_ann(BRAT_TEXT)})
    e4 = next(g for g in load_gold_brat(tmp_path).items["doc_a"] if g.id == "E4")
    assert e4.intervals == (span("aides", BRAT_TEXT), span('"no"', BRAT_TEXT))
    assert e4.length == len("aides") + len('"no"')
    report = score(
        Gold({"doc_a": BRAT_TEXT}, {"doc_a": [e4]}),
        [{"doc": "doc_a", "speaker": "Jones", "start": e4.intervals[0][0], "end": e4.intervals[1][1]}],
    )
    assert report.pairs[0].overlap == e4.length


def test_brat_uses_the_first_annotators_file_in_name_order(tmp_path):
    write_brat(tmp_path, {"doc_a_2222.ann": "", "doc_a_1111.ann": brat_ann(BRAT_TEXT)})
    assert len(load_gold_brat(tmp_path).items["doc_a"]) == 4


def test_brat_text_without_annotations_is_scored_with_no_gold(tmp_path):
    write_brat(tmp_path, {})
    gold = load_gold(tmp_path)
    assert gold.items == {"doc_a": []}
    assert gold.notes == {"gold: texts without annotations": 1}


def test_brat_folder_needs_text_and_attributions(tmp_path):
    with pytest.raises(GoldError, match="text/ and attributions/"):
        load_gold_brat(tmp_path)


# ------------------------------------------------------------------ report and pipeline run


def test_format_report_prints_one_figure_per_line_and_the_counts():
    report = score(gold_of(item(0, 10), item(20, 30)), [pred(0, 10, "Ann Lee")])
    lines = format_report(report).splitlines()
    assert lines[:4] == ["precision: 1.000", "recall: 0.500", "f1: 0.667", "speaker accuracy: 1.000"]
    assert "predictions: 1" in lines
    assert "gold claims: 2" in lines


def test_evaluate_needs_the_texts_of_the_gold(tmp_path):
    write_jsonl(
        tmp_path / "gold.jsonl", [{"doc": "d", "speaker": "A", "statement": "x", "start": 0, "end": 1}]
    )
    gold = load_gold_jsonl(tmp_path / "gold.jsonl")
    with pytest.raises(GoldError, match="no text for 1 gold document"):
        evaluate(gold)


def test_evaluate_scores_what_extraction_would_print(tmp_path):
    from api.annotate.extract import extract_text

    text = 'The minister, Ann Lee, said on Monday: "Taxes will rise next year." Bob Ray said that was wrong.'
    gold = gold_of(item(*span("Taxes will rise next year", text)), text=text)
    rows = list(extract_text("d", text))
    report = evaluate(gold)
    assert report.counts.predictions == len(rows)
    assert report.recall == score(gold, rows).recall


# ------------------------------------------------------------------ exact boundaries

QUOTED = '"Taxes will rise next year," Ann Lee said. Bob Ray said: \u00abWages will not.\u00bb He said so.'


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ('"Taxes will rise,"', "Taxes will rise"),
        ("\u00abWages will not.\u00bb", "Wages will not"),
        ("\u201eJa.\u201c ", "Ja"),
        ("'\u2018Nested,\u2019' ;", "Nested"),  # quote, comma, quote, space, semicolon: stripped until stable
        ("Is it?", "Is it?"),  # a question mark is part of the statement
        (", and so", ", and so"),  # sentence punctuation is stripped from the end only
        ('" ... "', ""),
    ],
)
def test_normalise_span_strips_framing_quotes_whitespace_and_trailing_punctuation(raw, normalised):
    start, end = normalise_span(raw, 0, len(raw))
    assert raw[start:end] == normalised


def test_an_exact_match_may_differ_by_enclosing_quote_marks_and_a_trailing_comma():
    gold = gold_of(
        item(*span('"Taxes will rise next year,"', QUOTED)),
        item(*span("Wages will not.", QUOTED), source="Bob Ray"),
        text=QUOTED,
    )
    predictions = [
        pred(*span("Taxes will rise next year", QUOTED)),
        pred(*span("\u00abWages will not.\u00bb", QUOTED)),
    ]
    report = score(gold, predictions)
    assert report.counts.exact_matched_predictions == 2
    assert (report.exact_precision, report.exact_recall, report.exact_f1) == (1.0, 1.0, 1.0)
    assert {(p.start, g.intervals) for p, g in report.exact_pairs} == {
        (predictions[0]["start"], (span('"Taxes will rise next year,"', QUOTED),)),
        (predictions[1]["start"], (span("Wages will not.", QUOTED),)),
    }


@pytest.mark.parametrize(
    "predicted",
    ["Taxes will rise next yea", "axes will rise next year", '"Taxes will rise next year," A'],
)
def test_a_one_character_boundary_difference_is_not_exact_but_still_lenient(predicted):
    gold = gold_of(item(*span('"Taxes will rise next year,"', QUOTED)), text=QUOTED)
    report = score(gold, [pred(*span(predicted, QUOTED))])
    assert (report.counts.matched_predictions, report.counts.exact_matched_predictions) == (1, 0)
    assert (report.exact_precision, report.exact_recall, report.exact_f1) == (0.0, 0.0, 0.0)


def test_exact_matching_is_one_to_one():
    gold = gold_of(item(*span("taxes will rise next year")))
    report = score(
        gold, [pred(*span("taxes will rise next year")), pred(*span("taxes will rise next year."))]
    )
    assert (report.counts.exact_matched_predictions, report.exact_precision, report.exact_recall) == (
        1,
        0.5,
        1.0,
    )


def test_an_exact_prediction_goes_to_the_claim_when_an_optional_item_has_the_same_span():
    s, e = span("taxes will rise next year")
    gold = gold_of(item(s, e, optional=True), item(s, e + 1))  # the claim's trailing stop is normalised away
    report = score(gold, [pred(s, e)])
    assert (report.exact_precision, report.exact_recall) == (1.0, 1.0)
    assert report.exact_pairs[0][1].optional is False


def test_optional_gold_counts_for_exact_precision_only_unless_counted():
    gold = gold_of(
        item(*span("taxes will rise next year")), item(*span("Officials believe it"), optional=True)
    )
    found_optional = [pred(*span("Officials believe it."))]
    default = score(gold, found_optional)
    assert (default.exact_precision, default.exact_recall, default.counts.exact_matched_claims) == (
        1.0,
        0.0,
        0,
    )
    counted = score(gold, found_optional, optional_as_non_claim=False)
    assert (counted.exact_precision, counted.exact_recall, counted.counts.exact_matched_claims) == (
        1.0,
        0.5,
        1,
    )


def test_a_non_claim_attribution_counts_for_exact_precision_only():
    report = score(
        gold_of(item(*span("Officials believe it"), is_claim=False)), [pred(*span("Officials believe it"))]
    )
    assert (report.exact_precision, report.counts.gold_claims, report.exact_recall) == (1.0, 0, 0.0)


def test_a_gold_statement_in_several_fragments_is_never_an_exact_match():
    first, second = span("taxes will rise"), span("next year")
    gold = gold_of(GoldItem(doc="d", id="E1", intervals=(first, second), source="Ann Lee", statement=None))
    for start, end in [(first[0], second[1]), first, second]:
        report = score(gold, [pred(start, end)])
        assert report.counts.exact_matched_predictions == 0
        assert report.notes == {"exact: gold claims in several fragments (never an exact match)": 1}


# ------------------------------------------------------------------ token overlap


def test_token_figures_of_a_partial_overlap():
    # gold: taxes will rise next year (5 tokens). The prediction cuts "taxes" (not a whole token inside it) and
    # runs on into "Bob Ray said": 7 predicted tokens, of which will rise next year (4) are gold.
    gold = gold_of(item(*span("taxes will rise next year")))
    report = score(gold, [pred(*span("axes will rise next year. Bob Ray said"))])
    c = report.counts
    assert (c.predicted_tokens, c.predicted_tokens_in_gold, c.claim_tokens, c.claim_tokens_found) == (
        7,
        4,
        5,
        4,
    )
    assert report.token_precision == pytest.approx(4 / 7)
    assert report.token_recall == pytest.approx(4 / 5)
    assert report.token_f1 == pytest.approx(2 / 3)


def test_overlapping_predictions_do_not_count_their_shared_tokens_twice():
    gold = gold_of(item(*span("taxes will rise next year")))
    # "Ann Lee said taxes will" and "said taxes will rise" share "said taxes will": together 6 tokens, 3 gold
    report = score(gold, [pred(*span("Ann Lee said taxes will")), pred(*span("said taxes will rise"))])
    c = report.counts
    assert (c.predicted_tokens, c.predicted_tokens_in_gold, c.claim_tokens_found) == (6, 3, 3)
    assert (report.token_precision, report.token_recall) == (0.5, 0.6)


def test_overlapping_gold_claims_do_not_count_their_shared_tokens_twice():
    gold = gold_of(item(*span("taxes will rise")), item(*span("will rise next year"), source="Bob Ray"))
    report = score(gold, [pred(*span("taxes will"))])
    assert (report.counts.claim_tokens, report.counts.claim_tokens_found, report.token_recall) == (5, 2, 0.4)


def test_tokens_inside_optional_gold_are_not_errors_and_are_needed_only_when_counted():
    gold = gold_of(
        item(*span("taxes will rise next year")), item(*span("Officials believe it"), optional=True)
    )
    found_optional = [pred(*span("Officials believe it."))]
    default = score(gold, found_optional)
    assert (default.token_precision, default.token_recall, default.counts.claim_tokens) == (1.0, 0.0, 5)
    counted = score(gold, found_optional, optional_as_non_claim=False)
    assert (counted.token_precision, counted.counts.claim_tokens, counted.token_recall) == (1.0, 8, 3 / 8)
    without_optional = score(gold_of(item(*span("taxes will rise next year"))), found_optional)
    assert without_optional.token_precision == 0.0


def test_token_figures_are_micro_averaged_over_documents():
    other = "Carl Dee said the bridge opens in May and tolls will stay the same."
    gold = Gold(
        texts={"d": TEXT, "e": other},
        items={"d": [item(*span("taxes will rise next year"))], "e": []},
    )
    # d: 1 predicted token, in gold; e: 9 predicted tokens, none in gold. Micro: 1/10 (a mean of docs: 1/2).
    rows = [pred(*span("rise")), pred(*span("the bridge opens in May and tolls will stay", other), doc="e")]
    report = score(gold, rows)
    assert (report.counts.predicted_tokens, report.counts.predicted_tokens_in_gold) == (10, 1)
    assert report.token_precision == pytest.approx(0.1)
    assert (report.per_doc["d"].predicted_tokens, report.per_doc["e"].predicted_tokens) == (1, 9)


def test_a_prediction_that_cannot_be_placed_costs_token_precision_by_its_statement_words():
    gold = gold_of(item(*span("taxes will rise next year")))
    rows = [
        pred(*span("taxes will rise next year")),
        {"doc": "d", "speaker": None, "statement": "words that are not there"},  # no offsets, not in the text
        {"doc": "elsewhere", "speaker": None, "statement": "two words", "start": 0, "end": 9},  # no text
    ]
    report = score(gold, rows)
    assert (report.counts.predicted_tokens, report.counts.predicted_tokens_in_gold) == (5 + 5 + 2, 5)
    assert report.notes["tokens: documents with words counted from statements (no text or no span)"] == 2


# ------------------------------------------------------------------ report lines


def test_format_report_prints_exact_and_token_figures_after_the_lenient_ones():
    gold = gold_of(item(*span("taxes will rise next year")), item(*span("Bob Ray said no"), source="Bob Ray"))
    rows = [pred(*span("taxes will rise next year.")), pred(*span("Ray said no. Officials believe"))]
    lines = format_report(score(gold, rows)).splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("mean character jaccard (claims): "))
    assert lines[at + 1 : at + 7] == [
        "exact precision: 0.500",  # the first prediction, once its full stop is set aside
        "exact recall: 0.500",
        "exact f1: 0.500",
        "token precision: 0.800",  # 10 predicted tokens, of which Officials and believe are not gold
        "token recall: 0.889",  # 9 gold tokens, of which Bob was not found
        "token f1: 0.842",
    ]
    assert lines[at + 7] == "documents: 1"
    assert lines[-6:] == [
        "exact matched predictions: 1",
        "exact matched gold claims: 1",
        "predicted tokens: 10",
        "predicted tokens in gold: 8",
        "gold claim tokens: 9",
        "gold claim tokens found: 8",
    ]


def test_format_per_doc_prints_one_line_per_document():
    gold = Gold(
        texts={"d": TEXT, "e": "Nothing was said."},
        items={"d": [item(*span("taxes will rise next year")), item(*span("Bob Ray said no"))], "e": []},
    )
    rows = [pred(*span("taxes will rise next year")), pred(*span("Ray said no")), pred(0, 7, doc="e")]
    assert format_per_doc(score(gold, rows)).splitlines() == [
        "doc d: predictions 2, gold claims 2, lenient matches 2 (claims 2), exact matches 1 (claims 1)",
        "doc e: predictions 1, gold claims 0, lenient matches 0 (claims 0), exact matches 0 (claims 0)",
    ]


# ------------------------------------------------------------------ the eval command


def write_eval_set(root: Path) -> list[str]:
    """A claim in quotes with its comma, an optional claim, and predictions: one exact, one short, one wrong."""
    (root / "texts").mkdir()
    (root / "texts" / "d.txt").write_text(QUOTED, encoding="utf-8")
    (root / "texts" / "e.txt").write_text("Nothing was said.", encoding="utf-8")

    def row(statement: str, speaker: str, **kw) -> dict:
        start, end = span(statement, QUOTED)
        return {"doc": "d", "speaker": speaker, "statement": statement, "start": start, "end": end, **kw}

    write_jsonl(
        root / "gold.jsonl",
        [
            row('"Taxes will rise next year,"', "Ann Lee", optional=False),
            row("Wages will not.", "Bob Ray", optional=True),
        ],
    )
    write_jsonl(
        root / "pred.jsonl",
        [
            row("Taxes will rise next year", "Ann Lee"),
            row("Wages will", "Bob Ray"),
            row("He said so", "Bob Ray"),
        ],
    )
    return [
        "eval",
        str(root / "gold.jsonl"),
        "--texts",
        str(root / "texts"),
        "--pred",
        str(root / "pred.jsonl"),
    ]


def run_module(*args: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-m", "api.annotate", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def figures(lines: list[str]) -> dict[str, str]:
    return dict(line.split(": ", 1) for line in lines if not line.startswith(("doc ", "note: ")))


def test_eval_command_prints_lenient_exact_and_token_figures(tmp_path):
    # predictions: 5 + 2 + 3 tokens; in gold: 5 (the claim) + 2 (inside the optional claim); the claim's 5 found
    lines = run_module(*write_eval_set(tmp_path))
    out = figures(lines)
    assert {k: out[k] for k in ("precision", "recall", "exact precision", "exact recall", "exact f1")} == {
        "precision": "0.667",
        "recall": "1.000",
        "exact precision": "0.333",
        "exact recall": "1.000",
        "exact f1": "0.500",
    }
    assert (out["token precision"], out["token recall"], out["token f1"]) == ("0.700", "1.000", "0.824")
    assert (out["predicted tokens"], out["predicted tokens in gold"], out["gold claim tokens"]) == (
        "10",
        "7",
        "5",
    )
    assert not any(line.startswith("doc ") for line in lines)


def test_eval_command_counts_optional_claims_in_every_family_when_asked(tmp_path):
    out = figures(run_module(*write_eval_set(tmp_path), "--count-optional"))
    assert (out["gold claims"], out["recall"], out["exact recall"], out["token recall"]) == (
        "2",
        "1.000",
        "0.500",  # "Wages will" is not the optional claim's span
        "0.875",  # and misses its "not": 7 of the 8 claim tokens
    )
    assert (out["exact precision"], out["token precision"]) == ("0.333", "0.700")


def test_eval_command_per_doc_prints_a_line_for_each_document_the_gold_names(tmp_path):
    lines = run_module(*write_eval_set(tmp_path), "--per-doc")
    # texts/e.txt is in the folder but not in the gold: it is neither read nor scored
    assert [line for line in lines if line.startswith("doc ")] == [
        "doc d: predictions 3, gold claims 1, lenient matches 2 (claims 1), exact matches 1 (claims 1)",
    ]
    assert lines[-1].startswith("doc d:") and "documents: 1" in lines
    assert figures(lines)["exact precision"] == "0.333"
