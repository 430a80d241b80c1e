"""The extract stage: rules and lexicons (data under ``kg.schema``) over clean text.

``extract_article`` walks an article sentence by sentence: person mentions (title
chains, names), event triggers (a new event starts on a new date or a new kind of
activity), role cues; then it assembles an ``Extraction`` whose every fact carries
evidence mapped back into the original article text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.extract.dates import find_dates, year_in_text
from kg.extract.events import CLASS_OF_TYPE, Trigger, find_trigger
from kg.extract.orgs import OrgContext, aliases_of
from kg.extract.persons import PersonFinder, PersonMention
from kg.extract.roles import RoleFact, assign_roles, unit_actors
from kg.extract.sentences import sentence_spans
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
    year_known,
)
from kg.text import CleanText, clean_title

__all__ = ["extract_article"]


@dataclass
class _Draft:
    trigger: Trigger
    sentence: tuple[int, int]  # clean span of the trigger sentence
    date: str | None = None
    end_date: str | None = None
    inferred: bool = False
    part_of_day: str | None = None
    facts: list[tuple[RoleFact, tuple[int, int]]] = field(default_factory=list)

    @property
    def cls(self) -> str:
        return CLASS_OF_TYPE.get(self.trigger.type, "meeting")


class _Evidence:
    """Builds Evidence records: clean spans → raw spans of the article text."""

    def __init__(self, article: Article, clean: CleanText):
        self.article = article
        self.clean = clean
        # one string per sentence, shared by all its evidence: copying a long sentence
        # (an unpunctuated text) for each of its thousands of facts would be quadratic
        self._sentences: dict[tuple[int, int], str] = {}

    def __call__(self, start: int, end: int, sentence: tuple[int, int]) -> Evidence:
        raw_start, raw_end = self.clean.raw_span(start, end)
        quote = self._sentences.get(sentence)
        if quote is None:
            s_start, s_end = self.clean.raw_span(*sentence)
            quote = self._sentences[sentence] = self.article.text[s_start:s_end].strip()
        return Evidence(self.article.id, raw_start, raw_end, self.article.text[raw_start:raw_end], quote)


def _sentence_around(text: str, at: int, end: int) -> tuple[int, int]:
    """The span of the sentence of ``text`` holding ``at``, else ``(at, end)`` itself."""
    return next((span for span in sentence_spans(text) if span[0] <= at < span[1]), (at, end))


def extract_article(article: Article, text: CleanText, *, year: int | None = None) -> Extraction:
    """Extract persons, posts, events and participations from one article."""
    clean = text.text
    ctx = OrgContext(clean, title=clean_title(article.title))
    finder = PersonFinder(ctx)
    finder.known.update(a for a in article.authors)
    evidence = _Evidence(article, text)
    fallback_year = year or year_in_text(article.title + clean)

    mentions: list[tuple[PersonMention, tuple[int, int]]] = []
    bylines: list[tuple[PersonMention, tuple[int, int]]] = []
    drafts: list[_Draft] = []
    current: _Draft | None = None
    opinion = _is_opinion(article, clean)
    dateline = bool(_DATELINE.search(clean[:80]))
    for index, span in enumerate(sentence_spans(clean)):
        s, e = span
        sentence = clean[s:e]
        found = finder.find(sentence, s)
        mentions.extend((p, span) for p in found)
        bylines.extend((p, span) for p in found if p.byline)
        reporters = {p.name for p, _ in bylines}
        persons = [p for p in found if p.name not in reporters]
        dates = find_dates(sentence, reference=article.date, year=fallback_year)
        dated = next((d for d in dates if d.date), None)
        trigger = find_trigger(sentence, has_person=bool(persons))
        if trigger and current is None and (opinion or (index >= _LEAD_SENTENCES and not dateline)):
            # news reports its event after a dateline or in the lead; an event first met
            # deep inside an undated piece is background (an op-ed recalling a visit)
            trigger = None
        if trigger and current is not None and not persons:
            trigger = None  # after the first event, only an event with people is a new one
        if trigger and current is not None:
            same = _earlier_same(trigger, drafts)
            if same is not None and not dated:
                current = same  # 出席座谈会 again: back to the 座谈会 already seen
                trigger = None
        if trigger:
            new_date = dated.date if dated else None
            starts_new = (
                current is None
                or (new_date and current.date and new_date != current.date)
                or CLASS_OF_TYPE.get(trigger.type) != current.cls
            )
            if starts_new:
                draft = _Draft(trigger, span)
                if dated:
                    draft.date, draft.end_date = dated.date, dated.end_date
                    draft.inferred, draft.part_of_day = dated.inferred_year, dated.part_of_day
                elif current and not current.end_date and "期间" not in sentence:
                    draft.date, draft.inferred = current.date, current.inferred
                drafts.append(draft)
                current = draft
            else:
                if current.trigger.location is None and trigger.location:
                    current.trigger.location = trigger.location
        if current and dated and current.date is None and (not trigger or current is drafts[-1]):
            current.date, current.end_date = dated.date, dated.end_date
            current.inferred, current.part_of_day = dated.inferred_year, dated.part_of_day
        units = unit_actors(sentence, s, ctx, persons)
        facts = assign_roles(sentence, s, persons, units)
        for fact in facts:
            target = _draft_for(fact, drafts, current)
            if target is not None:
                target.facts.append((fact, span))
    return _assemble(article, mentions, drafts, evidence, bylines, ctx.written)


_LEAD_SENTENCES = 3
_OPINION_TITLE = re.compile(r"[（(](?:钟声|评论员|社论|短评|人民时评|今日谈|人民论坛|望海楼|国纪平)[）)]|评论员文章")
_DATELINE = re.compile(r"^.{0,40}?(?:本报讯|日电|电[）)]|消息(?:\([^)]*\))?[:：])")


def _is_opinion(article: Article, clean: str) -> bool:
    """Op-eds and commentary report no events: a commentary byline in the title, or no
    news dateline and the first person plural throughout."""
    if _OPINION_TITLE.search(article.title):
        return True
    return not _DATELINE.search(clean[:80]) and clean.count("我们") >= 3


def _earlier_same(trigger: Trigger, drafts: list[_Draft]) -> _Draft | None:
    """An event already seen that this trigger names again (same kind, same noun)."""
    cls = CLASS_OF_TYPE.get(trigger.type)
    for d in reversed(drafts):
        if d.cls == cls and (trigger.label in d.trigger.label or d.trigger.label in trigger.label):
            return d
    return None


def _draft_for(fact: RoleFact, drafts: list[_Draft], current: _Draft | None) -> _Draft | None:
    """The event a role fact belongs to: the latest event of the kind its cue names
    (陪同考察 → the inspection), else the current one."""
    if fact.role == "accompanied" and not fact.target and drafts:
        # "吴政隆陪同。" at the end of a trip report accompanies the whole trip
        for d in reversed(drafts):
            if d.cls == "tour":
                return d
    if fact.target and drafts:
        wanted = {"考察": "tour", "调研": "tour", "视察": "tour", "看望": "tour", "走访": "tour",
                  "慰问": "tour", "检查": "tour", "会见": "talks", "会谈": "talks"}.get(fact.target)
        if wanted:
            for d in reversed(drafts):
                if d.cls == wanted:
                    return d
    return current


def _attested_date(article: Article, drafts: list[_Draft]) -> str | None:
    """When the article attests a holding: its date, else its first dated event's."""
    # (a date without its year dates no holding: first and last dates compare years)
    return article.date or next((d.date for d in drafts if year_known(d.date) and d.facts), None)


def _assemble(
    article: Article,
    mentions: list[tuple[PersonMention, tuple[int, int]]],
    drafts: list[_Draft],
    evidence: _Evidence,
    bylines: list[tuple[PersonMention, tuple[int, int]]],
    written: dict[str, set[str]],
) -> Extraction:
    persons: dict[str, Person] = {}
    posts: dict[str, Post] = {}
    orgs: dict[str, Organization] = {}
    holds: dict[tuple[str, str], Holds] = {}
    attested = _attested_date(article, drafts)
    for m, span in mentions:
        person = persons.setdefault(m.name, Person(m.name))
        for org, title in m.posts:
            post = posts.setdefault(f"{org}\x1f{title}", Post(org, title))
            if org not in orgs:
                orgs[org] = Organization(org, tuple(dict.fromkeys([*aliases_of(org), *sorted(written.get(org, ()))])))
            key = (person.id, post.id)
            if key not in holds:
                # a post written after the name (云岭大学林晓峰教授) is quoted with its title
                holds[key] = Holds(person.id, post.id, evidence(m.chain_start, max(m.end, m.chain_end), span), attested)
    authorships = []
    for name in article.authors:
        person = persons.setdefault(name, Person(name))
        at = evidence.clean.text.find(name)
        ev = (
            evidence(at, at + len(name), _sentence_around(evidence.clean.text, at, at + len(name)))
            if at >= 0
            # the byline sits outside the body text: an empty span at its end, shared by
            # all authors (one evidence node), naming the byline in the sentence
            else Evidence(article.id, len(article.text), len(article.text), "", "byline: " + "、".join(article.authors))
        )
        authorships.append(Authorship(person.id, article.id, "byline", ev))
    for m, span in bylines:  # 本报北京11月30日电（记者李伟红、杨迅）
        if m.name in article.authors:
            continue
        person = persons.setdefault(m.name, Person(m.name))
        # the same span and sentence as any other fact on it: one evidence node per span
        ev = evidence(m.chain_start, m.end, span)
        if all(a.person_id != person.id for a in authorships):
            authorships.append(Authorship(person.id, article.id, "记者", ev))

    events: list[Event] = []
    participations: list[Participation] = []
    for index, d in enumerate(drafts):
        if not d.facts:
            continue  # an event nobody is reported taking part in is background, not news
        t = d.trigger
        event_id = make_id("event", article.id, str(index), t.label)
        s0, _ = d.sentence
        events.append(
            Event(
                id=event_id,
                article_id=article.id,
                type=t.type,  # type: ignore[arg-type]
                label=t.label,
                evidence=evidence(s0 + t.start, s0 + t.end, d.sentence),
                date=d.date,
                date_inferred=d.inferred,
                part_of_day=d.part_of_day,  # type: ignore[arg-type]
                end_date=d.end_date,
                location=t.location,
                organizer=t.organizer,
            )
        )
        order: dict[str, int] = {}
        seen: set[tuple[str, str]] = set()
        for fact, span in d.facts:
            a = fact.actor
            if (a.name, fact.role) in seen:
                continue
            seen.add((a.name, fact.role))
            order.setdefault(a.name, len(order) + 1)
            if a.kind == "person":
                pid = persons.setdefault(a.name, Person(a.name)).id
            else:
                pid = orgs.setdefault(a.name, Organization(a.name)).id
            participations.append(
                Participation(
                    event_id, pid, a.name, a.kind, fact.role, order[a.name],  # type: ignore[arg-type]
                    evidence(min(a.chain_start, a.start), max(fact.cue_end, a.end), span),
                )
            )
    for d in events:
        for place in (d.location, d.organizer):
            if place and place not in orgs:
                orgs[place] = Organization(place, kind="place" if place == d.location else "organization")
    return Extraction(
        article=article,
        persons=tuple(persons.values()),
        organizations=tuple(orgs.values()),
        posts=tuple(posts.values()),
        holds=tuple(holds.values()),
        events=tuple(events),
        participations=tuple(participations),
        authorships=tuple(authorships),
    )
