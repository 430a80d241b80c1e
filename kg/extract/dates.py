"""Dates in news text, normalised to ISO: ``6月3日`` + a year, ``当地时间25日``,
``7月1日至2日``; ``日前``/``近日`` give no date. A month and day in a text that never
states its year (and with no article date or ``--year``) keep the year unknown:
``XXXX-06-03`` (``kg.model.UNKNOWN_YEAR``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from kg.lexicon import Lazy, lazy_regex, lexicon_set, lexicon_table
from kg.model import UNKNOWN_YEAR

_DATE = lazy_regex(
    r"(?:(?P<year>(?:19|20)\d{2})年)?(?:(?P<month>\d{1,2})月)?(?P<day>\d{1,2})日"
    r"(?:(?:至|到|-|—|~)(?:(?P<end_month>\d{1,2})月)?(?P<end_day>\d{1,2})日)?"
    r"(?P<part>{parts_of_day.txt:*})?"
)
_PART_OF_DAY = Lazy(lambda: lexicon_table("parts_of_day.txt"))
_SAME_DAY = lazy_regex(r"{date_words.txt:same_day}")
_NOT_BEFORE_DAY = Lazy(lambda: lexicon_set("date_words.txt", "not_before_day"))
_NOT_AFTER_DAY = Lazy(lambda: lexicon_set("date_words.txt", "not_after_day"))
_YEAR = re.compile(r"((?:19|20)\d{2})年")


@dataclass(frozen=True, slots=True)
class DateMention:
    start: int
    end: int
    date: str | None  # ISO
    end_date: str | None
    inferred_year: bool
    part_of_day: str | None
    same_day: bool = False  # 当天: the date of the event before


def opens_sentence(mention: DateMention, sentence: str) -> bool:
    """Whether a date opens its sentence (23日下午，…; 在15日召开的…: one character before it)."""
    return mention.start <= len(sentence) - len(sentence.lstrip()) + 1


def year_in_text(text: str) -> int | None:
    """A year stated in the text (2020年第二批…), the last resort for undated pages."""
    m = _YEAR.search(text)
    return int(m.group(1)) if m else None


def _iso(year: int | None, month: int, day: int) -> str | None:
    """``YYYY-MM-DD``, or ``XXXX-MM-DD`` when the year is unknown; None for no real day."""
    try:
        if year is None:  # (checked against a leap year, so that 2月29日 is a day)
            return date(2000, month, day).strftime(f"{UNKNOWN_YEAR}-%m-%d")
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def find_dates(text: str, *, reference: str | None, year: int | None) -> list[DateMention]:
    """Date mentions in ``text``, resolved against the article date ``reference`` (ISO)
    or, failing that, a known ``year`` (then the year is marked inferred)."""
    if "日" not in text and "当天" not in text:
        return []  # (most sentences: every date and 当日/同日/是日 holds 日)
    ref = date.fromisoformat(reference) if reference else None
    out: list[DateMention] = []
    for m in _DATE.finditer(text):
        # "3日" alone only counts right before a time-of-day word, a place or a verb;
        # avoid numbers like 第3日 and durations (3日内)
        if text[max(0, m.start() - 1) : m.start()] in _NOT_BEFORE_DAY:
            continue
        if text[m.end() : m.end() + 1] == "电":
            continue  # a dateline (本报北京11月30日电) dates the report, not the event
        day_end = m.end("end_day") if m.group("end_day") else m.end("day") + 1
        if not m.group("part") and text[day_end : day_end + 1] in _NOT_AFTER_DAY:
            continue
        month = int(m.group("month")) if m.group("month") else None
        day = int(m.group("day"))
        explicit_year = int(m.group("year")) if m.group("year") else None
        inferred = explicit_year is None and ref is None
        if month is None:
            if ref is None:
                continue
            month = ref.month if day <= ref.day else (ref.month - 1 or 12)
        y = explicit_year or (ref.year if ref else year)
        inferred = inferred and y is not None  # (an unknown year is not an inferred one)
        if ref and not explicit_year and (month, day) > (ref.month, ref.day):
            y -= 1  # a report never predates what it reports: 12月30日 in a January item
        iso = _iso(y, month, day)
        end_iso = None
        if m.group("end_day"):
            end_month = int(m.group("end_month") or month)
            # 12月30日至1月2日: the range runs into the next year
            end_iso = _iso(y + (end_month < month) if y else None, end_month, int(m.group("end_day")))
        part = _PART_OF_DAY.get(m.group("part") or "")
        out.append(DateMention(m.start(), m.end(), iso, end_iso, inferred, part))
    for m in _SAME_DAY.finditer(text):
        out.append(DateMention(m.start(), m.end(), None, None, False, None, same_day=True))
    out.sort(key=lambda d: d.start)
    return out
