"""Fictional articles whose events take place across the tree of places: a county inside
its prefecture (甘孜州康定市), 北京 written three ways, a venue and its hall, a district,
a city abroad, a venue no gazetteer knows, a place nobody can resolve, a date without
its year; and organizations named after their places."""

from __future__ import annotations

from kg.model import Article, Event, Evidence, Extraction, Organization, Participation, Person, Post, make_id
from kg.model import Holds

PEOPLE = {n: Person(n) for n in ["林晓峰", "赵立", "钱锋", "陈雅"]}


def _ev(article: Article, quote: str) -> Evidence:
    start = article.text.index(quote)
    return Evidence(article.id, start, start + len(quote), quote, quote)


def _article(aid: str, date: str | None, text: str,
             events: list[tuple[str, str | None, str | None, str, list[tuple[str, str]]]],
             orgs: tuple[str, ...] = (), holds: tuple[tuple[str, Post, str], ...] = ()) -> Extraction:
    """events: (label, date, location, quote, [(person, quote)]), each an event of type meeting."""
    art = Article(id=aid, title=f"云溪要闻{aid[-1]}", text=text, date=date)
    evs, parts, names = [], [], set()
    for i, (label, edate, location, quote, who) in enumerate(events):
        eid = make_id("event", aid, str(i))
        evs.append(Event(eid, aid, "meeting", label, _ev(art, quote), date=edate, location=location))
        for order, (name, q) in enumerate(who, 1):
            names.add(name)
            parts.append(Participation(eid, PEOPLE[name].id, name, "person", "attended", order, _ev(art, q)))
    # the extractor names each location as an organization of kind place, as kg.extract does
    located = tuple(Organization(e[2], kind="place") for e in events if e[2])
    posts = tuple({p.id: p for _, p, _ in holds}.values())
    return Extraction(
        article=art, persons=tuple(PEOPLE[n] for n in sorted(names | {n for n, _, _ in holds})),
        organizations=tuple(Organization(o) for o in orgs) + located, posts=posts, events=tuple(evs),
        participations=tuple(parts), holds=tuple(Holds(PEOPLE[n].id, p.id, _ev(art, q), date) for n, p, q in holds))


SECRETARY = Post("乡城县委", "书记")


def places_extractions() -> list[Extraction]:
    t1 = "5月10日,林晓峰在甘孜州康定市出席座谈会。乡城县委书记林晓峰讲话。"
    t2 = "6月20日,赵立在北京人民大会堂北大厅出席招待会。次日,赵立、钱锋在人民大会堂出席报告会。"
    t3 = "钱锋在北京市朝阳区出席调研会。陈雅在京出席推进会。"
    t4 = "7月1日,陈雅在北京出席纪念会。"
    t5 = "8月2日,林晓峰在美国纽约出席论坛。钱锋在云溪会展中心出席年会。赵立在这里出席茶话会。"
    return [
        _article("pl-1", "2021-05-10", t1, [("座谈会", "2021-05-10", "甘孜州康定市", "出席座谈会",
                                             [("林晓峰", "林晓峰在甘孜州康定市出席")])],
                 orgs=("乡城县委",), holds=(("林晓峰", SECRETARY, "乡城县委书记林晓峰"),)),
        _article("pl-2", "2021-06-20", t2, [
            ("招待会", "2021-06-20", "北京人民大会堂北大厅", "出席招待会", [("赵立", "赵立在北京人民大会堂北大厅出席")]),
            ("报告会", "2021-06-21", "人民大会堂", "出席报告会", [("赵立", "赵立、钱锋"), ("钱锋", "赵立、钱锋")])]),
        _article("pl-3", None, t3, [
            ("调研会", None, "北京市朝阳区", "出席调研会", [("钱锋", "钱锋在北京市朝阳区出席")]),
            ("推进会", None, "京", "出席推进会", [("陈雅", "陈雅在京出席")])]),
        _article("pl-4", None, t4, [("纪念会", "XXXX-07-01", "北京", "出席纪念会", [("陈雅", "陈雅在北京出席")])]),
        _article("pl-5", "2021-08-02", t5, [
            ("论坛", "2021-08-02", "美国纽约", "出席论坛", [("林晓峰", "林晓峰在美国纽约出席")]),
            ("年会", "2021-08-02", "云溪会展中心", "出席年会", [("钱锋", "钱锋在云溪会展中心出席")]),
            ("茶话会", "2021-08-02", "这里", "出席茶话会", [("赵立", "赵立在这里出席")])]),
    ]


def event_id(article: str, index: int) -> str:
    return make_id("event", article, str(index))


KANGDING, RECEPTION, REPORT = event_id("pl-1", 0), event_id("pl-2", 0), event_id("pl-2", 1)
CHAOYANG, IN_JING, YEARLESS = event_id("pl-3", 0), event_id("pl-3", 1), event_id("pl-4", 0)
NEW_YORK, EXPO, HERE = event_id("pl-5", 0), event_id("pl-5", 1), event_id("pl-5", 2)
