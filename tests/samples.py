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


def _ev(article: Article, quote: str) -> Evidence:
    start = article.text.index(quote)
    return Evidence(article.id, start, start + len(quote), quote, quote)


def sample_extractions() -> list[Extraction]:
    """Two fictional articles: a forum and a visit sharing one official."""
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
    return [e1, e2]
