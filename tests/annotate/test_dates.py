from datetime import date

from api.annotate.dates import claim_date

PUBLISHED = date(2024, 3, 27)  # a Wednesday


def test_published_date_when_the_sentence_does_not_place_the_speech():
    assert claim_date("Lind said the bridge would reopen.", PUBLISHED) == PUBLISHED


def test_weekday_is_the_last_such_day_before_publication():
    assert claim_date("Lind said on Monday that the bridge would reopen.", PUBLISHED) == date(2024, 3, 25)


def test_same_weekday_as_publication_is_that_day():
    assert claim_date("Lind said Wednesday that it would reopen.", PUBLISHED) == PUBLISHED


def test_yesterday_and_last_week():
    assert claim_date("Lind said yesterday it was over.", PUBLISHED) == date(2024, 3, 26)
    assert claim_date("Lind said last week it was over.", PUBLISHED) == date(2024, 3, 20)


def test_month_and_day_take_the_published_year():
    assert claim_date("On March 5, Lind said it was over.", PUBLISHED) == date(2024, 3, 5)


def test_month_and_day_after_publication_belong_to_the_year_before():
    assert claim_date("On December 5, Lind said it was over.", PUBLISHED) == date(2023, 12, 5)


def test_full_date_dates_a_claim_without_a_published_date():
    assert claim_date("On March 5, 2020, Lind said it was over.", None) == date(2020, 3, 5)


def test_nothing_dates_a_claim_without_a_published_date():
    assert claim_date("Lind said on Monday it was over.", None) is None
