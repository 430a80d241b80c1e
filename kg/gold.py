"""Write extractions in the ``kg-gold/1`` shape (../shared/gold/README.md), so that a
prediction and a hand-made gold file compare field by field with ``kg eval``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from kg.model import Extraction


def article_to_gold(e: Extraction) -> dict:
    """One article: persons with posts, events with participants and units."""
    posts = {p.id: p for p in e.posts}
    person_posts: dict[str, list[dict]] = {p.id: [] for p in e.persons}
    for h in e.holds:
        post = posts[h.post_id]
        entry = {"org": post.org, "title": post.title}
        if entry not in person_posts.setdefault(h.person_id, []):
            person_posts[h.person_id].append(entry)
    events = []
    for ev in e.events:
        people: dict[str, list[str]] = {}
        units: dict[str, list[str]] = {}
        for p in sorted((p for p in e.participations if p.event_id == ev.id), key=lambda p: p.order):
            bucket = people if p.participant_kind == "person" else units
            bucket.setdefault(p.participant_name, []).append(p.role)
        events.append(
            {
                "label": ev.label,
                "date": ev.date,
                "location": ev.location,
                "organizer": ev.organizer,
                "participants": [{"name": n, "roles": r} for n, r in people.items()],
                "organizations": [{"name": n, "roles": r} for n, r in units.items()],
            }
        )
    return {
        "title": e.article.title,
        "authors": list(e.article.authors),
        "persons": [{"name": p.name, "posts": person_posts.get(p.id, [])} for p in e.persons],
        "events": events,
    }


def org_aliases(extractions: Iterable[Extraction]) -> dict[str, list[str]]:
    """Every organization with other names, as ``org_aliases`` (name -> other names)."""
    out: dict[str, list[str]] = {}
    for e in extractions:
        for o in e.organizations:
            if o.aliases:
                known = out.setdefault(o.name, [])
                known.extend(a for a in o.aliases if a not in known)
    return out


def to_gold(extractions: Sequence[Extraction], source: str = "") -> dict:
    """A ``kg-gold/1`` document for the articles of one run."""
    publication = next((e.article.publication for e in extractions if e.article.publication), None)
    years = sorted({ev.date[:4] for e in extractions for ev in e.events if ev.date and ev.date[:4].isdigit()})
    return {
        "format": "kg-gold/1",
        "source": Path(source).name if source else "",
        "publication": {"name": publication, "year": int(years[0]) if len(years) == 1 else None},
        "org_aliases": org_aliases(extractions),
        "articles": [article_to_gold(e) for e in extractions],
    }
