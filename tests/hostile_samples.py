"""Hostile extractions: names, titles, labels and ids that would break naive Cypher,
SPARQL or Turtle; the stores' and the RDF mapping's tests write them (fictional)."""

from __future__ import annotations

from kg.model import Article, Event, Evidence, Extraction, Holds, Organization, Participation, Person, Post, make_id

HOSTILE_PERSON = '"}) MATCH (n) DETACH DELETE n //'
HOSTILE_PERSON_2 = "> <x> ."
HOSTILE_ORG = '\\"; DROP SILENT ALL ; INSERT DATA { <a> <b> <c> } #'
HOSTILE_TITLE = '"""\n}} GRAPH <x> {'
HOSTILE_LABEL = 'x"@en . <a> <b> <c> . ?x'


def span(article: Article, quote: str) -> Evidence:
    start = article.text.index(quote)
    return Evidence(article.id, start, start + len(quote), quote, quote)


def hostile_extraction() -> Extraction:
    """Names, titles, labels and ids that would break naive Cypher, SPARQL or Turtle."""
    text = f"{HOSTILE_PERSON}与{HOSTILE_PERSON_2}出席{HOSTILE_LABEL}。{HOSTILE_ORG}{HOSTILE_TITLE}{HOSTILE_PERSON}"
    article = Article(id='evil" <id> }\n#1', title=HOSTILE_LABEL, text=text, date="2022-01-02")
    p1, p2 = Person(HOSTILE_PERSON), Person(HOSTILE_PERSON_2)
    org = Organization(HOSTILE_ORG, parent=HOSTILE_LABEL)
    post = Post(HOSTILE_ORG, HOSTILE_TITLE)
    event = Event(
        id="event:../<x> }", article_id=article.id, type="meeting", label=HOSTILE_LABEL,
        evidence=span(article, HOSTILE_LABEL), date="2022-01-02", location=HOSTILE_ORG,
    )
    return Extraction(
        article=article,
        persons=(p1, p2),
        organizations=(org,),
        posts=(post,),
        holds=(Holds(p1.id, post.id, span(article, HOSTILE_ORG + HOSTILE_TITLE + HOSTILE_PERSON), article.date),),
        events=(event,),
        participations=(
            Participation(event.id, p1.id, p1.name, "person", "attended", 1, span(article, HOSTILE_PERSON)),
            Participation(event.id, p2.id, p2.name, "person", "spoke", 2, span(article, HOSTILE_PERSON_2)),
        ),
    )


CYPHER_HOSTILE_TITLE = '"}) MATCH (n) DETACH DELETE n //'


HOSTILE_NAMES = ['周"}) DETACH DELETE n //', "O'Brien {x}", "back\\slash\\", "two\nlines\r\n", "nul\x00byte",
                 "`tick` $param", "{\"a\": [1]}"]


def hostile_names_extraction() -> Extraction:
    """Names with quotes, braces, backslashes, newlines and a NUL: data to a Cypher store."""
    text = "；".join(HOSTILE_NAMES) + "出席会议。"
    art = Article(id='hostile"}) //', title=CYPHER_HOSTILE_TITLE, text=text, date="2021-07-01", authors=(CYPHER_HOSTILE_TITLE,))
    ev = Evidence(art.id, 0, 3, text[:3], text)
    event = Event(make_id("event", art.id, "0"), art.id, "meeting", '会议"})', ev, location="\\\"}}", organizer="'; --")
    people = [Person(n) for n in HOSTILE_NAMES]
    post = Post('机构"})', "主任\\")
    return Extraction(
        article=art, persons=tuple(people), organizations=(Organization('机构"})', parent="上级\n机构"),),
        posts=(post,), holds=(Holds(people[0].id, post.id, ev, art.date),), events=(event,),
        participations=tuple(Participation(event.id, p.id, p.name, "person", "attended", i + 1, ev)
                             for i, p in enumerate(people)),
    )
