"""kg.extract.foreign: names after a foreign title and names with an interpunct end where
a name can end, never running over a function word, an everyday word or a title.
Fictional people and countries."""

from __future__ import annotations

import pytest

from kg.extract.orgs import OrgContext
from kg.extract.persons import PersonFinder


def names(sentence: str) -> list[str]:
    return [m.name for m in PersonFinder(OrgContext(sentence)).find(sentence, 0)]


# --- after a foreign title -----------------------------------------------------------------


@pytest.mark.parametrize("sentence, expected", [
    ("帕罗斯总统塔拉诺和维尔达总统梅森通电话。", ["塔拉诺", "梅森"]),  # not 塔拉诺和维尔达
    ("帕罗斯总统塔拉诺为他举行欢迎仪式。", ["塔拉诺"]),  # not 塔拉诺为他举行
    ("帕罗斯总统塔拉诺当天表示，", ["塔拉诺"]),  # a two-character stop inside
    ("维尔达总理梅森的讲话受到关注。", ["梅森"]),
])
def test_a_foreign_name_never_runs_over_a_function_word_or_a_stop(sentence, expected):
    assert names(sentence) == expected


@pytest.mark.parametrize("sentence", [
    "在两国元首和阿图拉总统战略引领下，双边关系快速发展。",  # 战略引领下 is a clause
    "赞成帕罗斯总理所作的政府工作报告。",
    "维尔达总理办公室随后发表声明。",
    "双方落实帕罗斯总统达成的共识。",
    "帕罗斯总统成功对维尔达进行国事访问。",
    "两国总理登上检阅台，军乐队奏两国国歌。",
    "中帕两国总理第三十次定期会晤在京举行。",
    "他同帕罗斯国王陛下举行会晤。",
])
def test_a_clause_after_a_foreign_title_is_no_name(sentence):
    assert names(sentence) == []


def test_an_east_asian_name_may_hold_a_function_word_before_a_clear_stop():
    assert names("东海国总统金在勋表示，愿同中方合作。") == ["金在勋"]
    assert names("东海国总统金在勋28日抵达北京。") == ["金在勋"]


# --- names with an interpunct --------------------------------------------------------------


@pytest.mark.parametrize("sentence, expected", [
    ("会见了马尔科·安东·维勒罗。", "马尔科·安东·维勒罗"),  # several interpuncts: one name
    ("卡里姆·萨德兰谴责该组织无理制裁。", "卡里姆·萨德兰"),  # an everyday word ends it
    ("帕罗斯总统卡里姆·萨德兰批评这一做法。", "卡里姆·萨德兰"),
    ("阿斯兰·汗表示，", "阿斯兰·汗"),  # a one-character last part before a clear stop
    ("诺拉·贝卡已抵达北京。", "诺拉·贝卡"),  # a function word ends it
    ("法丽达·鲁仙跟村民们一起劳动。", "法丽达·鲁仙"),
    ("研究中心主任伊万·列文特指出，", "伊万·列文特"),  # 特指 runs into the stop 指出
])
def test_an_interpunct_name_ends_where_a_name_can_end(sentence, expected):
    start = sentence.index(expected)
    assert PersonFinder(OrgContext(sentence)).name_at(sentence, start, need_surname=True) == expected


def test_a_title_before_the_interpunct_is_not_part_of_the_name():
    found = names("帕罗斯总统助理伊万·彼得罗夫近日表示，")
    assert "伊万·彼得罗夫" in found
    assert not any(n.startswith("助理") for n in found)


def test_a_clause_before_the_interpunct_gives_no_name():
    assert not any("批准" in n for n in names("国王批准萨纳·帕蒙出任总理。"))


# --- where a name after a foreign title ends: words, one-character verbs, clauses ---------


@pytest.mark.parametrize("sentence, expected", [
    ("帕罗斯总统卡维奥会后表示，", ["卡维奥"]),  # not 卡维奥会后
    ("维尔达总理莫拉尼前一天视察了港口。", ["莫拉尼"]),  # a time word, no stop after it
    ("帕罗斯总统卡维奥本月初宣布将出访。", ["卡维奥"]),
    ("维尔达总理莫拉尼没有出席峰会。", ["莫拉尼"]),
    ("维尔达总理莫拉尼夫妇到场迎接。", ["莫拉尼"]),
    ("维尔达总统卡维奥可以随时访问。", ["卡维奥"]),  # 以 is a stop, but 可以 is a word
])
def test_a_foreign_name_ends_where_an_everyday_word_starts(sentence, expected):
    assert names(sentence) == expected


@pytest.mark.parametrize("sentence, expected", [
    ("维尔达总理莫拉尼乘包机抵达。", ["莫拉尼"]),
    ("帕罗斯总统卡维奥致贺信，祝贺论坛开幕。", ["卡维奥"]),
    ("帕罗斯总统卡维奥祝伟大的中国繁荣。", ["卡维奥"]),
    ("国家主席王明同帕罗斯总统卡维奥互致贺电。", ["王明", "卡维奥"]),
])
def test_a_foreign_name_ends_before_a_one_character_verb(sentence, expected):
    assert names(sentence) == expected


@pytest.mark.parametrize("sentence, expected", [
    ("帕罗斯总统卡维普通电话。", ["卡维普"]),  # 普通 runs into 通电话
    ("维尔达总理莫拉图表示，", ["莫拉图"]),  # 图表 runs into 表示
    ("帕罗斯国王卡洛斯十六世出席。", ["卡洛斯十六世"]),  # a regnal number is the name's
])
def test_a_word_made_with_the_names_last_character_does_not_cut_it(sentence, expected):
    assert names(sentence) == expected


@pytest.mark.parametrize("sentence", [
    "帕罗斯总统已初步批准该协议。",
    "维尔达总理遭枪击受伤。",
    "帕罗斯首相兼外交大臣出席。",
    "帕罗斯总统调兵进入首都。",  # 调兵 is a verb, though nothing ends it as a name
])
def test_a_clause_or_an_unlisted_title_after_a_foreign_title_is_no_name(sentence):
    assert names(sentence) == []


def test_a_clause_running_into_an_interpunct_name_leaves_the_name_before_it():
    # 王明致电卡维·莫拉尼 is no name; 王明 is, as 致电 ends it
    assert names("总理王明致电卡维·莫拉尼，祝贺他当选。")[0] == "王明"
