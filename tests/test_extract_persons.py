"""kg.extract.persons: title chains and the names they introduce, one title before a list
of names, bare names, honorific titles after a name. Fictional people and places."""

from __future__ import annotations

import pytest

from kg.extract.orgs import OrgContext
from kg.extract.persons import PersonFinder, PersonMention


def find(sentence: str, *, context: str = "", known: tuple[str, ...] = (), base: int = 0) -> list[PersonMention]:
    """Mentions in ``sentence``; the org context is built from ``context + sentence``."""
    finder = PersonFinder(OrgContext(context + sentence))
    finder.known.update(known)
    return finder.find(sentence, base)


def people(sentence: str, **kw) -> dict[str, list[tuple[str, str]]]:
    return {m.name: m.posts for m in find(sentence, **kw)}


# --- title chains --------------------------------------------------------------------------


def test_two_posts_in_one_chain_the_second_a_place_head():
    (m,) = find("青山区委书记、区长周明远出席并讲话。")
    assert m.name == "周明远"
    assert m.posts == [("青山区委", "书记"), ("青山区政府", "区长")]
    assert m.titled
    s = "青山区委书记、区长周明远出席并讲话。"
    assert s[m.start : m.end] == "周明远"
    assert s[m.chain_start : m.end] == "青山区委书记、区长周明远"


def test_dangwei_and_guanweihui_inherit_the_district_prefix():
    s = "云溪高新区召开推进会，区党工委书记、管委会主任吴海波出席。"
    assert people(s)["吴海波"] == [("云溪高新区党工委", "书记"), ("云溪高新区管委会", "主任")]


def test_rank_words_stay_in_the_title():
    s = "云溪高新区召开推进会，区党工委副书记、管委会常务副主任郑华主持。"
    assert people(s)["郑华"] == [("云溪高新区党工委", "副书记"), ("云溪高新区管委会", "常务副主任")]


def test_changwu_fu_quzhang_is_the_head_of_the_district():
    s = "青山区召开会议，区委常委、常务副区长赵立主持。"
    assert people(s)["赵立"] == [("青山区委", "常委"), ("青山区政府", "常务副区长")]


def test_jian_joins_two_posts_and_the_office_belongs_to_the_group():
    s = "青山区召开会议，区疫情防控领导小组副组长兼办公室主任郑华汇报工作。"
    assert people(s)["郑华"] == [
        ("青山区疫情防控领导小组", "副组长"),
        ("青山区疫情防控领导小组办公室", "主任"),
    ]


def test_one_title_before_a_list_of_names_gives_each_the_post():
    found = find("区委常委赵立、钱锋、孙雷出席。", context="青山区委召开会议。")
    assert [m.name for m in found] == ["赵立", "钱锋", "孙雷"]
    assert all(m.posts == [("青山区委", "常委")] for m in found)
    assert all(m.titled for m in found)


def test_list_of_names_ending_with_he():
    assert list(people("区委常委赵立、钱锋和孙雷出席。")) == ["赵立", "钱锋", "孙雷"]


def test_a_second_title_in_the_list_starts_a_new_chain():
    got = people("青山区委常委赵立、区委副书记陈雅出席。")
    assert got == {"赵立": [("青山区委", "常委")], "陈雅": [("青山区委", "副书记")]}


def test_city_secretary_and_mayor_are_two_people():
    got = people("松岭市委书记高建国、市长冯志远出席。")
    assert got == {"高建国": [("松岭市委", "书记")], "冯志远": [("松岭市政府", "市长")]}


def test_city_secretary_who_is_also_mayor():
    assert people("松岭市委书记、市长高建国出席。") == {"高建国": [("松岭市委", "书记"), ("松岭市政府", "市长")]}


def test_town_head_after_town_secretary():
    got = people("云溪镇党委书记何欣、镇长罗斌参加。")
    assert got == {"何欣": [("云溪镇党委", "书记")], "罗斌": [("云溪镇政府", "镇长")]}


def test_two_posts_in_one_organization():
    assert people("云岭大学校长、教授许文博作报告。") == {"许文博": [("云岭大学", "校长"), ("云岭大学", "教授")]}


@pytest.mark.parametrize(
    ("sentence", "name", "posts"),
    [
        ("青山区人大常委会主任邓华出席。", "邓华", [("青山区人大常委会", "主任")]),
        ("青山区政协主席曹敏出席。", "曹敏", [("青山区政协", "主席")]),
        ("国务院副总理钱立平出席。", "钱立平", [("国务院", "副总理")]),
        ("外交部部长方志诚参加会见。", "方志诚", [("外交部", "部长")]),
        ("青岚共和国总理韦斯特表示欢迎。", "韦斯特", [("青岚共和国", "总理")]),
    ],
)
def test_single_post(sentence, name, posts):
    assert people(sentence) == {name: posts}


def test_former_post_with_yuan_is_not_a_current_post():
    assert people("青山区委原书记黄涛出席。") == {"黄涛": []}


def test_former_post_with_shiren_is_not_a_current_post():
    assert people("时任青山区委书记黄涛在会上讲话。") == {"黄涛": []}


def test_chain_after_a_list_comma_starts_at_its_title():
    s = "松岭市委书记高建国、市长冯志远出席。"
    m = find(s)[1]
    assert s[m.chain_start : m.end] == "市长冯志远"


# --- honorifics after a name ------------------------------------------------------------


def test_professor_after_a_name_with_the_university_before_it():
    s = "云岭大学许文博教授作报告。"
    (m,) = find(s)
    assert (m.name, m.posts) == ("许文博", [("云岭大学", "教授")])
    assert s[m.start : m.end] == "许文博"


def test_honorific_with_an_implied_org():
    assert people("林国栋总书记在会上发表重要讲话。") == {"林国栋": [("中共中央", "总书记")]}


def test_a_reference_to_a_speech_is_not_a_person_present():
    assert people("要深入学习贯彻林国栋总书记重要讲话精神。") == {}


def test_honorific_mention_in_a_later_sentence_is_found_once_with_its_span():
    text = "青山区召开人才工作座谈会。会上，云岭大学林晓峰教授发言。"
    base = text.index("会上")
    found = find(text[base:], context=text[:base], base=base)
    assert [(m.name, text[m.start : m.end], text[m.chain_start : m.end]) for m in found] == [
        ("林晓峰", "林晓峰", "云岭大学林晓峰")
    ]


def test_two_character_name_before_an_honorific_at_the_sentence_start():
    s = "钱立总理出席会议并讲话。"
    (m,) = find(s)
    assert (m.name, m.start, m.end) == ("钱立", 0, 2)


# --- bare names -------------------------------------------------------------------------


def test_a_list_of_bare_names_before_a_role_cue():
    found = find("赵立、钱锋、孙雷出席会议。")
    assert [(m.name, m.posts, m.titled) for m in found] == [
        ("赵立", [], False),
        ("钱锋", [], False),
        ("孙雷", [], False),
    ]


def test_bare_names_after_hui_shang():
    assert list(people("会上，陈雅、何欣先后发言。")) == ["陈雅", "何欣"]


def test_a_known_name_is_found_anywhere():
    found = find("要充分发挥企业作用，吴海波强调。", known=("吴海波",))
    assert [m.name for m in found] == ["吴海波"]


def test_the_finder_remembers_names_across_sentences():
    finder = PersonFinder(OrgContext(""))
    finder.find("区委书记周明远出席。", 0)
    later = finder.find("周明远强调，要抓好落实。", 10)
    assert [(m.name, m.start, m.posts) for m in later] == [("周明远", 10, [])]


def test_a_known_name_does_not_match_inside_a_longer_name():
    found = find("林晓峰、王海发言。", known=("林晓",))
    assert [m.name for m in found] == ["林晓峰", "王海"]


def test_words_that_look_like_names_are_not_names():
    assert people("会上，有关部门负责人发言。") == {}
    assert people("全体干部出席会议。") == {}


def test_a_division_named_with_its_level_is_no_bare_name():
    """阿坝州 (the gazetteer's short form of a prefecture) as a subject is a place; a bare
    name before the same words is still a person."""
    assert people("阿坝州与青岚集团签署合作协议。") == {}
    assert "周雅" in people("周雅与青岚集团负责人出席签约仪式。")


# --- dotted names -----------------------------------------------------------------------


def test_dotted_name_at_the_end_of_a_clause():
    assert people("青岚共和国总统马可·韦斯特，") == {"马可·韦斯特": [("青岚共和国", "总统")]}


def test_dotted_name_before_a_verb():
    assert people("青岚共和国总统马可·韦斯特出席。") == {"马可·韦斯特": [("青岚共和国", "总统")]}


# --- places and invitations are not part of names ------------------------------------------


def _names(sentence: str) -> list[str]:
    from kg.extract.orgs import OrgContext
    from kg.extract.persons import PersonFinder

    return [m.name for m in PersonFinder(OrgContext(sentence)).find(sentence, 0)]


@pytest.mark.parametrize("sentence, expected", [
    ("沙特等国否认增产。", []),  # 沙 is a surname, 沙特 a country
    ("会议轮值主席阿尔及利亚总统卡维奥致贺信。", ["卡维奥"]),  # not 阿尔 of 阿尔及利亚
    ("安提瓜和巴布达总理莫拉尼出席。", ["莫拉尼"]),  # not 安提瓜 in a list 安提瓜和…
    ("帕罗斯总统中国事务特使莫兰出席。", ["莫兰"]),  # not 中国
])
def test_a_country_or_the_start_of_one_is_never_a_name(sentence, expected):
    assert _names(sentence) == expected


def test_ying_of_an_invitation_is_not_part_of_the_name():
    found = _names("应王明总理邀请，帕罗斯总理卡维奥将访华。")
    assert "应王明" not in found and found[0] == "王明"


def test_a_chinese_name_ends_before_hu_of_huzhi():
    assert _names("维尔达总督陈强互致贺电。") == ["陈强"]


def test_ying_before_a_name_in_an_invitation_is_no_surname():
    # 专家 is a title; 应王明 would be read as a name with the surname 应
    assert "应王明" not in _names("会后，在场外国专家应王明邀请出席了招待会。")


def test_a_message_at_a_clause_start_is_no_name():
    assert _names("贺电说：两党关系历久弥新。") == []


@pytest.mark.parametrize("sentence, name, posts", [
    ("应埃及总理哈迪布利邀请，代表团抵达开罗。", "哈迪布利", [("埃及", "总理")]),
    ("应国务院总理钱立邀请，总理将来访。", "钱立", [("国务院", "总理")]),
    ("应急管理部部长王明邀请专家座谈。", "王明", [("应急管理部", "部长")]),
])
def test_ying_of_an_invitation_is_not_part_of_the_org(sentence, name, posts):
    assert people(sentence)[name] == posts


# --- the clause before an organization ----------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "name", "posts"),
    [
        # a verb before the organization ends the clause, not the organization's name
        ("云峰杂志发表中共中央总书记郑国明的文章。", "郑国明", [("中共中央", "总书记")]),
        ("会议宣读中央军委主席郑国明签署的命令。", "郑国明", [("中央军委", "主席")]),
        ("各界代表热烈欢迎国务院总理钱立平一行。", "钱立平", [("国务院", "总理")]),
        # a verb inside the name stays when only unit words follow it
        ("国家发展和改革委员会主任郑国明出席。", "郑国明", [("国家发展和改革委员会", "主任")]),
        ("应急管理部部长王祥生出席。", "王祥生", [("应急管理部", "部长")]),
        ("国家市场监督管理总局局长罗文斌出席。", "罗文斌", [("国家市场监督管理总局", "局长")]),
        ("国务院发展研究中心主任陆文昊出席。", "陆文昊", [("国务院发展研究中心", "主任")]),
        # ... or when a longer word runs across it (解放军)
        ("解放军总医院第五医学中心主任秦玉林出席。", "秦玉林", [("解放军总医院第五医学中心", "主任")]),
    ],
)
def test_a_verb_before_the_organization_is_not_part_of_it(sentence, name, posts):
    assert people(sentence) == {name: posts}


def test_an_honorific_after_a_clause_takes_no_organization_from_it():
    # 要深入领会 ends with 会, an organization suffix: it is a clause, not a body
    mentions = find("会议要求，学员要深入领会郑国明书记的讲话。", known=("郑国明",))
    assert all(org != "要深入领会" for m in mentions for org, _ in m.posts)
    assert all(not org.startswith(("要", "深入")) for m in mentions for org, _ in m.posts)


def test_lingui_ends_the_clause_though_jieba_tags_it_a_noun():
    # schema/lexicon/verbs.txt: 领会 is a verb here, so the honorific's own org applies
    found = people("会议强调，要深入领会郑国明总书记在全会上的讲话。", known=("郑国明",))
    assert found == {"郑国明": [("中共中央", "总书记")]}


def test_a_foreign_party_abbreviation_is_no_verb():
    # jieba tags 越共 as an adverb: only verbs end the clause before an organization
    assert people("越共中央政治局委员、中央办公厅主任阮文清出席。") == {
        "阮文清": [("越共中央政治局", "委员"), ("越共中央办公厅", "主任")]
    }


@pytest.mark.parametrize("sentence, expected", [
    ("他同参议长王明举行会谈。", {"王明": []}),  # 同 (with) names no organization
    ("遭扣押的总统李明获释。", {"李明": []}),  # a clause describes him, no org names the post
    ("埃及总统塞勒表示欢迎。", {"塞勒": [("埃及", "总统")]}),  # 及 of 埃及 is no stop
])
def test_a_stop_right_before_the_title_leaves_no_organization(sentence, expected):
    assert people(sentence) == expected


# --- names beyond the Chinese title chain -------------------------------------------------

@pytest.mark.parametrize(
    ("sentence", "name", "post"),
    [
        # a post in another country's body is a foreigner's: no Chinese surname needed
        ("赵立会见俄罗斯国家杜马副主席巴沙科列。", "巴沙科列", ("俄罗斯国家杜马", "副主席")),
        ("周明远会见德国社会民主党联合主席克林维尔率领的代表团。", "克林维尔", ("德国社会民主党", "联合主席")),
        # an international body's too
        ("周明远会见联合国多边基金办公室负责人卡纳维塔。", "卡纳维塔", ("联合国多边基金办公室", "负责人")),
        # deputies of foreign offices are foreign offices
        ("俄罗斯副外长里亚科夫表示。", "里亚科夫", ("俄罗斯", "副外长")),
        ("柬埔寨副首相兼内阁办公厅大臣翁赛维达出席。", "翁赛维达", ("柬埔寨内阁办公厅", "大臣")),
    ],
)
def test_foreign_names_after_a_foreign_body(sentence, name, post):
    assert post in people(sentence)[name]


def test_an_everyday_verb_ends_a_name_after_a_title():
    assert "林晓峰" in people("在文化站站长林晓峰看来，这是好事。")
    assert "陈生" in people("云溪食品公司董事长陈生看到了商机。")  # not 陈生看 + 到
    assert "王毅" in people("国务委员王毅参加上述活动。")  # not 王毅参 + 加上


def test_a_surname_that_is_also_a_stop_word_starts_a_name_after_a_title():
    assert people("云溪县委书记任晓东出席。") == {"任晓东": [("云溪县委", "书记")]}
    assert people("两位总书记都认为合作重要。") == {}  # 都认为: no name


def test_a_title_inside_a_word_is_no_title():
    assert people("云溪县即将出台管理事项清单。") == {}  # 管理事项: no 理事 项清单
    assert people("伊朗驻沙特使领馆恢复工作。") == {}  # 沙特使领馆: no 特使 领馆
    assert "莫尼列" in people("欢迎柬埔寨太后莫尼列来北京休养。")  # not 来北京 after 太后


def test_a_list_ends_where_the_next_chain_starts():
    got = people("华侨委主任委员于立国、农委主任委员杜家明作报告。")
    assert set(got) == {"于立国", "杜家明"}  # not 农委主


def test_tibetan_names_are_read_from_their_parts():
    assert people("区教育厅副厅长次仁多布杰出席。") == {"次仁多布杰": [("区教育厅", "副厅长")]}
    assert "洛桑江村" in people("洛桑江村参加会见。")  # two parts, no title: a name before a cue
    assert "格绒泽郎" in people("云溪村党支部书记格绒泽郎介绍。")
    assert people("扎西德勒，欢迎你。") == {}  # a greeting, no name: no stop after its parts


def test_frequent_surnames_lai_fu_hong():
    """赖, 傅 and 洪 are among the hundred most frequent surnames: names in a bare list."""
    found = people("县领导周明远、赖立新、傅雅、洪建国等出席签约仪式。")
    assert {"赖立新", "傅雅", "洪建国"} <= set(found)


def test_xie_ends_a_name_and_no_org_takes_it():
    """A偕B: 偕 (together with) ends A's name and starts no organization of B's title."""
    found = people("当天上午，周明远偕首相林晓和陈雅专程前往饭店话别。")
    assert "周明远" in found and found.get("林晓") == []


def test_a_weak_cue_after_a_list_of_leaders():
    """县领导A、B、C到会指导: 到会 alone is weak evidence of names, after 县领导 it is not."""
    assert set(people("县领导周明远、王永春、陈雅到会指导。")) == {"周明远", "王永春", "陈雅"}


def test_suo_ends_a_name():
    """镇长X所作《政府工作报告》: 所 ends the name."""
    assert "张海清" in people("会议听取了镇长张海清所作《政府工作报告》。")


def test_the_names_before_dangxuan():
    found = people("周明远当选为青山镇人大主席，林晓、陈雅当选为副镇长。")
    assert {"周明远", "林晓", "陈雅"} <= set(found)
    assert people("他当选为主席。") == {}


def test_a_bare_name_running_into_an_organization_is_none():
    """区人大常委会: 区 is a surname, but 区人大 before 常委会 starts an organization."""
    assert "区人大" not in people("中共白鹿区委、区人大常委会、区人民政府领导等应邀出席。")


def test_mu_qian_ends_a_name():
    """X目前已…: a time word after a name ends it."""
    assert "周明远" in people("青山县县委书记周明远目前已累计约谈100多名干部。")


def test_a_vote_gives_the_post_it_names():
    """任命A为X: A holds X; 免去B的X职务 gives B nothing; A当选为X, and two posts joined by 和;
    the next appointee's post (、C为Y) is C's, not A's."""
    assert people("会议决定免去周明远的青山县人民政府副县长职务，任命林晓为青山县人民政府副县长。") == {
        "周明远": [], "林晓": [("青山县人民政府", "副县长")]}
    assert people("会议选举陈雅为青山市人大常委会主任和青山市政协主席。")["陈雅"] == [
        ("青山市人大常委会", "主任"), ("青山市政协", "主席")]
    found = people("任命林晓为白鹿区政府副区长、王海为白鹿区政府区长助理。")
    assert found["林晓"] == [("白鹿区政府", "副区长")]


def test_yi_ends_a_name():
    """X亦向…: 亦 (also) ends a name, Chinese or transliterated; 王亦凡 keeps it inside."""
    assert "林晓" in people("同日，国务院总理林晓亦向晚宴致贺信。")
    assert "韦斯特" in people("同日，青岚共和国总统韦斯特亦向晚宴致贺信。")
    assert "王亦凡" in people("王亦凡出席会议。")
