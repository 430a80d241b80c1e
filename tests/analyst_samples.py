"""Fictional articles for the analyst queries (events-by, co-attendees, timeline,
events-labelled): meetings organised across an organization tree, two events with the
same label, an undated event."""

from __future__ import annotations

from kg.model import Article, Event, Evidence, Extraction, Holds, Organization, Participation, Person, Post, make_id


def _ev(article: Article, quote: str) -> Evidence:
    start = article.text.index(quote)
    return Evidence(article.id, start, start + len(quote), quote, quote)


PEOPLE = {n: Person(n) for n in ["周明远", "赵立", "钱锋", "陈雅"]}
MEETING_1 = make_id("event", "an-1", "0")
MEETING_2 = make_id("event", "an-2", "0")
CHECK = make_id("event", "an-2", "1")
PLANTING = make_id("event", "an-3", "0")


def _article(aid: str, date: str | None, text: str, events: list[tuple[str, str, str, str | None, str | None, str, list[tuple[str, str, int, str]]]],
             orgs: tuple[Organization, ...] = (), holds: tuple[tuple[str, Post, str], ...] = ()) -> Extraction:
    """events: (event id, type, label, date, organizer, quote, [(person, role, order, quote)])."""
    art = Article(id=aid, title=f"青山要闻{aid[-1]}", text=text, date=date)
    evs, parts, names = [], [], set()
    for eid, etype, label, edate, organizer, quote, who in events:
        evs.append(Event(eid, aid, etype, label, _ev(art, quote), date=edate, organizer=organizer,
                         location="青山礼堂" if etype == "meeting" else None))
        for name, role, order, q in who:
            names.add(name)
            parts.append(Participation(eid, PEOPLE[name].id, name, "person", role, order, _ev(art, q)))
    posts = tuple({p.id: p for _, p, _ in holds}.values())
    return Extraction(
        article=art, persons=tuple(PEOPLE[n] for n in sorted(names | {n for n, _, _ in holds})),
        organizations=orgs + tuple(Organization(o) for o in {e[4] for e in events if e[4]} - {o.name for o in orgs}),
        posts=posts, events=tuple(evs), participations=tuple(parts),
        holds=tuple(Holds(PEOPLE[n].id, p.id, _ev(art, q), date) for n, p, q in holds),
    )


SECRETARY = Post("青山区委", "书记")
DEPUTY = Post("青山区委", "副书记")


def analyst_extractions() -> list[Extraction]:
    t1 = "5月10日,青山区委办公室召开工作会议。区委书记周明远主持,赵立、钱锋参加。"
    t2 = ("6月20日,青山区委召开工作会议,区委书记周明远讲话,赵立参加。"
          "当天,周明远到企业开展安全生产检查,区委副书记陈雅陪同。")
    t3 = "青山区委组织部组织植树活动,钱锋、赵立参加。"
    return [
        _article("an-1", "2021-05-10", t1, [
            (MEETING_1, "meeting", "工作会议", "2021-05-10", "青山区委办公室", "青山区委办公室召开工作会议", [
                ("周明远", "presided", 1, "区委书记周明远主持"), ("赵立", "attended", 2, "赵立、钱锋参加"),
                ("钱锋", "attended", 3, "赵立、钱锋参加")])],
            orgs=(Organization("青山区委"), Organization("青山区委办公室", parent="青山区委")),
            holds=(("周明远", SECRETARY, "区委书记周明远"),)),
        _article("an-2", "2021-06-20", t2, [
            (MEETING_2, "meeting", "工作会议", "2021-06-20", "青山区委", "青山区委召开工作会议", [
                ("周明远", "spoke", 1, "区委书记周明远讲话"), ("周明远", "attended", 1, "区委书记周明远讲话"),
                ("赵立", "attended", 2, "赵立参加")]),
            (CHECK, "inspection", "安全生产检查", "2021-06-20", None, "开展安全生产检查", [
                ("周明远", "led", 1, "周明远到企业开展安全生产检查"), ("陈雅", "accompanied", 2, "区委副书记陈雅陪同")])],
            holds=(("周明远", SECRETARY, "区委书记周明远"), ("陈雅", DEPUTY, "区委副书记陈雅"))),
        _article("an-3", None, t3, [
            (PLANTING, "other", "植树活动", None, "青山区委组织部", "青山区委组织部组织植树活动", [
                ("钱锋", "attended", 1, "钱锋、赵立参加"), ("赵立", "attended", 2, "钱锋、赵立参加")])],
            orgs=(Organization("青山区委组织部", parent="青山区委"),)),
    ]


def partial_date_extraction() -> Extraction:
    """An event on a day whose year is unknown (XXXX-07-01), organised by 青山区委."""
    text = "7月1日,青山区委举行座谈会,赵立参加。"
    return _article("an-4", None, text, [
        (make_id("event", "an-4", "0"), "meeting", "座谈会", "XXXX-07-01", "青山区委", "青山区委举行座谈会",
         [("赵立", "attended", 1, "赵立参加")])])


M1 = {"event": MEETING_1, "label": "工作会议", "type": "meeting", "date": "2021-05-10", "organizer": "青山区委办公室",
      "people": ["周明远", "赵立", "钱锋"]}


M2 = {"event": MEETING_2, "label": "工作会议", "type": "meeting", "date": "2021-06-20", "organizer": "青山区委",
      "people": ["周明远", "赵立"]}


PLANT = {"event": PLANTING, "label": "植树活动", "type": "other", "date": None, "organizer": "青山区委组织部",
         "people": ["赵立", "钱锋"]}


CASES = [
    ("events-by", {"org": "青山区委"}, [PLANT, M1, M2]),
    ("events-by", {"org": "青山区委", "from": "2021-06-01"}, [M2]),
    ("events-by", {"org": "青山区委", "to": "2021-05-31"}, [M1]),
    ("events-by", {"org": "青山区委", "from": "2021-05-10", "to": "2021-06-20"}, [M1, M2]),
    ("events-by", {"org": "青山区委办公室"}, [M1]),
    ("events-by", {"org": "无名机构"}, []),
    ("co-attendees", {"person": "周明远"}, [
        {"person": "赵立", "events": 2, "shared_events": ["2021-05-10 工作会议", "2021-06-20 工作会议"]},
        {"person": "钱锋", "events": 1, "shared_events": ["2021-05-10 工作会议"]},
        {"person": "陈雅", "events": 1, "shared_events": ["2021-06-20 安全生产检查"]},
    ]),
    ("co-attendees", {"person": "赵立", "min": 2}, [
        {"person": "周明远", "events": 2, "shared_events": ["2021-05-10 工作会议", "2021-06-20 工作会议"]},
        {"person": "钱锋", "events": 2, "shared_events": ["2021-05-10 工作会议", "植树活动"]},
    ]),
    ("co-attendees", {"person": "无名氏"}, []),
    ("timeline", {"person": "周明远"}, [
        {"date": "2021-05-10", "last_date": None, "kind": "event", "label": "工作会议", "type": "meeting",
         "roles": ["presided"], "event": MEETING_1},
        {"date": "2021-05-10", "last_date": "2021-06-20", "kind": "post", "label": "青山区委书记", "type": None,
         "roles": [], "event": None},
        {"date": "2021-06-20", "last_date": None, "kind": "event", "label": "安全生产检查", "type": "inspection",
         "roles": ["led"], "event": CHECK},
        {"date": "2021-06-20", "last_date": None, "kind": "event", "label": "工作会议", "type": "meeting",
         "roles": ["attended", "spoke"], "event": MEETING_2},
    ]),
    ("timeline", {"person": "钱锋"}, [
        {"date": None, "last_date": None, "kind": "event", "label": "植树活动", "type": "other",
         "roles": ["attended"], "event": PLANTING},
        {"date": "2021-05-10", "last_date": None, "kind": "event", "label": "工作会议", "type": "meeting",
         "roles": ["attended"], "event": MEETING_1},
    ]),
    ("timeline", {"person": "无名氏"}, []),
    ("events-labelled", {"label": "工作会议"}, [
        {"event": MEETING_1, "label": "工作会议", "type": "meeting", "date": "2021-05-10", "location": "青山礼堂",
         "article": "青山要闻1", "participants": 3},
        {"event": MEETING_2, "label": "工作会议", "type": "meeting", "date": "2021-06-20", "location": "青山礼堂",
         "article": "青山要闻2", "participants": 2},
    ]),
    ("events-labelled", {"label": "植树活动"}, [
        {"event": PLANTING, "label": "植树活动", "type": "other", "date": None, "location": None,
         "article": "青山要闻3", "participants": 2},
    ]),
]
