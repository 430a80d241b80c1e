"""kg.text: the clean stage (layout-break repair, NFKC, traditional → simplified) and the
offset map that lets every evidence span quote the original article text."""

from __future__ import annotations

import pytest

import kg.text as text_mod
from kg.model import Article
from kg.text import CleanText, clean, clean_text, nfkc_same_length, to_simplified


def raw_of(raw: str, c: CleanText, word: str) -> str:
    """The original substring behind the first occurrence of ``word`` in the clean text."""
    i = c.text.index(word)
    s, e = c.raw_span(i, i + len(word))
    return raw[s:e]


# --- layout breaks ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "要充分发\n\n挥作用。",
        "要充分发\n\n\n挥作用。",
        "要充分发\n \n挥作用。",
        "要充分发\n\u3000\u3000\n挥作用。",
        "要充分发 \n\t\n 挥作用。",
    ],
)
def test_blank_lines_inside_a_word_are_removed(raw):
    c = clean_text(raw)
    assert c.text == "要充分发挥作用。"
    assert raw_of(raw, c, "发挥") == raw[raw.index("发") : raw.index("挥") + 1]


def test_layout_break_after_list_comma_and_before_quote_is_repaired():
    raw = "区委常委赵立、\n\n钱锋出席。他说\n\n“要实干”。"
    assert clean_text(raw).text == "区委常委赵立、钱锋出席。他说“要实干”。"


@pytest.mark.parametrize(
    "raw",
    [
        "会议结束。\n\n区委书记周明远讲话。",  # a paragraph that ended a sentence
        "他说：\n\n要把工作做实。",
        "会上，\n\n",  # nothing after the blank lines
        "充分发\n挥作用。",  # one line break is a paragraph end, not a layout break
        "记者 林晓\n\n6月3日",  # digits after the blank line: left alone
    ],
)
def test_real_paragraph_ends_are_kept(raw):
    c = clean_text(raw)
    assert c.text == nfkc_same_length(raw)
    assert c.offsets == tuple(range(len(raw) + 1))


def test_crlf_layout_break_is_repaired():
    raw = "区委副书记陈雅主\r\n\r\n持会议。"
    assert clean_text(raw).text == "区委副书记陈雅主持会议。"


def test_carriage_returns_become_newlines_without_moving_offsets():
    raw = "会议结束。\r\n区委书记讲话。\r旧式换行。"
    c = clean_text(raw)
    assert c.text == raw.replace("\r", "\n")
    assert "\r" not in c.text
    assert c.offsets == tuple(range(len(raw) + 1))


@pytest.mark.parametrize("blank", ["\r\r", "\r \r", "\u2029\u2029", "\u2028\n"])
def test_layout_break_with_lone_cr_or_unicode_separators_is_repaired(blank):
    assert clean_text(f"区委副书记陈雅主{blank}持会议。").text == "区委副书记陈雅主持会议。"


def test_one_crlf_is_not_a_blank_line():
    raw = "区委副书记陈雅主\r\n持会议。"
    assert clean_text(raw).text == "区委副书记陈雅主\n\n持会议。"  # same length: offsets stay one-to-one


def test_line_and_paragraph_separators_become_newlines():
    raw = "会议召开。\u2028区委书记讲话。\u2029市委书记主持。\x0c完。"
    c = clean_text(raw)
    assert c.text == "会议召开。\n区委书记讲话。\n市委书记主持。\n完。"
    assert c.offsets == tuple(range(len(raw) + 1))


# --- NFKC -------------------------------------------------------------------------------


def test_full_width_punctuation_digits_letters_and_spaces_become_ascii():
    raw = "３月４日，青山区ＡＩ产业园（一期）开工：投资１２亿元！\u3000完成率９５％？"
    assert clean_text(raw).text == "3月4日,青山区AI产业园(一期)开工:投资12亿元! 完成率95%?"


def test_cjk_and_chinese_punctuation_without_ascii_form_stay():
    raw = "青山区召开会议。“乡村振兴”、〇、《规划》……——"
    assert clean_text(raw).text == raw


def test_characters_whose_nfkc_is_longer_are_left_alone():
    # ㈠ → "(一)", ﬁ → "fi", ㍿ → "株式会社": one character must stay one character
    assert nfkc_same_length("第㈠条ﬁ㍿") == "第㈠条ﬁ㍿"


def test_nfkc_keeps_ascii_untouched():
    s = "plain ASCII 123, with \\ and {braces}"
    assert nfkc_same_length(s) == s


def test_full_width_date_maps_back_to_the_original_digits():
    raw = "本报讯 ６月３日上午，云溪镇召开会议。"
    c = clean_text(raw)
    assert raw_of(raw, c, "6月3日") == "６月３日"


# --- traditional → simplified -------------------------------------------------------------


def test_traditional_text_is_read_as_simplified():
    raw = "區委書記、區長周明遠出席並講話，區委副書記陳雅主持會議。"
    c = clean_text(raw)
    assert c.text == "区委书记、区长周明远出席并讲话,区委副书记陈雅主持会议。"
    assert len(c.text) == len(raw)
    assert raw_of(raw, c, "周明远") == "周明遠"
    assert raw_of(raw, c, "区委副书记陈雅") == "區委副書記陳雅"


def test_simplified_text_is_unchanged_by_opencc():
    s = "云溪高新区党工委书记、管委会主任吴海波出席并讲话。"
    assert to_simplified(s) == s


def test_to_simplified_falls_back_to_characters_when_a_phrase_changes_length(monkeypatch):
    class Stretching:
        """A converter whose phrase conversion changes the length (as OpenCC rarely does)."""

        def convert(self, s: str) -> str:
            if len(s) > 1:
                return s.replace("著", "着着")
            return {"區": "区", "著": "着"}.get(s, s)

    monkeypatch.setattr(text_mod, "_t2s", lambda: Stretching())
    assert to_simplified("區著名") == "区着名"


def test_layout_break_nfkc_and_opencc_together():
    raw = "本報訊 ３月４日，區委書記周明遠主\n\n持會議，並強調要發\n\u3000\n揮作用。"
    c = clean_text(raw)
    assert c.text == "本报讯 3月4日,区委书记周明远主持会议,并强调要发挥作用。"
    assert len(c.offsets) == len(c.text) + 1
    assert raw_of(raw, c, "主持会议") == "主\n\n持會議"
    assert raw_of(raw, c, "发挥") == "發\n\u3000\n揮"


# --- the offset map -------------------------------------------------------------------------


def test_offsets_are_increasing_and_end_at_the_raw_length():
    raw = "要充分发\n\n挥作用，\n\n带头干。"
    c = clean_text(raw)
    assert len(c.offsets) == len(c.text) + 1
    assert c.offsets[-1] == len(raw)
    assert all(a < b for a, b in zip(c.offsets, c.offsets[1:]))
    for i, ch in enumerate(c.text):
        assert nfkc_same_length(raw[c.offsets[i]]) == ch


def test_raw_span_of_an_empty_span_is_empty():
    raw = "要充分发\n\n挥作用"
    c = clean_text(raw)
    assert c.text == "要充分发挥作用"
    assert c.raw_span(4, 4) == (6, 6)  # where 挥 is in the raw text
    assert c.raw_span(len(c.text), len(c.text)) == (len(raw), len(raw))
    assert c.raw_span(5, 3) == (c.offsets[5], c.offsets[5])


def test_raw_span_of_the_whole_text_is_the_whole_raw_text():
    raw = "\u3000\u3000要充分发\n\n挥作用。\n"
    c = clean_text(raw)
    assert c.raw_span(0, len(c.text)) == (0, len(raw))


def test_empty_text():
    c = clean_text("")
    assert c.text == ""
    assert c.offsets == (0,)
    assert c.raw_span(0, 0) == (0, 0)


def test_clean_reads_the_article_text():
    a = Article(id="a", title="標題", text="區委書記周明遠主\n\n持會議。")
    assert clean(a) == clean_text(a.text)
    assert clean(a).text == "区委书记周明远主持会议。"


def test_pinyin_readings_after_characters_are_dropped():
    raw = "縣委副書記、縣長(zhǎng)林曉峰來到縣政協(xié)委員駐地(CBD)。"
    c = clean_text(raw)
    assert c.text == "县委副书记、县长林晓峰来到县政协委员驻地(CBD)。"  # (CBD) has no tone mark
    at = c.text.index("林晓峰")
    assert raw[slice(*c.raw_span(at, at + 3))] == "林曉峰"
