"""One event per activity (kg.extract.drafting): 分别会见 split per guest, facts routed to
the events their cues name, and remarks that take part in no event. Fictional text."""

from __future__ import annotations

from kg.model import Article, Extraction
from kg.pipeline import process_article

SPLIT = (
    "新华社消息：国家副主席林国栋25日在北京分别会见青岚共和国总统韦斯特和松岛国总理卡莫拉。\n"
    "会见韦斯特时，林国栋表示，两国是好朋友。中方愿同青方深化合作。\n"
    "韦斯特表示，青方高度重视对华关系。\n"
    "会见卡莫拉时，林国栋表示，两国友谊源远流长。周立总理同总统先生举行了会谈。\n"
    "陈雅参加会见。\n"
)


def run(text: str, date: str = "2024-03-26") -> Extraction:
    return process_article(Article(id="t", title="林国栋分别会见", text=text, date=date))


def roles(e: Extraction) -> dict[str, set[tuple[str, str]]]:
    """event label -> {(name, role)}."""
    labels = {ev.id: ev.label for ev in e.events}
    out: dict[str, set[tuple[str, str]]] = {}
    for p in e.participations:
        out.setdefault(labels[p.event_id], set()).add((p.participant_name, p.role))
    return out


def test_fenbie_huijian_is_one_event_per_guest():
    e = run(SPLIT)
    got = roles(e)
    talks = {label: r for label, r in got.items() if "会见" in label}
    assert len(talks) == 2
    by_guest = {next(n for n, role in r if role == "counterpart"): r for r in talks.values()}
    assert set(by_guest) == {"韦斯特", "卡莫拉"}
    for guest, r in by_guest.items():
        assert ("林国栋", "led") in r
        assert {n for n, role in r if role == "counterpart"} == {guest}  # only its own guest
        assert ("陈雅", "attended") in r  # 参加会见: every 会见 of the split
    assert all(ev.date == "2024-03-25" for ev in e.events)
    assert all(ev.location == "北京" for ev in e.events)  # not 北京分别


def test_remarks_take_part_in_no_event():
    """周立 is named inside 林国栋's remarks (the paragraph after 表示，, in the remarks' honorific
    form 周立总理): no role."""
    e = run(SPLIT)
    assert not any(p.participant_name == "周立" for p in e.participations)


def test_a_narrative_sentence_ends_the_remarks():
    text = ("新华社消息：3月4日，国家副主席林国栋在云港看望科技专家。"
            "在看望韦明时，林国栋表示，科技工作者贡献重大。随后，林国栋来到周雅家中看望。")
    e = run(text, date="2024-03-05")
    names = {p.participant_name for p in e.participations}
    assert "周雅" in names  # 随后: the report goes on


def test_attending_the_above_activities_attends_each_of_them():
    text = ("新华社消息：国家副主席林国栋25日在北京分别会见青岚共和国总统韦斯特和松岛国总理卡莫拉。"
            "陈雅参加上述活动。")
    got = roles(run(text))
    assert sum(("陈雅", "attended") in r for r in got.values()) == 2
    assert not any(("陈雅", "led") in r for r in got.values())


def test_bare_activity_is_the_event_reported():
    e = run("6月3日，青山省委常委周明远在白鹿市慰问援建干部。白鹿市委书记林晓峰出席活动。")
    got = roles(e)
    assert len(got) == 1  # 出席活动 names no activity of its own
    (facts,) = got.values()
    assert {("周明远", "led"), ("林晓峰", "attended")} <= facts


def test_scene_of_a_report_starts_its_event():
    e = run("6月2日，青山县委书记周明远率队赴白鹿县调研。"
            "在青山—白鹿对口协作座谈会上，白鹿县委书记林晓峰作了详细介绍。")
    got = roles(e)
    meeting = next(r for label, r in got.items() if label.endswith("座谈会"))
    assert ("林晓峰", "spoke") in meeting
    assert ("林晓峰", "spoke") not in next(r for label, r in got.items() if "调研" in label)


def test_scene_alone_is_no_event():
    # a feature recalling what was said at a conference reports no event
    e = run("在去年的全国发展大会上，林晓峰谈到了乡村的变化。")
    assert not e.events


def test_signing_at_a_signing_ceremony_is_the_ceremony():
    e = run("8月28日，青山中学与白鹿中学联校签约仪式在青山市教育局举行。"
            "在青山市教育局局长周明远的见证下，青山中学校长林晓峰签订了联校共建协议书。")
    assert len(e.events) == 1
    (facts,) = roles(e).values()
    assert {("周明远", "attended"), ("林晓峰", "attended")} <= facts


def test_parallel_parties_of_a_delegation_are_events_of_their_own():
    e = run("9月25日，青山代表团副团长周明远带领一分团来到白鹿市第二师考察。周明远察看了农场。"
            "青山代表团副团长林晓峰带领二分团来到白鹿市第三师考察。")
    tours = [{(p.participant_name, p.role) for p in e.participations if p.event_id == ev.id}
             for ev in e.events if "考察" in ev.label]
    assert len(tours) == 2
    assert {n for r in tours for n, role in r if role == "led"} == {"周明远", "林晓峰"}
    assert all(len({n for n, role in r if role == "led"}) == 1 for r in tours)


def test_other_word_orders_of_fenbie_split_per_guest_too():
    for sentence in (
        "新华社消息：国家副主席林国栋25日在北京还分别同青岚共和国总统韦斯特、松岛国总理卡莫拉等举行会见。\n",
        # a visit first, then the meetings: the visit keeps its own facts
        "新华社消息：国家副主席林国栋25日访问青岚，分别会见青岚共和国总统韦斯特和总理卡莫拉。\n",
    ):
        talks = [r for label, r in roles(run(sentence)).items() if "会见" in label]
        guests = [{n for n, role in r if role == "counterpart"} for r in talks]
        assert sorted(map(sorted, guests)) == [["卡莫拉"], ["韦斯特"]], sentence


# a two-day visit told in one paragraph: each day's 座谈会 is opened by a dated sentence
# that names it without people; the people come in the sentence after
TWO_DAYS = (
    "5月12日-13日，青岚大学党委书记韦明一行到松岛学院考察访问。"
    "5月12日下午，松岛省领导与青岚大学考察组召开座谈会。"
    "松岛省副省长周立等同志参加座谈会。"
    "13日上午，青岚大学考察组一行赴松岛学院考察交流。"
    "松岛学院院长陈雅等同志参加座谈会。\n"
    "14日上午，韦明一行离开松岛。\n"
    "韦明一行在松岛期间还参加了座谈会。\n"
)


def test_a_dated_sentence_moves_the_meetings_to_its_day():
    e = run(TWO_DAYS, date="2024-05-14")
    meetings = sorted((ev for ev in e.events if ev.label.endswith("座谈会")), key=lambda ev: ev.date or "")
    assert [ev.date for ev in meetings] == ["2024-05-12", "2024-05-13"]
    people = {ev.date: {p.participant_name for p in e.participations if p.event_id == ev.id} for ev in meetings}
    assert "周立" in people["2024-05-12"] and "周立" not in people["2024-05-13"]
    assert "陈雅" in people["2024-05-13"] and "陈雅" not in people["2024-05-12"]


def test_the_day_of_a_paragraph_ends_with_it():
    """The closing paragraph's 参加了座谈会 goes back to the last 座谈会, not a new one on
    the day the paragraph before moved to."""
    e = run(TWO_DAYS, date="2024-05-14")
    assert sum(ev.label.endswith("座谈会") for ev in e.events) == 2


# a feature: a meeting on the 5th, then what people did on other days, with no event
FEATURE = (
    "8月5日，青岚松岛两省对口协作联席会议在云港市召开。松岛省副省长周立出席会议并讲话。"
    "8月6日上午，云港市人民医院医生陈雅给一名患者诊断完病情。"
    "云港市人民医院院长林晓介绍，医院新培训了50名医生。"
)


def test_another_days_doings_join_no_event():
    e = run(FEATURE, date="2024-08-20")
    got = roles(e)
    (meeting,) = [r for label, r in got.items() if "联席会议" in label]
    assert ("周立", "spoke") in meeting
    names = {p.participant_name for p in e.participations}
    assert not names & {"陈雅", "林晓"}


WREATH = (
    "新华社消息：9月6日，国务院总理林国栋在人民大会堂为青岚共和国总理韦斯特举行欢迎仪式。"
    "欢迎仪式后，林国栋同韦斯特举行会谈。会谈后，两国总理共同见证签署多项合作文件。\n"
    "9月5日下午，韦斯特向人民英雄纪念碑敬献花圈。\n"
)


def test_a_wreath_laid_on_another_day_is_its_own_event():
    e = run(WREATH, date="2024-09-07")
    wreath = [ev for ev in e.events if "花圈" in ev.label]
    assert [ev.date for ev in wreath] == ["2024-09-05"]
    assert any(p.participant_name == "韦斯特" and p.event_id == wreath[0].id for p in e.participations)


# a 会见 and a 分别会谈 in one sentence, then a sentence going back to both talks
TWO_VERBS = (
    "新华社消息：应青岚共和国议长卡莫拉邀请，国家副主席林国栋25日至27日对青岚共和国进行正式访问，"
    "在青岚城会见总统韦斯特，与议长卡莫拉、总理周岚分别举行会谈。\n"
    "与卡莫拉、周岚分别会谈时，林国栋表示，双方要深化合作。\n"
)


def test_a_huijian_and_a_fenbie_huitan_in_one_sentence():
    e = run(TWO_VERBS, date="2024-03-28")
    got = roles(e)
    talks = {label: r for label, r in got.items() if "会见" in label or "会谈" in label}
    by_guest = {}
    for r in talks.values():
        guests = {n for n, role in r if role == "counterpart"}
        assert len(guests) == 1, r  # one guest per event
        by_guest[guests.pop()] = r
    assert set(by_guest) == {"韦斯特", "卡莫拉", "周岚"}
    assert all(("林国栋", "led") in r for r in by_guest.values())
    # the inviter is named in the sentence, but 应A邀请 gives her no role of her own
    assert ("卡莫拉", "led") not in {x for r in got.values() for x in r}


def test_huijian_with_one_guest_then_fenbie_huijian():
    text = ("新华社消息：3月5日，国家副主席林国栋在青岚城同当选总统韦斯特举行会见，"
            "并分别会见青岚商会会长林晓、松岛学会主席周岚等。\n")
    got = roles(run(text, date="2024-03-06"))
    guests = sorted(n for r in got.values() for n, role in r if role == "counterpart")
    assert guests == sorted(["韦斯特", "林晓", "周岚"])
    assert all(("林国栋", "led") in r for r in got.values())
    assert len(got) == 3


def test_a_subjectless_suiho_sentence_goes_on_about_the_leader():
    """随后来到X主持召开座谈会，…并提出要求: the leader of the visit before presides over
    the 座谈会 (its own event; he presides it, he does not lead it), and 提出要求 is no order
    that keeps the sentence from reporting."""
    text = ("5月7日下午，区委书记周明远深入白鹿镇调研乡村振兴工作。"
            "周明远一行来到白鹿镇青山村，察看村级卫生所建设情况。"
            "随后来到白鹿镇主持召开座谈会，听取该镇工作情况，并对下一步工作提出要求。")
    got = roles(run(text, date="2024-05-08"))
    (meeting,) = [r for label, r in got.items() if "座谈会" in label]
    assert meeting == {("周明远", "presided")}
    (trip,) = [r for label, r in got.items() if "座谈会" not in label]
    assert ("周明远", "led") in trip


def test_a_day_inside_a_trip_is_the_same_trip():
    """11月4日至6日 … 5日上午，X到Y考察: one trip dated on its first day; 6日's 听取汇报
    is an activity of its own."""
    text = ("新华社消息：11月4日至6日，国家副主席林国栋在青山省考察调研。"
            "4日下午，林国栋来到白鹿县博物馆参观。"
            "5日上午，林国栋前往云溪县，到蔬菜基地考察。"
            "6日上午，林国栋听取青山省委和省政府工作汇报，对下一步工作提出明确要求。\n")
    e = run(text, date="2024-11-07")
    trips = [ev for ev in e.events if ev.type in ("inspection", "visit")]
    assert [ev.date for ev in trips] == ["2024-11-04"]
    hearing = [ev for ev in e.events if ev.label.startswith("听取")]
    assert [ev.date for ev in hearing] == ["2024-11-06"]


def test_a_time_clause_goes_back_to_the_event_told_before():
    """结束看望慰问活动后，X23日主持召开座谈会，…要求…: the visit is the one told before (no
    second visit on the 23rd), the 座谈会 is new and X presides it; 要求 orders nothing
    that keeps the 座谈会 from being told."""
    text = ("新华社消息：1月22日，国务院总理林国栋在青山省看望慰问基层干部群众。"
            "林国栋来到白鹿村，看望困难群众。\n"
            "结束看望慰问活动后，林国栋23日在云港主持召开座谈会，听取意见建议，要求各级政府抓好落实。\n")
    e = run(text, date="2025-01-24")
    got = roles(e)
    visits = [ev for ev in e.events if ev.type == "visit"]
    assert len(visits) == 1 and visits[0].date == "2025-01-22"
    (meeting,) = [ev for ev in e.events if "座谈会" in ev.label]
    assert meeting.date == "2025-01-23" and got[meeting.label] == {("林国栋", "presided")}


def test_a_presided_meeting_with_no_trip_is_led_by_no_one():
    """主持召开常务会议，听取…汇报: 听取 inside the meeting he presides gives him no lead."""
    text = "新华社消息：3月5日，国务院总理林国栋主持召开国务院常务会议，听取青山省防汛工作汇报。\n"
    got = roles(run(text, date="2025-03-06"))
    assert got == {"国务院常务会议": {("林国栋", "presided")}}


def test_thanks_inside_a_meeting_are_a_speech():
    """在座谈会上，… X对…给予了肯定，对…表示感谢: X spoke at the 座谈会."""
    text = ("6月2日，白鹿县委书记周明远率队赴青山县调研考察。"
            "在两县对口帮扶工作座谈会上，青山县委书记林晓作了详细介绍。"
            "白鹿县委书记周明远对青山县的发展给予了肯定，对青山县委县政府的关心表示感谢。")
    got = roles(run(text, date="2018-06-03"))
    (meeting,) = [r for label, r in got.items() if "座谈会" in label]
    assert {("林晓", "spoke"), ("周明远", "spoke")} <= meeting
