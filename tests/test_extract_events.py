"""kg.extract.events: the event a sentence reports (type, label, location, organizer);
plans and quoted speech give none."""

from __future__ import annotations

import pytest

from kg.extract.events import find_trigger
from kg.extract.trigger import CLASS_OF_TYPE, normalise_place


def trig(sentence: str, has_person: bool = True):
    return find_trigger(sentence, has_person=has_person)


def test_active_meeting_with_organizer():
    t = trig("6月3日上午，云溪高新区召开科技创新推进会。", has_person=False)
    assert (t.type, t.label, t.location, t.organizer) == ("meeting", "科技创新推进会", None, "云溪高新区")


def test_active_forum_with_location():
    t = trig("3月4日上午，青山区在云溪会展中心举办乡村振兴论坛。")
    assert (t.type, t.label, t.location, t.organizer) == ("forum", "乡村振兴论坛", "云溪会展中心", "青山区")


def test_passive_forum():
    t = trig("第三届云岭数字经济论坛在青山区举行。", has_person=False)
    assert (t.type, t.label, t.location, t.organizer) == ("forum", "第三届云岭数字经济论坛", "青山区", None)


def test_a_person_is_no_organizer():
    t = trig("区委书记周明远主持召开专题会议。")
    assert t.type == "meeting"
    assert t.organizer is None


def test_committee_meeting_organizer():
    t = trig("6月3日下午，青山区委常委会召开会议。")
    assert (t.label, t.organizer) == ("会议", "青山区委常委会")


def test_ceremony():
    t = trig("青山区举行云溪产业园开工仪式。")
    assert (t.type, t.label) == ("ceremony", "云溪产业园开工仪式")


def test_meeting_in_jing_is_beijing():
    t = trig("全国农村工作座谈会在京召开。", has_person=False)
    assert (t.type, t.location) == ("meeting", "北京")


def test_meeting_with_the_event_word_as_its_subject():
    t = trig("区委书记周明远出席开幕式。")
    assert (t.type, t.label) == ("ceremony", "开幕式")


def test_visit_with_place_and_object():
    t = trig("区委书记周明远到松岭社区走访看望老党员。")
    assert (t.type, t.label, t.location) == ("visit", "走访看望老党员", "松岭社区")


def test_inspection():
    t = trig("高建国到云溪镇调研数字产业发展情况。")
    assert (t.type, t.label, t.location) == ("inspection", "调研数字产业发展情况", "云溪镇")


def test_arriving_at_a_unit_is_a_visit():
    t = trig("区委书记周明远来到云溪镇政府。")
    assert (t.type, t.location) == ("visit", "云溪镇政府")


def test_visits_and_talks_need_a_person():
    assert trig("区委书记周明远到松岭社区走访看望老党员。", has_person=False) is None
    assert trig("国家主席林国栋在人民大会堂会见青岚共和国总统韦斯特。", has_person=False) is None


def test_accompanying_is_not_the_visit_itself():
    assert trig("区委常委赵立陪同考察。") is None


def test_meeting_talks():
    t = trig("国家主席林国栋8日在人民大会堂会见青岚共和国总统韦斯特。")
    assert (t.type, t.label, t.location) == ("talks", "会见青岚共和国总统韦斯特", "人民大会堂")


def test_talks_with_a_counterpart():
    t = trig("国务院总理钱立平在云港同青岚共和国总理韦斯特举行会谈。")
    assert (t.type, t.label, t.location, t.counterpart_text) == (
        "talks",
        "同青岚共和国总理韦斯特举行会谈",
        "云港",
        "青岚共和国总理韦斯特",
    )


def test_hearing_a_report_is_a_meeting():
    t = trig("区委书记周明远听取区发展改革委工作汇报。")
    assert (t.type, t.label) == ("meeting", "听取区发展改革委工作汇报")


@pytest.mark.parametrize(
    "sentence",
    [
        "青山区将于3月10日召开乡村振兴推进会。",
        "青山区计划在云溪镇举办人才论坛。",
        "会议要求，各镇街要及时召开专题会议。",
        "青山区即将举行云溪产业园开工仪式。",
    ],
)
def test_plans_and_instructions_give_no_event(sentence):
    assert trig(sentence) is None


def test_no_event_in_opinion_text():
    assert trig("乡村振兴，关键在人。") is None
    assert trig("这句话值得深思。") is None


def test_trigger_span_points_into_the_sentence():
    s = "3月4日上午，青山区在云溪会展中心举办乡村振兴论坛。"
    t = trig(s)
    assert 0 <= t.start < t.end <= len(s)
    assert "举办乡村振兴论坛" in s[t.start : t.end]


def test_quoted_speech_gives_no_event():
    assert trig("周明远说：“去年我们在云溪镇召开了现场推进会。”") is None


def test_label_keeps_the_whole_event_noun():
    assert trig("青山区召开年度工作会议。").label == "年度工作会议"


def test_normalise_place():
    assert normalise_place(None) is None
    assert normalise_place("") is None
    assert normalise_place("京") == "北京"
    assert normalise_place("沪") == "上海"
    assert normalise_place("了云溪镇") == "云溪镇"
    assert normalise_place("云" * 26) is None


def test_event_classes():
    assert {CLASS_OF_TYPE[t] for t in ("meeting", "forum", "ceremony", "other")} == {"meeting"}
    assert CLASS_OF_TYPE["visit"] == CLASS_OF_TYPE["inspection"] == "tour"
    assert CLASS_OF_TYPE["talks"] == "talks"


def test_opening_ceremony_is_a_noun_not_the_verb():
    from kg.extract.events import find_triggers

    assert find_triggers("大会开幕式由青山红十字会会长林晓峰主持。", has_person=True) == []
    (t,) = find_triggers("国家主席周明远出席开幕式并宣布本届青山运动会开幕。", has_person=True)[:1]
    assert t.label == "青山运动会"


def test_canjia_names_an_event_only_when_its_object_ends_on_one():
    from kg.extract.events import find_triggers

    (t,) = find_triggers("白鹿市委书记林晓峰赶到青山县参加例行视频调度会。", has_person=True)
    assert t.label == "例行视频调度会"
    for sentence in (
        "周明远看望了参加青山市十届三次会议的委员。",  # who the guests are
        "周明远参加他所在的青山代表团审议。",  # the delegation's review, not the session
        "林晓峰积极参加学术交流活动。",  # a habit
        "林晓峰参加青山市总工会。",  # a body
    ):
        assert all(not t.label.endswith(("会议", "活动", "工会")) for t in find_triggers(sentence, has_person=True)), sentence


def test_an_unannounced_inspection_is_an_inspection():
    t = trig("市委书记林平暗访青石镇防汛工作。")
    assert t.type == "inspection" and t.label == "暗访青石镇防汛工作"


def test_joining_a_meeting_then_a_verb_of_what_one_did_there():
    # 参加X会 followed by a verb (督战) is the meeting taken part in; 参加X会的委员 is not
    assert trig("市委书记林平赶到青石县参加防汛调度会督战。").label == "防汛调度会"
    assert trig("林平看望参加全市大会的代表。").type != "meeting"


@pytest.mark.parametrize("sentence, label", [
    ("镇长林晓带队到白鹿村指导工作。", "指导工作"),
    ("县委书记周明远到青山镇督查防汛工作。", "督查防汛工作"),
])
def test_local_inspection_verbs(sentence, label):
    """到X指导工作 and 督查 are inspections as 调研 is (a plain 指导 is not: 指导实践)."""
    t = trig(sentence)
    assert t.type == "inspection" and t.label == label
    assert trig("要健全用科学理论指导实践的工作体系。") is None


def test_a_meeting_held_with_a_manner_adverb():
    """会议在X胜利召开: 胜利, like 隆重, stands between the event and its verb."""
    t = trig("9月30日上午，白鹿镇第十三届人民代表大会第三次会议在镇政府会议室胜利召开。", has_person=False)
    assert (t.label, t.location) == ("白鹿镇第十三届人民代表大会第三次会议", "镇政府会议室")


@pytest.mark.parametrize("sentence", [
    "县长林晓为他们送去慰问金和慰问品。",  # 慰问金: money, not a visit
    "习近平向全国人民警察致以节日祝贺和慰问。",  # a greeting sent
    "林国栋就地震灾害向青岚共和国总统致慰问电。",  # a message is no event
    "要以科学理论为指导，做好各项工作。",  # 指导 with no travel before it
])
def test_no_visit(sentence):
    t = trig(sentence)
    assert t is None or t.type not in ("visit", "inspection"), t


def test_a_visit_in_a_festival_time_clause():
    """在新春佳节即将到来之际: 即将 in a time phrase is no plan."""
    t = trig("在新春佳节即将到来之际，县委书记周明远看望慰问了县光荣院的老人。")
    assert t.type == "visit" and t.label.startswith("看望慰问")


def test_zhidao_after_travel_is_an_inspection():
    t = trig("副县长林晓紧急赶赴白鹿镇指导防汛抢险工作。")
    assert t.type == "inspection" and t.location == "白鹿镇"


def test_weiwen_dianli_is_a_visit_weiwen_dian_a_message():
    """慰问电力职工 is a visit (电力 is a word); 在慰问电中 names a message."""
    t = trig("县长林晓到白鹿镇慰问电力职工。")
    assert t.type == "visit"
    t = trig("林国栋在慰问电中表示，中方愿提供帮助。")
    assert t is None or t.type != "visit"


def test_an_activity_named_by_a_visit_verb_is_the_visit():
    """开展走访慰问困难群众活动 is a visit, so the homes visited after it are the same one."""
    t = trig("2月7日，副县长林晓一行到白鹿镇开展走访慰问困难群众活动。")
    assert t.type == "visit"
