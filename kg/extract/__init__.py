"""The extract stage: rules and lexicons (data under ``kg.schema``) over clean text.

``extract_article`` walks an article sentence by sentence: person mentions (title
chains, names), event triggers (a new event starts on a new date or a new kind of
activity), role cues; then it assembles an ``Extraction`` whose every fact carries
evidence mapped back into the original article text.
"""

from __future__ import annotations

import re
from datetime import date

from kg.extract.dates import find_dates, opens_sentence, year_in_text
from kg.lexicon import Lazy, lazy_regex, lexicon, lexicon_list, lexicon_words_tuple
from kg.extract.drafting import Draft, EventDrafts
from kg.extract.events import find_triggers
from kg.extract.orgs import OrgContext, aliases_of
from kg.extract.persons import PersonFinder, PersonMention
from kg.extract.roles import assign_roles, speech_start, unit_actors, visited_units, welcome_at, welcome_speeches
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
    events = EventDrafts()
    opinion = _is_opinion(article, clean)
    dateline = bool(_DATELINE.search(clean[:80]))
    in_speech = False  # inside a paragraph's reported speech (X表示，…。…。)
    officials: set[str] = set()  # persons named with a post so far
    for index, span in enumerate(sentence_spans(clean)):
        s, e = span
        sentence = clean[s:e]
        if s == 0 or "\n" in clean[max(0, s - 2) : s + 1]:
            in_speech = False  # a new paragraph is narrative again
            events.new_paragraph()
        found = finder.find(sentence, s)
        mentions.extend((p, span) for p in found)
        bylines.extend((p, span) for p in found if p.byline)
        reporters = {p.name for p, _ in bylines}
        persons = [p for p in found if p.name not in reporters]
        dates = find_dates(sentence, reference=article.date, year=fallback_year)
        dated = next((d for d in dates if d.date), None)
        if not persons and events.current is not None:
            persons = _carried_subject(sentence, s, events.current)  # 随后来到X主持召开座谈会
        triggers = find_triggers(sentence, has_person=bool(persons))
        # a dated sentence moves the narrative to its day when it names an activity, even
        # one that is no event for want of people (23日下午，考察组一行赴…), or an official
        # does something (23日，李强先后来到…); not a feature's 8月3日，游客X来到…
        if persons:
            officials.update(p.name for p in persons if p.posts)
        activity = bool(triggers) or bool(dated and opens_sentence(dated, sentence) and (
            any(p.name in officials for p in persons) or not persons and find_triggers(sentence, has_person=True)))
        if triggers and events.current is None and (
            opinion or (index >= _LEAD_SENTENCES and not dateline and not _reported_event(sentence, persons, dates, article.date, s))
        ):
            # news reports its event after a dateline or in the lead; an event first met
            # deep inside an undated piece is background (an op-ed recalling a visit)
            # unless the feature reports it as news does: a dated official taking part
            triggers = []
        if triggers and events.current is None:
            # 在X会上，…: the scene of a part of a report, not a report of its own (a
            # feature recalling what was said at a conference)
            triggers = [t for t in triggers if not t.scene]
        if triggers and events.current is not None and not persons:
            # after the first event, only an event with people is a new one (or one
            # done by the two sides of the talks before: 两国元首共同见证签署)
            triggers = [t for t in triggers if t.both_sides]
        if in_speech and not _narrative_start(sentence, persons, s, dates):
            continue  # what a speaker went on to say: its people take part in no event
        kept = events.on_sentence(triggers, span, sentence, {p.name for p in persons}, dated,
                                  activity=activity)
        units = unit_actors(sentence, s, ctx, persons)
        facts = assign_roles(sentence, s, persons, units)
        if not kept and events.elsewhere():
            # another day's doings told without an event of their own join no event; only
            # 在A陪同下 goes with the trip it accompanies, as a plain 陪同 does
            facts = [f for f in facts if f.role == "accompanied"]
        if events.current is not None and events.current.trigger.type in ("meeting", "forum"):
            facts += welcome_speeches(sentence, s, persons, facts)
        if facts and any(f.role == "led" for f in facts) or events.current is not None and events.current.cls == "tour":
            facts += visited_units(sentence, s, ctx)  # (the units a tour goes to)
        events.place_facts(facts, span, kept)
        in_speech = speech_start(sentence) < len(sentence)
    return _assemble(article, mentions, events.drafts, evidence, bylines, ctx.written)


_LEAD_SENTENCES = 3
_RECENT_DAYS = 92  # how long before its publication a feature still reports an event
_QUOTED = re.compile("“[^”]*”")
# a time as news states it, without a day: 8月上旬，… 近日，…
_NEWS_TIME = lazy_regex(r"(?:\d{1,2}月(?:{date_words.txt:month_part})|{date_words.txt:news_time})[,，]")
_OPINION_TITLE = lazy_regex(r"[（(](?:{report_words.txt:opinion_column})[）)]|评论员文章")
_DATELINE = lazy_regex(r"^.{0,40}?(?:{report_words.txt:dateline}|电[）)]|消息(?:\([^)]*\))?[:：])")


_NARRATIVE_VERB = lazy_regex(r"(?:\d{1,2}日)?(?:{date_words.txt:clock_part})?(?:{report_words.txt:narrative_adverb})?"
                             "(?:{report_words.txt:narrative_verb})")


_WHEN = Lazy(lambda: lexicon_list("report_words.txt", "event_time"))


def _narrative_start(sentence: str, persons: list[PersonMention], base: int, dates: list) -> bool:
    """Whether a sentence inside a paragraph of remarks is the report's again: it starts
    with a person, a date, a narrative word (随后, 会上; narrative_starts.txt) or 在…时."""
    lead = len(sentence) - len(sentence.lstrip())
    if any(d.start <= lead for d in dates):
        return True
    first = next((p for p in persons if p.chain_start - base <= lead), None)
    if first is not None and welcome_at(sentence, first.end - base):
        return True  # X代表Y对Z表示欢迎: the report's words for a speech, not the remarks
    if first is not None and first.chain_end <= first.end:  # (习近平主席…: a remark's form)
        if _NARRATIVE_VERB.match(sentence, first.end - base):
            return True  # 林国栋来到…: a person doing something, not a person in the remarks
        if lexicon().cue_re.search(sentence, 0, speech_start(sentence)):
            return True  # 副主席A，B，C出席并发言: a list of people with their role
    body = sentence[lead:]
    if body.startswith(lexicon_words_tuple("narrative_starts.txt")) or lexicon().cue_re.match(body):
        return True  # 随后，…; 出席签约仪式的领导有…
    clause = re.split("[，,]", body, maxsplit=1)[0]
    if len(clause) <= 12 and clause != body and (
        body.startswith("在") or (clause.endswith(_WHEN.value) and lexicon().event_noun_re.search(clause))
    ):
        return True  # 在白鹿镇，签约仪式之前，座谈会上，: a fronted place or an event's time (not 不久前)
    if body.startswith("在") and clause.endswith(("上", "期间")) and lexicon().event_noun_re.search(clause):
        return True  # 在泸县—乡城县对口帮扶工作座谈会上，: at an event, however long its name
    return body.startswith("在") and "时" in clause  # 在看望X时


_SAME_SUBJECT = lazy_regex(r"(?:{report_words.txt:same_subject})[,，]?")


def _carried_subject(sentence: str, base: int, current: Draft) -> list[PersonMention]:
    """The people a subjectless sentence goes on about: after 随后/接着/会后 a narrative verb
    with no one before it (随后来到东峤镇主持召开座谈会) has the current event's leaders
    (its led, else presided) as subject. Each is a mention of no characters where the
    subject would stand: the facts quote the sentence and point at that spot."""
    lead = len(sentence) - len(sentence.lstrip())
    m = _SAME_SUBJECT.match(sentence, lead)
    if m is None or not _NARRATIVE_VERB.match(sentence, m.end()):
        return []
    for role in ("led", "presided"):
        names = list(dict.fromkeys(f.actor.name for f, _ in current.facts if f.role == role and f.actor.kind == "person"))
        if names:
            at = base + m.end()
            return [PersonMention(name, at, at, at) for name in names]
    return []


def _reported_event(sentence: str, persons: list[PersonMention], dates: list, published: str | None,
                    base: int) -> bool:
    """Whether a sentence deep inside a feature reports an event as news does: it opens on
    a day or a time as news gives it (9月7日，…, 8月上旬，…, 近日，…) and a person with
    a post takes part in it by a role cue (``base``: where the sentence starts in the
    article, as the persons' spans count)."""
    lead = len(sentence) - len(sentence.lstrip())
    # the day opens the sentence or follows its subject (吕梁市委书记X6月7日晚赶到…)
    first_clause = min((i for i in (sentence.find(c, lead) for c in ",;:") if i >= 0), default=len(sentence))
    opening = next((d for d in dates if d.date and (opens_sentence(d, sentence) or (
        d.start < first_clause and any(p.end - base == d.start for p in persons)))), None)
    if opening is None and not _NEWS_TIME.match(sentence, lead):
        return False
    if opening is not None and published and year_known(opening.date) and _days_between(opening.date, published) > _RECENT_DAYS:
        return False  # 2015年5月26日 in a 2017 feature: a visit recalled, not reported
    return any(p.posts for p in persons) and bool(lexicon().cue_re.search(sentence))


def _days_between(earlier: str, later: str) -> int:
    return (date.fromisoformat(later[:10]) - date.fromisoformat(earlier[:10])).days


def _is_opinion(article: Article, clean: str) -> bool:
    """Op-eds and commentary report no events: a commentary byline in the title, or no
    news dateline and the first person plural throughout, outside quotes."""
    if _OPINION_TITLE.search(article.title):
        return True
    # (我们 inside quotes is a speaker's: a feature quoting people is no op-ed)
    return not _DATELINE.search(clean[:80]) and _QUOTED.sub("", clean).count("我们") >= 3


def _attested_date(article: Article, drafts: list[Draft]) -> str | None:
    """When the article attests a holding: its date, else its first dated event's."""
    # (a date without its year dates no holding: first and last dates compare years)
    return article.date or next((d.date for d in drafts if year_known(d.date) and d.facts), None)


def _assemble(
    article: Article,
    mentions: list[tuple[PersonMention, tuple[int, int]]],
    drafts: list[Draft],
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
