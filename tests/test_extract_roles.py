"""kg.extract.roles: who presided, spoke, attended, led, was met or accompanied in one
sentence, and units taking part as such."""

from __future__ import annotations

from kg.extract.orgs import OrgContext
from kg.extract.persons import PersonFinder
from kg.extract.roles import assign_roles, unit_actors


def roles(sentence: str, context: str = "") -> list[tuple[str, str]]:
    """(actor name, role) facts of one sentence, in the order they come."""
    ctx = OrgContext(context + sentence)
    persons = PersonFinder(ctx).find(sentence, 0)
    units = unit_actors(sentence, 0, ctx, persons)
    return [(f.actor.name, f.role) for f in assign_roles(sentence, 0, persons, units)]


def test_cues_after_a_person_apply_to_that_person():
    assert roles("青山区委书记、区长周明远出席并讲话，区委副书记陈雅主持。") == [
        ("周明远", "attended"),
        ("周明远", "spoke"),
        ("陈雅", "presided"),
    ]


def test_a_cue_after_a_list_applies_to_each_name():
    assert roles("区委常委赵立、钱锋、孙雷出席。") == [
        ("赵立", "attended"),
        ("钱锋", "attended"),
        ("孙雷", "attended"),
    ]


def test_presided_and_spoke():
    assert roles("市委书记高建国主持会议并讲话。") == [("高建国", "presided"), ("高建国", "spoke")]


def test_meeting_subject_led_and_object_counterpart():
    assert roles("国家主席林国栋在人民大会堂会见青岚共和国总统韦斯特。") == [
        ("林国栋", "led"),
        ("韦斯特", "counterpart"),
    ]


def test_taking_part_in_the_meeting_is_attending():
    assert roles("外交部部长方志诚参加会见。") == [("方志诚", "attended")]


def test_talks_with_a_counterpart():
    assert roles("国务院总理钱立平在云港同青岚共和国总理韦斯特举行会谈。") == [
        ("钱立平", "led"),
        ("韦斯特", "counterpart"),
    ]


def test_visit_led_and_accompanied():
    assert roles("区委书记周明远到松岭社区走访看望老党员，区委常委赵立、区民政局局长孙雷陪同。") == [
        ("周明远", "led"),
        ("赵立", "accompanied"),
        ("孙雷", "accompanied"),
    ]


def test_accompanied_before_the_visitor():
    assert roles("在区委书记周明远陪同下，松岭市委书记高建国到云溪镇调研。") == [
        ("周明远", "accompanied"),
        ("高建国", "led"),
    ]


def test_accompanying_the_inspection_is_not_leading_it():
    assert roles("区委常委赵立、钱锋陪同考察。") == [("赵立", "accompanied"), ("钱锋", "accompanied")]


def test_units_in_a_list_of_responsible_persons_attended():
    assert roles("区科技局、区财政局、松岭社区等单位相关负责人参会。", context="青山区召开会议。") == [
        ("青山区科技局", "attended"),
        ("青山区财政局", "attended"),
        ("松岭社区", "attended"),
    ]


def test_in_the_audience_is_attended():
    assert roles("台下的云溪村党支部书记冯秀兰认真聆听。") == [("冯秀兰", "attended")]


def test_no_role_without_a_cue():
    assert roles("区委书记周明远强调，要抓好落实。") == []


def test_a_cue_with_nobody_before_it_gives_nothing():
    assert roles("出席会议的还有各镇街负责人。") == []


def test_role_facts_carry_absolute_positions():
    text = "青山区召开会议。区委常委赵立主持。"
    base = text.index("区委常委")
    sentence = text[base:]
    ctx = OrgContext(text)
    persons = PersonFinder(ctx).find(sentence, base)
    (fact,) = assign_roles(sentence, base, persons, [])
    assert text[fact.actor.start : fact.actor.end] == "赵立"
    assert text[fact.actor.chain_start : fact.cue_end] == "区委常委赵立主持"


def test_homes_listed_before_jiazhong_are_the_counterparts():
    from kg.pipeline import process_article
    from kg.model import Article

    e = process_article(Article(id="h", title="调研", date="2024-09-14",
                                text="9月14日，青山省委书记周明远在白鹿县调研。周明远先后走进农户林大山、王小河家中，与他们拉家常。"))
    got = {(p.participant_name, p.role) for p in e.participations}
    assert {("周明远", "led"), ("林大山", "counterpart"), ("王小河", "counterpart")} <= got
    assert ("周明远", "counterpart") not in got


def test_received_by_makes_the_guest_the_counterpart():
    from kg.pipeline import process_article
    from kg.model import Article

    e = process_article(Article(id="r", title="接见", date="2024-08-01",
                                text="8月1日，青山银行董事长林晓峰一行来到白鹿市调研。林晓峰一行受到白鹿市委书记周明远接见。"))
    talks = next(ev for ev in e.events if ev.type == "talks")
    got = {(p.participant_name, p.role) for p in e.participations if p.event_id == talks.id}
    assert got == {("林晓峰", "counterpart"), ("周明远", "led")}


def test_a_name_ending_in_hua_attends():
    from kg.model import Article
    from kg.pipeline import process_article

    e = process_article(Article(id="h", title="", date="2024-11-09", text="11月8日，青山县委书记郑俊华出席座谈会。"))
    assert {(p.participant_name, p.role) for p in e.participations} == {("郑俊华", "attended")}


def test_a_research_group_is_no_verb_and_introducing_speech_is_speaking():
    from kg.model import Article
    from kg.pipeline import process_article

    text = ("8月5日，青山大学校长林晓峰率调研组赴白鹿县开展考察调研。"
            "白鹿镇镇长王大海向调研组介绍说，“这里的凤梨很好。”")
    e = process_article(Article(id="g", title="", date="2024-08-09", text=text))
    got = {(p.participant_name, p.role) for p in e.participations}
    assert ("王大海", "spoke") in got and ("王大海", "led") not in got


def test_attending_in_a_relative_clause_describes_the_guests():
    from kg.model import Article
    from kg.pipeline import process_article

    e = process_article(Article(id="v", title="", date="2024-11-09",
                                text="11月8日，青山县委书记林晓峰来到驻地，看望慰问出席县政协会议的委员。"))
    assert {(p.participant_name, p.role) for p in e.participations} == {("林晓峰", "led")}


def test_surname_and_title_refer_back_and_the_escorted_visitor_leads():
    from kg.model import Article
    from kg.pipeline import process_article

    text = ("8月28日，签约仪式在青山市教育局举行。白鹿县副县长徐兴国和青山市第十二中学校长夏明签订了协议书。"
            "签约仪式之前，白鹿县徐副县长一行在十二中夏校长的陪同下，实地考察了青山市第十二中学。")
    e = process_article(Article(id="s", title="", date="2024-08-29", text=text))
    tour = next(ev for ev in e.events if ev.type == "inspection")
    got = {(p.participant_name, p.role) for p in e.participations if p.event_id == tour.id}
    assert got == {("徐兴国", "led"), ("夏明", "accompanied"), ("青山市第十二中学", "counterpart")}


def test_named_units_a_tour_visits_are_its_counterparts():
    from kg.model import Article
    from kg.pipeline import process_article

    text = ("8月1日，青山银行董事长林晓峰一行来到白鹿市调研。"
            "林晓峰一行还先后考察调研了白鹿水泥（西藏）有限公司、白鹿投资有限公司。林晓峰走进教室、便民服务厅。")
    e = process_article(Article(id="u", title="", date="2024-08-02", text=text))
    got = {(p.participant_name, p.role) for p in e.participations if p.participant_kind == "organization"}
    assert got == {("白鹿水泥(西藏)有限公司", "counterpart"), ("白鹿投资有限公司", "counterpart")}


def test_a_person_who_brings_others_along_leads_the_visit():
    from kg.model import Article
    from kg.pipeline import process_article

    # 携 (bringing along) as 率: both the one who brings and the ones brought lead
    e = process_article(Article(id="x", title="青山基金会赴白鹿", date="2022-09-20",
                                text="9月16日，青山基金会秘书长林晓峰携项目部主任周明远来到白鹿县考察。"))
    got = {(p.participant_name, p.role) for p in e.participations}
    assert {("林晓峰", "led"), ("周明远", "led")} <= got
    assert ("林晓峰", "青山基金会", "秘书长") in {
        (p.name, post.org, post.title) for p in e.persons for h in e.holds if h.person_id == p.id
        for post in e.posts if post.id == h.post_id}


def test_a_welcome_on_behalf_of_a_body_inside_a_meeting_is_a_speech():
    from kg.model import Article
    from kg.pipeline import process_article

    text = ("6月2日，青山县与白鹿县对口帮扶工作座谈会在青山县召开。白鹿县委书记周明远出席。"
            "周明远表示，两县要加强协作，互利共赢。"
            "青山县委书记林晓峰代表县委、县政府对远道而来的客人表示热烈欢迎。")
    e = process_article(Article(id="w", title="两县座谈", text=text, date="2022-06-03"))
    got = {(p.participant_name, p.role) for p in e.participations}
    assert ("林晓峰", "spoke") in got
    # outside a meeting (a visit), the welcome gives no speech
    visit = text.replace("对口帮扶工作座谈会在青山县召开", "白鹿县考察团到青山县考察")
    e = process_article(Article(id="v", title="考察", text=visit, date="2022-06-03"))
    assert ("林晓峰", "spoke") not in {(p.participant_name, p.role) for p in e.participations}


def test_daidui_ends_the_name_and_leads():
    """X带队到…: 带队 ends the name (林晓, not 林晓带), and every co-subject leads."""
    s = "2月7日，镇党委书记周明远，镇党委副书记、镇长林晓带队到白鹿村指导工作，镇党委委员陈雅陪同。"
    ctx = OrgContext(s)
    persons = PersonFinder(ctx).find(s, 0)
    facts = {(f.actor.name, f.role) for f in assign_roles(s, 0, persons, unit_actors(s, 0, ctx, persons))}
    assert {("周明远", "led"), ("林晓", "led"), ("陈雅", "accompanied")} <= facts



def test_a_gift_is_no_led_cue():
    """送去了慰问品 holds the visit verb 慰问 but leads nothing: the one visited stays the
    counterpart and leads nothing."""
    from kg.model import Article
    from kg.pipeline import process_article

    text = ("2月9日下午，副县长林晓到白鹿村慰问老党员周雅。"
            "在慰问周雅时，林晓详细了解了周雅的生活情况，并给他送去了慰问品。")
    e = process_article(Article(id="t", title="慰问", text=text, date="2024-02-10"))
    got = {(p.participant_name, p.role) for p in e.participations}
    assert ("周雅", "counterpart") in got and ("周雅", "led") not in got


def test_remarks_to_the_visiting_group_are_spoken_at_the_visit():
    s = "白鹿镇镇长陈岚对调研组说，乡村治理要靠各方力量。"
    ctx = OrgContext(s)
    persons = PersonFinder(ctx).find(s, 0)
    facts = {(f.actor.name, f.role) for f in assign_roles(s, 0, persons, unit_actors(s, 0, ctx, persons))}
    assert ("陈岚", "spoke") in facts


def test_a_chain_of_cues_after_a_support_cue_is_its_object():
    """陪同考察调研: 考察 and 调研 are what 陪同 accompanies; 到会听取发言: the listener did not
    speak."""
    for s, want in (("县长陈岚陪同考察调研。", {("陈岚", "accompanied")}),
                    ("副省长林晓应邀到会听取发言。", {("林晓", "attended")})):
        ctx = OrgContext(s)
        persons = PersonFinder(ctx).find(s, 0)
        assert {(f.actor.name, f.role) for f in assign_roles(s, 0, persons, unit_actors(s, 0, ctx, persons))} == want
