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
