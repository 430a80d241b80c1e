"""kg.extract.dates: dates in news text to ISO, with the year taken from the article
date, a given year, or a year stated in the text; relative forms; no date from 日前."""

from __future__ import annotations

import pytest

from kg.extract.dates import find_dates, opens_sentence, year_in_text


def dated(text: str, *, reference: str | None = None, year: int | None = None):
    """The mentions of ``text`` that resolved to a date."""
    return [d for d in find_dates(text, reference=reference, year=year) if d.date]


def first(text: str, **kw):
    found = dated(text, **kw)
    assert found, f"no date in {text!r}"
    return found[0]


# --- the year ----------------------------------------------------------------------------


def test_month_day_takes_the_year_of_the_article_date():
    d = first("6月3日，云溪镇召开会议。", reference="2021-06-05")
    assert (d.date, d.inferred_year, d.end_date) == ("2021-06-03", False, None)
    assert "6月3日" == "6月3日，云溪镇召开会议。"[d.start : d.end]


def test_month_day_with_a_given_year_is_marked_inferred():
    d = first("6月3日，云溪镇召开会议。", year=2020)
    assert (d.date, d.inferred_year) == ("2020-06-03", True)


def test_the_article_date_wins_over_a_given_year():
    d = first("6月3日，云溪镇召开会议。", reference="2021-06-05", year=2019)
    assert (d.date, d.inferred_year) == ("2021-06-03", False)


def test_month_day_without_any_year_keeps_the_year_unknown():
    (d,) = find_dates("6月3日，云溪镇召开会议。", reference=None, year=None)
    assert (d.date, d.inferred_year) == ("XXXX-06-03", False)  # unknown, not inferred
    (d,) = find_dates("2月29日至3月2日，云溪镇召开会议。", reference=None, year=None)
    assert (d.date, d.end_date) == ("XXXX-02-29", "XXXX-03-02")  # a day of some year
    assert find_dates("2月30日", reference=None, year=None)[0].date is None  # of none


def test_a_day_without_month_or_year_gives_no_date():
    assert dated("3日上午，云溪镇召开会议。") == []


def test_the_year_option_and_a_year_stated_in_the_text_fill_an_unknown_year():
    assert first("6月3日，云溪镇召开会议。", reference=None, year=2021).date == "2021-06-03"


def test_an_explicit_year_is_kept_and_not_inferred():
    d = first("2019年12月30日，青山区召开会议。", reference="2021-01-04", year=2020)
    assert (d.date, d.inferred_year) == ("2019-12-30", False)


def test_year_rolls_back_when_month_day_is_after_the_article_date():
    # a report never predates what it reports: 12月30日 in a January paper is last year
    assert first("12月30日，青山区召开年终总结大会。", reference="2021-01-04").date == "2020-12-30"


def test_no_rollback_on_or_before_the_article_date():
    assert first("1月4日，青山区召开会议。", reference="2021-01-04").date == "2021-01-04"
    assert first("1月3日，青山区召开会议。", reference="2021-01-04").date == "2021-01-03"


def test_no_rollback_with_only_a_given_year():
    assert first("12月30日，青山区召开会议。", year=2021).date == "2021-12-30"


def test_year_in_text():
    assert year_in_text("青山区召开2021年第一季度经济运行分析会") == 2021
    assert year_in_text("1998年和2005年") == 1998  # the first one
    assert year_in_text("青山区召开第一季度经济运行分析会") is None
    assert year_in_text("1800年的老宅") is None
    assert year_in_text("") is None


# --- relative forms ------------------------------------------------------------------------


def test_day_only_takes_the_month_of_the_article_date():
    d = first("当地时间25日，钱立平在云港会见韦斯特。", reference="2021-06-26")
    assert (d.date, d.inferred_year) == ("2021-06-25", False)


def test_day_only_after_the_article_day_is_in_the_previous_month():
    assert first("当地时间25日，钱立平会见韦斯特。", reference="2021-07-02").date == "2021-06-25"


def test_day_only_across_new_year():
    assert first("当地时间30日，钱立平会见韦斯特。", reference="2021-01-02").date == "2020-12-30"


def test_day_only_without_an_article_date_is_not_a_date():
    # the month is unknown: a given year does not help
    assert dated("当地时间25日，钱立平会见韦斯特。", year=2021) == []


def test_day_range_within_a_month():
    d = first("7月1日至2日，第三届云岭数字经济论坛在青山区举行。", reference="2021-07-03")
    assert (d.date, d.end_date) == ("2021-07-01", "2021-07-02")


def test_day_range_across_months():
    d = first("6月30日至7月2日，论坛在青山区举行。", reference="2021-07-03")
    assert (d.date, d.end_date) == ("2021-06-30", "2021-07-02")


@pytest.mark.parametrize("word", ["日前", "近日", "前几日"])
def test_vague_words_give_no_date(word):
    assert dated(f"{word}，青山区召开防汛工作调度会。", reference="2021-07-10", year=2021) == []


@pytest.mark.parametrize(
    "text",
    ["第3日，工作组继续检查。", "要求3日内完成整改。", "每5日报告一次。", "自6月1日起施行。"],
)
def test_ordinals_durations_and_starting_points_are_not_event_dates(text):
    assert dated(text, reference="2021-07-10") == []


@pytest.mark.parametrize(
    ("text", "part"),
    [
        ("8日上午", "morning"),
        ("8日中午", "noon"),
        ("8日下午", "afternoon"),
        ("8日晚", "evening"),
        ("8日晚上", "evening"),
        ("8日凌晨", "night"),
        ("8日", None),
    ],
)
def test_part_of_day(text, part):
    d = first(f"国家主席林国栋{text}会见韦斯特。", reference="2021-03-09")
    assert d.date == "2021-03-08"
    assert d.part_of_day == part


def test_invalid_calendar_dates_give_no_date():
    assert dated("2月30日，青山区召开会议。", reference="2021-03-05") == []
    assert dated("13月4日，青山区召开会议。", reference="2021-03-05") == []
    assert first("2月29日，青山区召开会议。", reference="2020-03-05").date == "2020-02-29"


def test_same_day_words_are_reported_as_such():
    marks = [d for d in find_dates("当天下午，周明远到云溪镇调研。", reference="2021-03-05", year=None) if d.same_day]
    assert len(marks) == 1
    assert marks[0].date is None


def test_full_width_digits_are_read_too():
    # the clean stage turns ６月３日 into 6月3日 anyway; \d also matches them
    assert first("６月３日", reference="2021-06-05").date == "2021-06-03"


def test_mentions_come_in_text_order():
    found = dated("7月2日下午，高建国到云溪镇调研。此前，7月1日，论坛开幕。", reference="2021-07-03")
    assert [d.date for d in found] == ["2021-07-02", "2021-07-01"]
    assert found[0].part_of_day == "afternoon"


def test_day_range_across_the_new_year():
    d = first("12月30日至1月2日，论坛在青山区举行。", reference="2021-01-05")
    assert (d.date, d.end_date) == ("2020-12-30", "2021-01-02")


def test_a_date_opens_its_sentence_or_not():
    for sentence, opens in (("23日下午，考察组赴白鹿镇。", True), ("在15日召开的座谈会上，林晓发言。", True),
                            ("林晓23日在白鹿镇调研。", False)):
        (d,) = find_dates(sentence, reference="2024-05-24", year=None)
        assert opens_sentence(d, sentence) is opens
