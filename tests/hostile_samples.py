"""Hostile extractions: names, titles, labels and ids that would break naive Cypher,
SPARQL or Turtle; the stores' and the RDF mapping's tests write them (fictional)."""

from __future__ import annotations

from kg.model import Article, Event, Evidence, Extraction, Holds, Organization, Participation, Person, Post

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
