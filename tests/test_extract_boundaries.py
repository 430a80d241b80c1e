"""Where an organization before a title starts (kg.extract.boundaries): one test per
rule, on fictional sentences (places are real divisions or fictional ones)."""

from __future__ import annotations

import pytest

from kg.extract.boundaries import clean_org
from kg.extract.orgs import OrgContext
from kg.extract.persons import PersonFinder


def posts(sentence: str, context: str = "") -> dict[str, list[tuple[str, str]]]:
    text = context + sentence
    finder = PersonFinder(OrgContext(text))
    return {m.name: m.posts for m in finder.find(sentence, len(context)) if m.posts}


@pytest.mark.parametrize(
    ("sentence", "name", "post"),
    [
        # a verb of a unit's name stays in it (the cut moves back to the place)
        ("天津市不动产登记局东区分局副局长周明远介绍。", "周明远", ("天津市不动产登记局东区分局", "副局长")),
        # a conjunction inside one name stays (规划和自然资源局)
        ("乡城县规划和自然资源局局长林晓介绍。", "林晓", ("乡城县规划和自然资源局", "局长")),
        # words before a place that are no unit of their own never enter
        ("出席的领导有湖北省教育厅党组书记陈雅。", "陈雅", ("湖北省教育厅党组", "书记")),
        ("泸州市援助工作队领队、挂职乡城县委常委周明远汇报。", "周明远", ("乡城县委", "常委")),
        # a modifier of the holder is never part of the body, wherever it stands
        ("临县新任住建局局长林晓说。", "林晓", ("临县住建局", "局长")),
        # a place written twice before its organ, once
        ("色尼区区委书记何欣主持。", "何欣", ("色尼区委", "书记")),
        # a mission named after where it is keeps its 驻
        ("中国驻泰国大使韩林出席。", "韩林", ("中国驻泰国", "大使")),
    ],
)
def test_an_org_is_a_place_and_its_units(sentence, name, post):
    assert post in posts(sentence)[name]


@pytest.mark.parametrize(
    ("sentence", "name", "org"),
    [
        # a stop word of the clause is never undone by a place before it
        ("云溪县召开会议听取了区委书记周明远的汇报。", "周明远", "区委"),
        # a preposition between the place and the body ends the clause
        ("宜昌市成立以市人大常委会主任林晓为组长的领导小组。", "林晓", "宜昌市人大常委会"),
        # two bodies joined by 和 are two, not one name
        ("越南共产党中央和越南国会主席阮青出席。", "阮青", "越南国会"),
    ],
)
def test_the_clause_before_an_org_stays_out(sentence, name, org):
    assert posts(sentence)[name][0][0] == org


def test_a_country_short_form_before_a_foreign_title_is_no_preposition():
    assert posts("以总理内塔尼亚胡表示。")["内塔尼亚胡"] == [("以色列", "总理")]


def test_the_day_of_a_date_ends_the_clause_but_not_a_place_name():
    assert posts("达日县副县长刘琪出席。")["刘琪"] == [("达日县政府", "副县长")]


def test_clean_org():
    assert clean_org("临县新任住建局") == "临县住建局"
    assert clean_org("乡城县县委") == "乡城县委"
    assert clean_org("乡城县县委", place_once=False) == "乡城县县委"
    assert clean_org("泸县县委") == "泸县县委"  # a one-character county keeps its 县县
    assert clean_org("甘南藏族自治州州委") == "甘南藏族自治州州委"  # the regular name


def test_trim_left_leaves_the_clause_words_before_a_name():
    from kg.extract.boundaries import clean_org

    for written, org in [("十四届全国人大常委会", "全国人大常委会"), ("第78届联合国大会", "联合国大会"),
                         ("据中国疾控中心", "中国疾控中心"), ("决定递补中央委员会", "中央委员会"),
                         ("邀请教育部", "教育部"), ("今年二十国集团", "二十国集团"),
                         ("还分别会见了青山科技公司", "青山科技公司")]:
        assert clean_org(written) == org, written
    # verbs that are part of a name, and names jieba tags oddly, keep them
    for org in ("组织部", "发展改革委", "保护委员会", "应急管理部", "民建中央", "越共中央", "中央纪律检查委员会",
                "中国人民对外友好协会", "国家发展和改革委员会"):
        assert clean_org(org) == org


def test_words_before_a_title_that_name_no_unit_give_no_org():
    # a former post is none; a pointer no rule resolves names no unit; 率 ends the clause
    assert posts("青山国前总理林晓峰出席。") == {}
    held = posts("白鹿国青山党主席、前政府总理林晓峰出席。").get("林晓峰", [])
    assert held and not any(title == "总理" for _, title in held)
    got = posts("该党秘书长林晓峰出席。")
    assert not any(org.startswith("该") for ps in got.values() for org, _ in ps)
    from kg.extract.boundaries import after_the_leader, names_no_unit, points_back

    assert after_the_leader("总统率总统办公厅") == "总统办公厅"
    assert names_no_unit("现", "总统") and names_no_unit("站", "站长") and names_no_unit("等党")
    assert names_no_unit("多国") and names_no_unit("前政府")
    assert not names_no_unit("俄", "总统") and not names_no_unit("党委")
    assert points_back("该党") and points_back("其经济") and not points_back("该镇党委")


def test_a_chair_country_is_the_country_the_title_is_of():
    from kg.extract.boundaries import clean_org

    assert clean_org("东盟轮值主席国马来西亚") == "马来西亚"
    assert clean_org("应法兰西共和国") == "法兰西共和国"
