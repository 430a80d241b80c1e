"""Hand-built extraction records (fictional people and places) for store and query tests,
so those tests do not depend on the extractor's current accuracy."""

from __future__ import annotations

from kg.model import (
    Article,
    Authorship,
    Event,
    Evidence,
    Extraction,
    Holds,
    Organization,
    Participation,
    Person,
    Post,
    make_id,
)
from kg.places import locate

FORUM = make_id("event", "sample-1", "0")
VISIT = make_id("event", "sample-2", "0")


def _ev(article: Article, quote: str) -> Evidence:
    start = article.text.index(quote)
    return Evidence(article.id, start, start + len(quote), quote, quote)


def sample_extractions() -> list[Extraction]:
    """Two fictional articles: a forum and a visit sharing one official, with their
    places as the resolve stage gives them (``kg.places.locate``)."""
    a1 = Article(
        id="sample-1",
        title="青山区举办乡村振兴论坛",
        date="2021-03-04",
        publication="青山日报",
        authors=("林晓",),
        source="sample.jsonl",
        text=(
            "本报讯 3月4日上午,青山区在云溪会展中心举办乡村振兴论坛。"
            "青山区委书记、区长周明远出席并讲话。区委副书记陈雅主持。"
            "区委常委赵立、钱锋参加。记者 林晓"
        ),
    )
    a2 = Article(
        id="sample-2",
        title="周明远走访看望科技人才",
        date="2021-03-09",
        publication="青山日报",
        source="sample.jsonl",
        text="本报讯 3月9日,青山区委书记周明远到松岭社区走访看望李教授,区委常委赵立陪同。",
    )
    people = {n: Person(n) for n in ["周明远", "陈雅", "赵立", "钱锋", "林晓", "李教授"]}
    committee = Organization("青山区委")
    government = Organization("青山区政府")
    district = Organization("青山区", kind="place")
    venue = Organization("云溪会展中心", kind="place")
    community = Organization("松岭社区", kind="place")
    secretary = Post("青山区委", "书记")
    mayor = Post("青山区政府", "区长")
    deputy = Post("青山区委", "副书记")
    member = Post("青山区委", "常委")

    forum = Event(
        id=make_id("event", a1.id, "0"),
        article_id=a1.id,
        type="forum",
        label="乡村振兴论坛",
        evidence=_ev(a1, "青山区在云溪会展中心举办乡村振兴论坛"),
        date="2021-03-04",
        part_of_day="morning",
        location="云溪会展中心",
        organizer="青山区",
    )
    visit = Event(
        id=make_id("event", a2.id, "0"),
        article_id=a2.id,
        type="visit",
        label="走访看望李教授",
        evidence=_ev(a2, "到松岭社区走访看望李教授"),
        date="2021-03-09",
        location="松岭社区",
    )

    def part(event: Event, article: Article, name: str, role: str, order: int, quote: str) -> Participation:
        p = people[name]
        return Participation(event.id, p.id, name, "person", role, order, _ev(article, quote))

    e1 = Extraction(
        article=a1,
        persons=tuple(people[n] for n in ["周明远", "陈雅", "赵立", "钱锋", "林晓"]),
        organizations=(committee, government, district, venue),
        posts=(secretary, mayor, deputy, member),
        holds=(
            Holds(people["周明远"].id, secretary.id, _ev(a1, "青山区委书记、区长周明远"), a1.date),
            Holds(people["周明远"].id, mayor.id, _ev(a1, "青山区委书记、区长周明远"), a1.date),
            Holds(people["陈雅"].id, deputy.id, _ev(a1, "区委副书记陈雅"), a1.date),
            Holds(people["赵立"].id, member.id, _ev(a1, "区委常委赵立、钱锋"), a1.date),
            Holds(people["钱锋"].id, member.id, _ev(a1, "区委常委赵立、钱锋"), a1.date),
        ),
        events=(forum,),
        participations=(
            part(forum, a1, "周明远", "attended", 1, "周明远出席并讲话"),
            part(forum, a1, "周明远", "spoke", 1, "周明远出席并讲话"),
            part(forum, a1, "陈雅", "presided", 2, "区委副书记陈雅主持"),
            part(forum, a1, "赵立", "attended", 3, "区委常委赵立、钱锋参加"),
            part(forum, a1, "钱锋", "attended", 4, "区委常委赵立、钱锋参加"),
        ),
        authorships=(Authorship(people["林晓"].id, a1.id, "记者", _ev(a1, "记者 林晓")),),
    )
    e2 = Extraction(
        article=a2,
        persons=tuple(people[n] for n in ["周明远", "赵立", "李教授"]),
        organizations=(committee, community),
        posts=(secretary, member),
        holds=(
            Holds(people["周明远"].id, secretary.id, _ev(a2, "青山区委书记周明远"), a2.date),
            Holds(people["赵立"].id, member.id, _ev(a2, "区委常委赵立"), a2.date),
        ),
        events=(visit,),
        participations=(
            part(visit, a2, "周明远", "led", 1, "周明远到松岭社区走访看望李教授"),
            part(visit, a2, "李教授", "counterpart", 2, "走访看望李教授"),
            part(visit, a2, "赵立", "accompanied", 3, "区委常委赵立陪同"),
        ),
    )
    return [locate(e1), locate(e2)]


def tree_extractions() -> list[Extraction]:
    """An organization tree over two articles; the second adds a shortcut (a DAG)."""
    a = Article(id="tree-1", title="机构设置", text="青山区委下设办公室和组织部,办公室下设秘书科。", date="2021-05-01")
    b = Article(id="tree-2", title="秘书科", text="青山区委秘书科", date="2021-05-02")
    root = Organization("青山区委")
    return [
        Extraction(article=a, organizations=(
            root,
            Organization("青山区委办公室", parent="青山区委"),
            Organization("青山区委组织部", parent="青山区委"),
            Organization("青山区委办公室秘书科", parent="青山区委办公室"),
        )),
        Extraction(article=b, organizations=(root, Organization("青山区委办公室秘书科", parent="青山区委"))),
    ]


# (query name, params, expected rows) of every named query on samples + tree, the same
# on both engines
CASES = [
    ("who-attended", {"person": "周明远"}, [
        {"event": FORUM, "label": "乡村振兴论坛", "type": "forum", "date": "2021-03-04", "role": "attended",
         "location": "云溪会展中心", "evidence": "周明远出席并讲话"},
        {"event": FORUM, "label": "乡村振兴论坛", "type": "forum", "date": "2021-03-04", "role": "spoke",
         "location": "云溪会展中心", "evidence": "周明远出席并讲话"},
        {"event": VISIT, "label": "走访看望李教授", "type": "visit", "date": "2021-03-09", "role": "led",
         "location": "松岭社区", "evidence": "周明远到松岭社区走访看望李教授"},
    ]),
    ("who-attended", {"person": "无名氏"}, []),
    ("attendees", {"event": "乡村振兴论坛"}, [
        {"person": "周明远", "kind": "person", "role": "attended", "order": 1, "evidence": "周明远出席并讲话"},
        {"person": "周明远", "kind": "person", "role": "spoke", "order": 1, "evidence": "周明远出席并讲话"},
        {"person": "陈雅", "kind": "person", "role": "presided", "order": 2, "evidence": "区委副书记陈雅主持"},
        {"person": "赵立", "kind": "person", "role": "attended", "order": 3, "evidence": "区委常委赵立、钱锋参加"},
        {"person": "钱锋", "kind": "person", "role": "attended", "order": 4, "evidence": "区委常委赵立、钱锋参加"},
    ]),
    ("attendees", {"event": VISIT}, [
        {"person": "周明远", "kind": "person", "role": "led", "order": 1, "evidence": "周明远到松岭社区走访看望李教授"},
        {"person": "李教授", "kind": "person", "role": "counterpart", "order": 2, "evidence": "走访看望李教授"},
        {"person": "赵立", "kind": "person", "role": "accompanied", "order": 3, "evidence": "区委常委赵立陪同"},
    ]),
    ("posts", {"person": "周明远"}, [
        {"org": "青山区委", "title": "书记", "first_date": "2021-03-04", "last_date": "2021-03-09"},
        {"org": "青山区政府", "title": "区长", "first_date": "2021-03-04", "last_date": "2021-03-04"},
    ]),
    ("holders", {"org": "青山区委", "title": "常委"}, [
        {"person": "赵立", "org": "青山区委", "title": "常委", "first_date": "2021-03-04", "last_date": "2021-03-09"},
        {"person": "钱锋", "org": "青山区委", "title": "常委", "first_date": "2021-03-04", "last_date": "2021-03-04"},
    ]),
    ("holders", {"title": "区长"}, [
        {"person": "周明远", "org": "青山区政府", "title": "区长", "first_date": "2021-03-04", "last_date": "2021-03-04"},
    ]),
    ("holders", {"org": "青山区委"}, [
        {"person": "周明远", "org": "青山区委", "title": "书记", "first_date": "2021-03-04", "last_date": "2021-03-09"},
        {"person": "陈雅", "org": "青山区委", "title": "副书记", "first_date": "2021-03-04", "last_date": "2021-03-04"},
        {"person": "赵立", "org": "青山区委", "title": "常委", "first_date": "2021-03-04", "last_date": "2021-03-09"},
        {"person": "钱锋", "org": "青山区委", "title": "常委", "first_date": "2021-03-04", "last_date": "2021-03-04"},
    ]),
    ("co-attendance", {"min": 2}, [{"person_a": "周明远", "person_b": "赵立", "events": 2}]),
    ("co-attendance", {}, [
        {"person_a": "周明远", "person_b": "赵立", "events": 2},
        {"person_a": "周明远", "person_b": "李教授", "events": 1},
        {"person_a": "周明远", "person_b": "钱锋", "events": 1},
        {"person_a": "周明远", "person_b": "陈雅", "events": 1},
        {"person_a": "李教授", "person_b": "赵立", "events": 1},
        {"person_a": "赵立", "person_b": "钱锋", "events": 1},
        {"person_a": "赵立", "person_b": "陈雅", "events": 1},
        {"person_a": "钱锋", "person_b": "陈雅", "events": 1},
    ]),
    ("org-tree", {"org": "青山区委"}, [
        {"org": "青山区委办公室", "parent": "青山区委", "depth": 1},
        {"org": "青山区委办公室秘书科", "parent": "青山区委", "depth": 1},
        {"org": "青山区委组织部", "parent": "青山区委", "depth": 1},
        {"org": "青山区委办公室秘书科", "parent": "青山区委办公室", "depth": 2},
    ]),
    ("org-tree", {"org": "青山区委办公室"}, [{"org": "青山区委办公室秘书科", "parent": "青山区委办公室", "depth": 1}]),
    ("org-tree", {"org": "青山区委组织部"}, []),
]


def org_participant_extraction() -> Extraction:
    """An organization taking part in an event (kind "organization" in attendees)."""
    text = "青山区政府与云溪集团签约。"
    art = Article(id="org-1", title="签约", text=text, date="2021-06-01")
    ev = Evidence(art.id, 0, len(text) - 1, text[:-1], text)
    event = Event(make_id("event", art.id, "0"), art.id, "ceremony", "签约仪式", ev, date="2021-06-01")
    firm = Organization("云溪集团")
    who = Person("周明远")
    return Extraction(
        article=art, persons=(who,), organizations=(firm,), events=(event,),
        participations=(
            Participation(event.id, firm.id, firm.name, "organization", "counterpart", 2, ev),
            Participation(event.id, who.id, who.name, "person", "attended", 1, ev),
        ),
    )


def all_data() -> list[Extraction]:
    return sample_extractions() + tree_extractions()


# places: the two venues, and 青山区 (the organizations' place) up to 中国
EXPECTED = {
    "nodes": {"Person": 6, "Organization": 3, "Post": 4, "Event": 2, "Place": 6, "Article": 2},
    "relationships": {"HOLDS": 5, "POST_IN": 4, "SUB_ORGANIZATION_OF": 0, "PART_OF": 3, "IN_PLACE": 3,
                      "PARTICIPATED_IN": 8, "LOCATED_AT": 2, "ORGANIZED_BY": 1, "REPORTED_IN": 2, "AUTHORED": 1},
}
