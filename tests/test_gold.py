"""kg.gold: extractions written in the kg-gold/1 shape (../shared/gold/README.md), on
hand-built records so these tests do not depend on the extractor's accuracy."""

from __future__ import annotations

import json

from samples import sample_extractions

from kg.evaluate import score
from kg.gold import article_to_gold, to_gold
from kg.model import Article, Event, Evidence, Extraction, Holds, Organization, Participation, Person, Post


def _ev(article: Article, quote: str) -> Evidence:
    start = article.text.index(quote)
    return Evidence(article.id, start, start + len(quote), quote, quote)


def meeting_extraction(date: str | None = "2021-06-03") -> Extraction:
    """A meeting with a person holding two posts (one attested twice) and two units."""
    a = Article(
        id="m1",
        title="云溪高新区召开科技创新推进会",
        text="区党工委书记、管委会主任吴海波出席并讲话。区科技局、区财政局等单位相关负责人参会。",
        date="2021-06-05",
        publication="云溪高新时报",
        authors=("林晓",),
    )
    wu, lin = Person("吴海波"), Person("林晓")
    p1, p2 = Post("云溪高新区党工委", "书记"), Post("云溪高新区管委会", "主任")
    chain = _ev(a, "区党工委书记、管委会主任吴海波")
    ev = Event("ev1", a.id, "meeting", "科技创新推进会", _ev(a, "出席"), date=date, organizer="云溪高新区")
    tech, fin = Organization("云溪高新区科技局"), Organization("云溪高新区财政局")
    units = _ev(a, "区科技局、区财政局等单位相关负责人参会")
    return Extraction(
        article=a,
        persons=(wu, lin),
        organizations=(tech, fin),
        posts=(p1, p2),
        holds=(
            Holds(wu.id, p1.id, chain),
            Holds(wu.id, p2.id, chain),
            Holds(wu.id, p1.id, _ev(a, "书记")),  # the same post attested twice
        ),
        events=(ev,),
        participations=(
            Participation(ev.id, tech.id, tech.name, "organization", "attended", 2, units),
            Participation(ev.id, wu.id, "吴海波", "person", "spoke", 1, _ev(a, "吴海波出席并讲话")),
            Participation(ev.id, wu.id, "吴海波", "person", "attended", 1, _ev(a, "吴海波出席")),
            Participation(ev.id, fin.id, fin.name, "organization", "attended", 3, units),
        ),
    )


def test_article_to_gold_shape():
    g = article_to_gold(meeting_extraction())
    assert g == {
        "title": "云溪高新区召开科技创新推进会",
        "authors": ["林晓"],
        "persons": [
            {
                "name": "吴海波",
                "posts": [{"org": "云溪高新区党工委", "title": "书记"}, {"org": "云溪高新区管委会", "title": "主任"}],
            },
            {"name": "林晓", "posts": []},
        ],
        "events": [
            {
                "label": "科技创新推进会",
                "date": "2021-06-03",
                "location": None,
                "organizer": "云溪高新区",
                "participants": [{"name": "吴海波", "roles": ["spoke", "attended"]}],
                "organizations": [
                    {"name": "云溪高新区科技局", "roles": ["attended"]},
                    {"name": "云溪高新区财政局", "roles": ["attended"]},
                ],
            }
        ],
    }


def test_participants_come_in_order_of_mention():
    (e1, e2) = sample_extractions()
    g = article_to_gold(e2)
    assert [p["name"] for p in g["events"][0]["participants"]] == ["周明远", "李教授", "赵立"]
    assert g["events"][0]["participants"][1] == {"name": "李教授", "roles": ["counterpart"]}
    g1 = article_to_gold(e1)
    assert g1["events"][0]["participants"][0] == {"name": "周明远", "roles": ["attended", "spoke"]}


def test_to_gold_document():
    doc = to_gold(sample_extractions(), "some/dir/qingshan.jsonl")
    assert doc["format"] == "kg-gold/1"
    assert doc["source"] == "qingshan.jsonl"
    assert doc["publication"] == {"name": "青山日报", "year": 2021}
    assert doc["org_aliases"] == {}
    assert [a["title"] for a in doc["articles"]] == ["青山区举办乡村振兴论坛", "周明远走访看望科技人才"]
    json.dumps(doc, ensure_ascii=False)  # plain JSON data


def test_to_gold_year_is_none_when_events_span_several_years():
    a = meeting_extraction("2020-12-30")
    b = meeting_extraction("2021-01-02")
    assert to_gold([a, b])["publication"]["year"] is None


def test_to_gold_year_is_none_without_dated_events():
    assert to_gold([meeting_extraction(None)])["publication"]["year"] is None


def test_to_gold_of_nothing():
    assert to_gold([]) == {
        "format": "kg-gold/1",
        "source": "",
        "publication": {"name": None, "year": None},
        "org_aliases": {},
        "articles": [],
    }


def test_a_gold_document_scores_perfectly_against_itself():
    doc = to_gold([*sample_extractions(), meeting_extraction()], "x.jsonl")
    report = score(doc, doc)
    assert report.core.f1 == 1.0
    assert all(c.fp == c.fn == 0 for c in report.counts.values())
