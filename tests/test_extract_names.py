"""kg.extract.names (and the bare names of kg.extract.persons): where a name ends after
a foreign title, clauses that are no names, and words at a clause start that look like
names. Fictional people and sentences."""

from __future__ import annotations

import pytest

from kg.extract.orgs import OrgContext
from kg.extract.persons import PersonFinder


def names(text: str) -> list[str]:
    """Names found in ``text``, sentence by sentence, with one finder for the article."""
    finder = PersonFinder(OrgContext(text))
    out: list[str] = []
    for sentence in text.split("。"):
        if sentence:
            out += [m.name for m in finder.find(sentence + "。")]
    return out


# --- after a foreign title --------------------------------------------------------------


@pytest.mark.parametrize("sentence, expected", [
    ("智利总统奥尔塔维先进行简短讲话。", ["奥尔塔维"]),
    ("秘鲁总理卡兰萨原计划今天出席听证会。", ["卡兰萨"]),
])
def test_a_foreign_name_ends_before_an_adverb_and_its_verb(sentence, expected):
    assert names(sentence) == expected


@pytest.mark.parametrize("sentence", [
    "荷兰首相因地方议会选举结果改组内阁。",
    "加拿大议长因不当言论辞职。",
    "德国总统可解散议会。",
    "报道称前总统坠机原因仍在调查。",
])
def test_an_adverb_or_a_verb_right_after_a_foreign_title_starts_a_clause(sentence):
    assert names(sentence) == []


def test_a_seat_after_a_title_is_no_name_but_a_name_with_its_character_is():
    assert names("反对党议员围住议长席表达不满。") == []
    assert names("乌拉圭总理席马诺表示欢迎。") == ["席马诺"]


def test_a_foreign_name_read_whole_earlier_is_not_cut_by_a_word_later():
    text = "应埃及总理哈迪布利邀请，代表团抵达开罗。埃及总理哈迪布利率政府官员到机场迎接。"
    assert names(text) == ["哈迪布利", "哈迪布利"]


def test_part_of_an_interpunct_name_is_no_name():
    assert names("蒙古国总统巴特那·呼日勒巴特尔将访华。") == []


# --- bare names at a clause start ---------------------------------------------------------


@pytest.mark.parametrize("sentence", [
    "巴方愿同中方深化合作。",
    "中方愿同乌方一道推进合作，乌方坚定支持一个中国原则。",
])
def test_a_countrys_side_is_no_name(sentence):
    assert names(sentence) == []


def test_a_name_with_fang_is_still_a_name():
    assert names("王方远、李进出席会议。") == ["王方远", "李进"]


@pytest.mark.parametrize("sentence", [
    "会上宣读了国家主席贺信并致辞。",
    "会上宣读了国家主席贺电。",
    "担任轮值主席国期间，该国推动了合作。",
    "国运兴则百业兴。",
    "封关是指将全岛建成特殊监管区域。",
    "相较于传统方式，新方法效率更高。",
    # common words schema/lexicon/non_names.txt lists (read as names before it)
    "主席对国王伉俪到访表示欢迎。",
    "他祝贺国王登基十周年。",
    "学院师生等共40人参加。",
    "主席此访将推动两国合作。",
    "总统在白宫会见记者。",
])
def test_words_at_a_clause_start_or_after_a_title_are_no_names(sentence):
    assert names(sentence) == []


def test_a_name_that_is_also_a_verb_is_a_name_before_a_person_marker():
    assert names("严控等表示，将继续推进合作。") == ["严控"]


@pytest.mark.parametrize("sentence", [
    "乌军称击退了对方在东部的进攻。",
    "哈马斯表示，将继续参加停火谈判。",
    "抵抗运动（哈马斯）发言人表示，谈判仍在继续。",
])
def test_ukraines_short_form_and_a_movements_short_name_are_no_names(sentence):
    assert names(sentence) == []


def test_an_adviser_is_a_title_with_a_post():
    finder = PersonFinder(OrgContext(""))
    (m,) = finder.find("美国总统顾问科尔文表示，谈判将继续。")
    assert (m.name, m.posts) == ("科尔文", [("美国总统", "顾问")])
    assert names("智利国家安全顾问奥雷戈称，会谈富有成果。") == ["奥雷戈"]
    # the adviser, not the leader: 顾问 is no name's start
    assert names("乌克兰总统顾问莫兰表示，") == ["莫兰"]


def test_a_name_ends_before_jiazhong_even_when_its_last_character_is_a_stop():
    """定 alone ends a name (X定于…), but 王方定家中 is 王方定 at home."""
    assert names("在中国科学院院士、化学专家王方定家中，他详细询问。") == ["王方定"]


@pytest.mark.parametrize("sentence", ["印中作为全球重要经济体，应当加强合作。", "欧中作为两大力量，应当携手。"])
def test_china_and_another_country_in_short_are_no_name(sentence):
    assert names(sentence) == []


def test_a_country_says_is_no_name():
    assert names("巴称，将对此作出回应。") == []


@pytest.mark.parametrize("sentence, expected", [
    ("几年前，习近平总书记曾来到这里看望群众。", []),
    ("全国政协原副主席曾庆红出席。", ["曾庆红"]),
])
def test_zeng_before_a_verb_is_once_not_a_surname(sentence, expected):
    assert names(sentence) == expected


@pytest.mark.parametrize("sentence, expected", [
    ("副主席阿依古丽·阿不都出席会议。", ["阿依古丽·阿不都"]),
    ("自治区主席艾尔肯·阿不都热合曼主持。", ["艾尔肯·阿不都热合曼"]),
])
def test_abdu_in_a_uyghur_or_kazakh_name_is_not_cut_at_its_du(sentence, expected):
    assert names(sentence) == expected


@pytest.mark.parametrize("sentence, expected", [
    ("有乌克兰总统泽连斯基参与的会晤将在下月举行。", ["泽连斯基"]),  # 参与: 与 could end the name
    ("美国总统特朗普针对该地区实施制裁。", ["特朗普"]),
])
def test_a_foreign_name_ends_before_a_frequent_word_holding_a_function_word(sentence, expected):
    assert names(sentence) == expected


def test_a_verb_after_one_character_is_no_name():
    from kg.extract.names import NameReader

    reader = NameReader()
    assert reader.name_at("时强调，", 0, need_surname=True) is None
    assert reader.name_at("但没有参加", 0, need_surname=True) is None


def test_an_adverb_like_last_character_before_deng():
    from kg.pipeline import process_article
    from kg.model import Article

    e = process_article(Article(id="n", title="", date="2024-08-01", text="白鹿县副县长徐兴应等领导出席。"))
    assert [p.name for p in e.persons] == ["徐兴应"]


# --- after a Chinese title --------------------------------------------------------------


def test_a_name_ending_in_an_adverb_character_is_read_whole_before_a_list_mark():
    import unicodedata

    # cleaned text is NFKC: the list's comma is ","; 应 before a verb stays an adverb
    text = unicodedata.normalize("NFKC", "青川县副县长邓明应，县教育局局长马文出席。")
    assert names(text) == ["邓明应", "马文"]
    assert names("青川县县长邓明将出席。") == ["邓明"]


def test_two_tibetan_syllables_after_a_title_are_a_name_the_parts_list_lacks():
    # 嘎旦: both characters are Tibetan name parts' (嘎玛, 次旦), the word is no common one
    assert names("县文化局局长嘎旦出席。") == ["嘎旦"]
    # never after a foreign title, nor with a function word in it
    assert names("专家称美国制裁不合法。") == []
