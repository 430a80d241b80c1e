"""kg.extract.orgs: the article's district and city, prefixes a title chain leaves out,
and lists of units taking part in an event."""

from __future__ import annotations

import pytest

from kg.extract.orgs import OrgContext, aliases_of


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("云溪高新区召开科技创新推进会。", {"区": "云溪高新区"}),
        ("青山区委召开常委会会议。", {"区": "青山区"}),
        ("云溪高新区党工委召开会议。", {"区": "云溪高新区"}),
        ("青山县委召开会议。", {"县": "青山县"}),
        ("松岭市委召开会议，市政府党组成员出席。", {"市": "松岭市"}),
        ("松岭市政府召开常务会议。", {"市": "松岭市"}),
        ("乡村振兴，关键在人。", {}),
    ],
)
def test_the_articles_district_and_city(text, places):
    assert OrgContext(text).places == places


def test_the_most_frequent_district_wins():
    ctx = OrgContext("青山区委召开会议。云溪区委书记出席。青山区政府党组成员出席。")
    assert ctx.places["区"] == "青山区"


def test_a_clause_before_quwei_is_not_a_district():
    assert OrgContext("会议由区委常委、宣传部部长钱锋主持。").places == {}


def test_a_city_holding_a_meeting_is_the_articles_city():
    assert OrgContext("12月30日，松岭市召开民营企业座谈会。").places == {"市": "松岭市"}


def test_the_articles_town():
    ctx = OrgContext("云溪镇召开安全生产工作推进会。镇党委书记何欣主持。")
    assert ctx.resolve_chain([("镇党委", "书记")]) == [("云溪镇党委", "书记")]


# --- place_prefix / expand_generic ---------------------------------------------------------


def test_place_prefix():
    ctx = OrgContext("")
    assert ctx.place_prefix("云溪高新区党工委") == "云溪高新区"
    assert ctx.place_prefix("青山区委") == "青山区"
    assert ctx.place_prefix("松岭市人民政府") == "松岭市"
    assert ctx.place_prefix("区党工委") == ""  # 区 alone is no place name
    assert ctx.place_prefix("云岭大学") == ""


def test_expand_generic_uses_the_articles_district():
    ctx = OrgContext("青山区召开会议。")
    assert ctx.expand_generic("区委", None) == "青山区委"
    assert ctx.expand_generic("区科技局", None) == "青山区科技局"


def test_expand_generic_prefers_the_place_of_the_previous_org_in_the_chain():
    ctx = OrgContext("青山区召开会议。")
    assert ctx.expand_generic("区管委会", "云溪高新区党工委") == "云溪高新区管委会"


@pytest.mark.parametrize("org", ["市场监管局", "区域发展中心", "市民服务中心", "县域经济研究会"])
def test_words_that_start_with_a_place_character_are_not_expanded(org):
    ctx = OrgContext("青山区召开会议。松岭市委召开会议。青山县委召开会议。")
    assert ctx.expand_generic(org, None) == org


def test_without_a_known_place_the_org_is_left_as_written():
    assert OrgContext("乡村振兴，关键在人。").expand_generic("区委", None) == "区委"


# --- resolve_chain ---------------------------------------------------------------------------


@pytest.fixture
def qingshan() -> OrgContext:
    return OrgContext("青山区召开会议。")


def test_chain_prefix_inheritance(qingshan):
    assert qingshan.resolve_chain([("区党工委", "书记"), ("管委会", "主任")]) == [
        ("青山区党工委", "书记"),
        ("青山区管委会", "主任"),
    ]


def test_chain_place_head(qingshan):
    """A head of government sits in the place's government (gold README, Conventions)."""
    assert qingshan.resolve_chain([("区委", "常委"), ("", "常务副区长")]) == [
        ("青山区委", "常委"),
        ("青山区政府", "常务副区长"),
    ]
    assert qingshan.resolve_chain([("松岭市委", "书记"), ("", "市长")]) == [
        ("松岭市委", "书记"),
        ("松岭市政府", "市长"),
    ]
    assert qingshan.resolve_chain([("云溪县", "副县长")]) == [("云溪县政府", "副县长")]
    assert qingshan.resolve_chain([("", "代区长")]) == [("青山区政府", "代区长")]


def test_a_head_without_a_known_place_sits_in_the_bare_government():
    assert OrgContext("乡村振兴，关键在人。").resolve_chain([("", "镇长")]) == [("镇政府", "镇长")]


def test_a_units_party_body_gives_way_to_the_unit_for_its_other_titles(qingshan):
    assert qingshan.resolve_chain([("松岭市教育局党组", "书记"), ("", "局长")]) == [
        ("松岭市教育局党组", "书记"),
        ("松岭市教育局", "局长"),
    ]
    assert qingshan.resolve_chain([("云岭大学党委", "副书记"), ("", "校长")]) == [
        ("云岭大学党委", "副书记"),
        ("云岭大学", "校长"),
    ]
    assert qingshan.resolve_chain([("云溪村党支部", "书记"), ("", "副书记")]) == [
        ("云溪村党支部", "书记"),
        ("云溪村党支部", "副书记"),
    ]


def test_government_aliases():
    assert aliases_of("云溪县政府") == ("云溪县人民政府", "云溪县")
    assert aliases_of("青山区人民政府") == ("青山区政府", "青山区")
    assert aliases_of("甘肃省甘南藏族自治州州委") == ("甘南藏族自治州州委",)
    assert aliases_of("云岭大学") == ()


def test_chain_subunit_after_jian(qingshan):
    assert qingshan.resolve_chain([("区疫情防控领导小组", "副组长"), ("办公室", "主任")]) == [
        ("青山区疫情防控领导小组", "副组长"),
        ("青山区疫情防控领导小组办公室", "主任"),
    ]


def test_chain_bare_title_repeats_the_previous_org(qingshan):
    assert qingshan.resolve_chain([("云岭大学", "校长"), ("", "教授")]) == [
        ("云岭大学", "校长"),
        ("云岭大学", "教授"),
    ]


def test_chain_org_word_spanning_the_split(qingshan):
    # 云溪村党 + 支部书记 → 云溪村党支部 + 书记
    assert qingshan.resolve_chain([("云溪村党", "支部书记")]) == [("云溪村党支部", "书记")]


def test_chain_rank_words_move_into_the_title(qingshan):
    assert qingshan.resolve_chain([("区委组织部分管日常工作的", "副部长")]) == [
        ("青山区委组织部", "分管日常工作的副部长")
    ]


def test_chain_foreign_titles_need_no_org_suffix(qingshan):
    assert qingshan.resolve_chain([("青岚共和国", "总统")]) == [("青岚共和国", "总统")]


def test_chain_titles_that_need_an_org_are_dropped_without_one(qingshan):
    assert qingshan.resolve_chain([("", "委员")]) == []
    assert qingshan.resolve_chain([("会议", "代表")]) == []


def test_chain_department_of_the_party_committee(qingshan):
    assert qingshan.resolve_chain([("区委", "常委"), ("宣传部", "部长")]) == [
        ("青山区委", "常委"),
        ("青山区委宣传部", "部长"),
    ]


# --- units -----------------------------------------------------------------------------------


def test_units_get_the_district_prefix_and_keep_their_spans():
    ctx = OrgContext("青山区召开防汛工作调度会。")
    span = "区科技局、区财政局和云溪镇政府"
    units = ctx.units(span)
    assert [u[0] for u in units] == ["青山区科技局", "青山区财政局", "云溪镇政府"]
    assert [span[s:e] for _, s, e in units] == ["区科技局", "区财政局", "云溪镇政府"]


def test_generic_units_are_left_out():
    ctx = OrgContext("青山区召开会议。")
    assert ctx.units("各镇街、有关部门、相关单位") == []


def test_units_after_ge_inherit_its_prefix():
    ctx = OrgContext("云溪高新区召开会议。")
    assert [u[0] for u in ctx.units("云溪高新区各办事处、党群工作部、经济发展局")] == [
        "云溪高新区党群工作部",
        "云溪高新区经济发展局",
    ]


# --- foreign posts ---------------------------------------------------------------------------


def test_chain_country_short_form_before_a_foreign_title(qingshan):
    assert qingshan.resolve_chain([("以", "总理")]) == [("以色列", "总理")]
    assert qingshan.resolve_chain([("俄", "总统")]) == [("俄罗斯", "总统")]
    # a one-character org that is no listed short form stays as written
    assert qingshan.resolve_chain([("巴", "总理")]) == [("巴", "总理")]


def test_chain_president_elect_is_not_the_president(qingshan):
    assert qingshan.resolve_chain([("美国当选", "总统")]) == [("美国", "当选总统")]


def test_chain_a_foreign_state_president_is_not_chinas(qingshan):
    assert qingshan.resolve_chain([("越南国家", "主席")]) == [("越南", "国家主席")]
    assert qingshan.resolve_chain([("老挝人民革命党中央", "总书记"), ("国家", "主席")]) == [
        ("老挝人民革命党中央", "总书记"),
        ("老挝", "国家主席"),
    ]
    # without a foreign organization before it, 国家主席 is China's
    assert qingshan.resolve_chain([("国家", "主席")]) == [("国家", "主席")]


def test_chain_organs_after_a_foreign_post_are_that_countrys(qingshan):
    assert qingshan.resolve_chain([("新加坡青岚党", "主席"), ("政府", "总理")]) == [
        ("新加坡青岚党", "主席"),
        ("新加坡政府", "总理"),
    ]
    assert qingshan.resolve_chain([("越南", "副总理"), ("财政部", "部长")]) == [
        ("越南", "副总理"),
        ("越南财政部", "部长"),
    ]
    assert qingshan.resolve_chain([("越共中央书记处", "书记"), ("中央办公厅", "主任")]) == [
        ("越共中央书记处", "书记"),
        ("越共中央办公厅", "主任"),
    ]


def test_chain_chinese_central_organs_keep_their_names(qingshan):
    assert qingshan.resolve_chain([("中共中央政治局", "委员"), ("中央办公厅", "主任")]) == [
        ("中共中央政治局", "委员"),
        ("中央办公厅", "主任"),
    ]


def test_chain_a_bare_foreign_organ_names_no_post(qingshan):
    # 政府总理 of which country? Without one in the chain there is no post to give.
    assert qingshan.resolve_chain([("政府", "总理")]) == []
    assert qingshan.resolve_chain([("国会", "主席")]) == []


def test_chain_a_subunit_after_a_party_group_belongs_to_the_body(qingshan):
    assert qingshan.resolve_chain([("云岭省妇女联合会党组", "书记"), ("书记处", "第一书记")]) == [
        ("云岭省妇女联合会党组", "书记"),
        ("云岭省妇女联合会书记处", "第一书记"),
    ]
    assert qingshan.resolve_chain([("中共中央政治局", "委员"), ("书记处", "书记")]) == [
        ("中共中央政治局", "委员"),
        ("中共中央书记处", "书记"),
    ]


def _posts(text: str) -> set[tuple[str, str, str]]:
    from kg.model import Article
    from kg.pipeline import process_article

    e = process_article(Article(id="t", title="t", text=text, date="2024-05-01"))
    posts = {p.id: p for p in e.posts}
    names = {p.id: p.name for p in e.persons}
    return {(names[h.person_id], posts[h.post_id].org, posts[h.post_id].title) for h in e.holds}


@pytest.mark.parametrize(
    ("text", "post"),
    [
        ("尼日利亚总统卡兰多表示，愿意合作。", ("卡兰多", "尼日利亚", "总统")),  # 日 of a date
        ("阿尔及利亚总统维斯特表示欢迎。", ("维斯特", "阿尔及利亚", "总统")),  # 及 of a list
        ("当地时间5日日本首相森田健发表讲话。", ("森田健", "日本", "首相")),
        ("会见了埃及众议长萨米尔。", ("萨米尔", "埃及", "众议长")),
    ],
)
def test_a_country_name_is_never_cut_at_a_stop_word(text, post):
    assert post in _posts(text)


def test_a_list_of_names_stops_before_the_next_country():
    posts = _posts("安哥拉总统卡兰多、安提瓜和巴布达总理维斯特出席。")
    assert posts == {("卡兰多", "安哥拉", "总统"), ("维斯特", "安提瓜和巴布达", "总理")}


def test_an_honorific_implies_chinas_org_only_for_a_leader_not_named_as_foreign():
    assert _posts("国务院总理王明远出席会议。王明远总理指出，要加强合作。") == {("王明远", "国务院", "总理")}
    # named with his country's post first, 莫兰迪总理 is that country's 总理, not 国务院's
    assert _posts("印度总理莫兰迪出席峰会。莫兰迪总理表示愿意合作。") == {("莫兰迪", "印度", "总理")}
    assert _posts("朝鲜劳动党总书记金明哲出席。金明哲总书记表示。") == {("金明哲", "朝鲜劳动党", "总书记")}


def test_a_country_is_never_a_name():
    assert _posts("伊拉克总理称将推动合作。") == set()  # not 伊拉克 the 国务院 总理
    assert _posts("俄总统沙特王储讨论合作。") == set()  # a headline: 沙特 is no name


def test_a_title_whose_last_character_starts_a_word_is_the_shorter_title():
    # 委员长期从事: 委员 + 长期, not 委员长 (of 全国人大常委会)
    assert _posts("作为实验室主任，周明远委员长期从事机器人研究。") == set()


def test_chain_a_state_post_after_a_foreign_party_post_is_the_countrys(qingshan):
    assert qingshan.resolve_chain([("委内瑞拉青岚党", "主席"), ("", "总统")]) == [
        ("委内瑞拉青岚党", "主席"),
        ("委内瑞拉", "总统"),
    ]
    # any other title repeats the previous organization, as in a Chinese chain
    assert qingshan.resolve_chain([("委内瑞拉青岚党", "主席"), ("", "秘书长")]) == [
        ("委内瑞拉青岚党", "主席"),
        ("委内瑞拉青岚党", "秘书长"),
    ]


def test_a_country_with_words_that_make_no_organization_names_no_post():
    # 美国资深调查 is no organization: a country alone needs no suffix, a country with
    # words after it does
    assert _posts("美国资深调查记者赫什表示。") == set()
    assert _posts("越南副总理胡明德出席。") == {("胡明德", "越南", "副总理")}


def test_towns_in_general_are_no_town():
    assert "镇" not in OrgContext("各乡镇党委要压实责任。全镇召开动员会。").places


def test_a_department_after_a_district_committee_post_in_a_chain():
    from kg.extract.persons import PersonFinder

    s = "青山区召开宣传工作会议，区委常委、宣传部部长钱锋主持。"
    (m,) = [x for x in PersonFinder(OrgContext(s)).find(s) if x.name == "钱锋"]
    assert m.posts == [("青山区委", "常委"), ("青山区委宣传部", "部长")]


def test_a_word_pointing_back_names_the_unit_or_village_named_before():
    from kg.extract.persons import PersonFinder

    def posts(text: str) -> dict[str, list[tuple[str, str]]]:
        finder = PersonFinder(OrgContext(text))
        out: dict[str, list[tuple[str, str]]] = {}
        for s in text.split("。"):
            for m in finder.find(s + "。", 0):
                out.setdefault(m.name, []).extend(m.posts)
        return out

    got = posts("他来到云溪精密仪器有限公司。该公司技术总监林晓介绍了情况")
    assert got["林晓"] == [("云溪精密仪器有限公司", "技术总监")]
    got = posts("由于石塘村地处偏远，村党支部书记、村主任周立对此拿不准")
    assert got["周立"] == [("石塘村党支部", "书记"), ("石塘村", "村主任")]
    got = posts("松岭公益基金会走进云溪县。基金会理事长陈雅出席")
    assert got["陈雅"] == [("松岭公益基金会", "理事长")]


def test_a_ministry_written_with_its_title():
    ctx = OrgContext("西藏自治区召开会议。")
    assert ctx.resolve_chain([("西藏自治区党委", "常委"), ("组织", "部长")]) == [
        ("西藏自治区党委", "常委"),
        ("西藏自治区党委组织部", "部长"),
    ]


def test_a_unit_list_keeps_the_he_inside_a_ministry_name():
    from kg.extract.orgs import OrgContext

    ctx = OrgContext("", title="")
    names = [n for n, _, _ in ctx.units("中央宣传部、文化和旅游部、工业和信息化部和国家文物局")]
    assert names == ["中央宣传部", "文化和旅游部", "工业和信息化部", "国家文物局"]


def test_a_unit_named_by_its_heads_title():
    """文艺科 + 科长: 科 is no org suffix in general (科斯塔, 教科文), but before 科长 it ends the
    unit; 公安局长 = 公安局 + 局长."""
    assert OrgContext("").resolve_chain([("市委宣传部文艺科", "科长")]) == [("市委宣传部文艺科", "科长")]
    assert ("公安局", "局长") in OrgContext("").resolve_chain([("县政府", "副县长"), ("公安", "局长")])
    assert OrgContext("").resolve_chain([("文艺", "科长")]) == []  # (only 局长/厅长 are written contracted)


def test_people_in_a_list_of_units_are_no_unit():
    """镇领导班子成员、全体镇干部、镇属单位负责人: 镇干部 ends in 部 but names people."""
    units = [name for name, _, _ in OrgContext("").units("镇领导班子成员、全体镇干部、青山镇农业站")]
    assert units == ["青山镇农业站"]
    units = [name for name, _, _ in OrgContext("").units("在京党政军机关干部、白鹿区政府")]
    assert units == ["白鹿区政府"]
