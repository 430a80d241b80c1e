"""The resolve stage: one node per real-world entity across a corpus.

- Organizations: names that differ only by a leading city/province (郑州高新区党工委 vs
  高新区党工委) or a company form (众智科技 vs 郑州众智科技股份有限公司) are one
  organization; the most frequent name is canonical, the others are its aliases. Each
  organization gets its parent when a shorter name it extends is a place or a known
  organization (枫杨办事处 → 枫杨办事处丁楼村 → 枫杨办事处丁楼村党支部).
- Persons: mentions of one name are one person when their posts are compatible (they
  share an organization, directly or through other articles); articles that give the
  name no post join the largest group. Groups with disjoint organizations are homonyms:
  each keeps its own id (``disambiguator`` = its main organization) and is reported.
- Places: each event's location and each organization's name are read against the
  gazetteer and the place lexicons (``kg.places.locate``), last, on the resolved names.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace

from kg.lexicon import lexicon, org_aliases
from kg.model import Extraction, Holds, Organization, Person, Post
from kg.places import locate

_COMPANY_FORM = re.compile("(?:集团)?(?:股份)?有限(?:责任)?公司$|集团$")
# units whose name, as a prefix of a longer name, is that longer unit's parent
_PLACE_UNITS = ("办事处", "街道", "社区", "村", "镇", "乡", "区", "县", "市", "省", "自治区", "自治州")


@dataclass(frozen=True)
class Homonym:
    """Two or more people sharing a name, told apart by their organizations."""

    name: str
    groups: tuple[tuple[str, tuple[str, ...]], ...]  # (disambiguator, article ids)


def _org_key(name: str, cities: set[str]) -> str:
    """What is left of an organization name without a leading place and a company form
    (``cities``: the cities the corpus names, ``_cities_seen``)."""
    lex = lexicon()
    key = name
    for place, full in lex.places.items():
        for form in {place, full}:
            if len(form) > 1 and key.startswith(form) and len(key) > len(form) + 1:
                if not _OWN_UNIT.match(key, len(form)):
                    key = key[len(form) :]
                break
    m = re.match("^([\u4e00-\u9fff]{2})市?(?=.{2,})", key)
    if m and m.group(1) + "市" in cities and not _OWN_UNIT.match(key, len(m.group(0))):
        key = key[len(m.group(0)) :]
    stripped = _COMPANY_FORM.sub("", key)
    return stripped if len(stripped) >= 2 else key


# After a place name, the place's own unit or organ (江苏|省委, 河内|市委, 广西|壮族自治区党委,
# 郑州|市政府): the organization is that place's, so the place is not a removable prefix;
# without this check every 省委 became one organization (江苏省委 = 广东省委).
_OWN_UNIT = re.compile(
    "(?:[\u4e00-\u9fff]{1,3}族)*(?:省|市|县|区|自治区|自治州|州|盟|旗|镇|乡)|党委|党工委|政府|人民政府|人大|政协|纪委|监委"
)


def _cities_seen(names: Counter[str]) -> set[str]:
    """The two-character cities (郑州市) that these organization names start with."""
    cities = {n[:3] for n in names if len(n) > 3 and n[2] == "市"}
    for n in names:  # 郑州高新区: a two-character city glued before one of its districts
        # (a lookup of the name minus its first two characters, not a scan of every pair)
        if n[2:] in names and re.match(".{1,4}[区县]", n[2:]):
            cities.add(n[:2] + "市")
    return cities


def canonical_orgs(names: Sequence[str]) -> dict[str, str]:
    """Map every organization name to its canonical form within this corpus."""
    known_aliases = org_aliases()
    names = [known_aliases.get(n, n) for n in names]
    counts = Counter(names)
    cities = _cities_seen(counts)
    groups: dict[str, list[str]] = defaultdict(list)
    for name in counts:
        groups[_org_key(name, cities)].append(name)
    mapping: dict[str, str] = {}
    for members in groups.values():
        # most frequent wins; ties go to the name without the place prefix (shorter),
        # except for companies, whose full registered name is kept; a last tie goes to
        # the smallest name, so the choice never depends on the order of the input
        def rank(n: str) -> tuple[int, int, str]:
            company = bool(_COMPANY_FORM.search(n))
            return (-counts[n], -len(n) if company else len(n), n)

        best = min(members, key=rank)
        for m in members:
            mapping[m] = best
    for other, canonical in known_aliases.items():
        mapping[other] = mapping.get(canonical, canonical)
    return mapping


def parent_of(name: str, known: set[str]) -> str | None:
    """The organization ``name`` is part of: the longest known prefix, else a place prefix."""
    for k in range(len(name) - 1, 1, -1):
        prefix = name[:k]
        if prefix in known or prefix.endswith(_PLACE_UNITS):
            return prefix
    return None


def resolve(extractions: Sequence[Extraction]) -> list[Extraction]:
    """Corpus-wide ids for organizations and persons, and places (see the module docstring)."""
    extractions = list(extractions)
    org_names = [o.name for e in extractions for o in e.organizations]
    org_names += [p.org for e in extractions for p in e.posts]
    mapping = canonical_orgs(org_names)
    aliases: dict[str, set[str]] = defaultdict(set)
    for name, canon in mapping.items():
        if name != canon:
            aliases[canon].add(name)
    known = set(mapping.values())
    person_ids = _person_ids(extractions, mapping)
    overrides = _foreign_overrides(extractions, mapping, person_ids)
    return [locate(_rewrite(e, mapping, aliases, known, person_ids, overrides)) for e in extractions]


# (resolved person id, canonical org, title) -> the post it really is, or None for no post
Overrides = dict[tuple[str, str, str], "tuple[str, str] | None"]


def _foreign_overrides(
    extractions: Sequence[Extraction], mapping: dict[str, str], person_ids: dict[tuple[str, str], Person]
) -> Overrides:
    """Posts in China's national bodies given to a foreign leader.

    A title alone implies China's organization: 总理 after a name is 国务院's, 国家主席 is
    China's 国家 (honorifics.txt). News writes 莫迪总理 and 国家主席武文赏 for foreign
    leaders too, once it has named their country elsewhere. A person whom the corpus
    states with posts of another country (the org starts with a country, countries.txt)
    at least as often as with posts in those bodies is that country's: the implied post
    is the foreign post with the same title (印度 总理; 越南 国家主席 for 国家 主席; the
    most stated of several), or no post when there is none.
    """
    lex = lexicon()
    implied = {mapping.get(o, o) for o in [*lex.honorifics.values(), "国家"]}
    foreign: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
    national: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
    for e in extractions:
        posts = {p.id: p for p in e.posts}
        names = {p.id: p.name for p in e.persons}
        for h in e.holds:
            post = posts[h.post_id]
            org = mapping.get(post.org, post.org)
            person = person_ids.get((names[h.person_id], e.article.id))
            if person is None:
                continue
            if org in implied:
                national[person.id][(org, post.title)] += 1
            elif lex.country_of(org):
                foreign[person.id][(org, post.title)] += 1
    out: Overrides = {}
    for pid, stated in foreign.items():
        held = national.get(pid)
        if not held or sum(stated.values()) < sum(held.values()):
            continue  # (one misread foreign post never takes a Chinese leader's posts)
        for org, title in held:
            same = [p for p in stated if p[1] in (title, org + title)]
            # the most stated one; equal counts by name, never by input order
            out[(pid, org, title)] = min(same, key=lambda p: (-stated[p], p)) if same else None
    return out


def homonyms(extractions: Sequence[Extraction]) -> list[Homonym]:
    """People who share a name but not an organization, as resolution keeps them apart."""
    mapping = canonical_orgs([p.org for e in extractions for p in e.posts])
    groups = _person_groups(extractions, mapping)
    out = []
    for name, clusters in sorted(groups.items()):
        if len(clusters) > 1:  # the first group (no disambiguator) is the best attested
            out.append(Homonym(name, tuple((c[0], tuple(sorted(c[1]))) for c in clusters)))
    return out


def _person_groups(
    extractions: Sequence[Extraction], mapping: dict[str, str]
) -> dict[str, list[tuple[str, set[str]]]]:
    """name -> [(disambiguator or "", article ids)]: union of articles sharing an org."""
    posts_by_article: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for e in extractions:
        posts = {p.id: p for p in e.posts}
        names = {p.id: p.name for p in e.persons}
        for person in e.persons:
            posts_by_article[person.name].setdefault(e.article.id, set())
        for h in e.holds:
            org = mapping.get(posts[h.post_id].org, posts[h.post_id].org)
            # an organization or a title in common makes two mentions compatible
            # (李显龙: 新加坡政府总理 / 新加坡总理); only disjoint posts tell homonyms apart
            posts_by_article[names[h.person_id]][e.article.id].update({org, "title:" + posts[h.post_id].title})
    result: dict[str, list[tuple[str, set[str]]]] = {}
    for name, by_article in posts_by_article.items():
        parent: dict[str, str] = {a: a for a in by_article}

        def find(a: str) -> str:
            while parent[a] != a:
                parent[a] = parent[parent[a]]
                a = parent[a]
            return a

        first_with_org: dict[str, str] = {}
        for article, orgs in by_article.items():
            for org in orgs:
                if org in first_with_org:
                    parent[find(article)] = find(first_with_org[org])
                else:
                    first_with_org[org] = article
        clusters: dict[str, set[str]] = defaultdict(set)
        for article in by_article:
            clusters[find(article)].add(article)
        # a person is split off only when at least two articles attest the other
        # organization: one odd post is more likely a misreading than a homonym
        with_orgs = [c for c in clusters.values() if any(by_article[a] for a in c)]
        # largest first; equal sizes by their smallest article id: set and input order
        # (hash seed, a resumed ingest's order) must not decide who is the main person
        with_orgs.sort(key=lambda c: (-len(c), min(c)))
        weak = [c for c in with_orgs[1:] if len(c) < 2]
        with_orgs = [c for c in with_orgs if c not in weak]
        bare = set().union(*[c for c in clusters.values() if not any(by_article[a] for a in c)], *weak)
        if len(with_orgs) <= 1:
            result[name] = [("", set(by_article))]
            continue
        with_orgs[0] |= bare  # articles with no post cannot tell: the best-attested person
        labelled = []
        for i, cluster in enumerate(with_orgs):
            orgs = Counter(org for a in cluster for org in by_article[a] if not org.startswith("title:"))
            # the most common organization; among equally common ones the smallest name
            # (Counter.most_common would keep the first seen: set iteration order)
            main = min(orgs.items(), key=lambda kv: (-kv[1], kv[0]))[0] if i and orgs else ""
            labelled.append((main, cluster))
        result[name] = labelled
    return result


def _person_ids(extractions: Sequence[Extraction], mapping: dict[str, str]) -> dict[tuple[str, str], Person]:
    """(name, article id) -> the resolved Person."""
    out: dict[tuple[str, str], Person] = {}
    for name, clusters in _person_groups(extractions, mapping).items():
        for disambiguator, articles in clusters:
            person = Person(name, disambiguator)
            for a in articles:
                out[(name, a)] = person
    return out


def _rewrite(
    e: Extraction,
    mapping: dict[str, str],
    aliases: dict[str, set[str]],
    known: set[str],
    person_ids: dict[tuple[str, str], Person],
    overrides: Overrides | None = None,
) -> Extraction:
    aid = e.article.id
    new_person = {p.id: person_ids.get((p.name, aid), p) for p in e.persons}
    new_post = {p.id: Post(mapping.get(p.org, p.org), p.title) for p in e.posts}
    holds = []
    for h in e.holds:
        person, post = new_person[h.person_id], new_post[h.post_id]
        key = (person.id, post.org, post.title)
        if overrides and key in overrides:
            other = overrides[key]
            if other is None:
                continue  # a foreign leader's implied Chinese post: no post
            post = Post(*other)
        holds.append(replace(h, person_id=person.id, post_id=post.id))
    posts = {p.id: p for p in [*new_post.values(), *(Post(*o) for o in (overrides or {}).values() if o)]}
    held_posts = [posts[h.post_id] for h in holds]
    gone = {p.org for p in new_post.values()} - {p.org for p in held_posts}
    used = {p.participant_name for p in e.participations} | {x for ev in e.events for x in (ev.location, ev.organizer)}
    orgs: dict[str, Organization] = {}
    for o in [o for o in e.organizations if mapping.get(o.name, o.name) not in gone or o.name in used] + [
        Organization(p.org) for p in held_posts
    ]:
        canon = mapping.get(o.name, o.name)
        if canon not in orgs:
            orgs[canon] = Organization(
                canon, tuple(sorted(aliases.get(canon, ()))), parent_of(canon, known), o.kind
            )
    org_id = {o.id: orgs[c].id for o in e.organizations if (c := mapping.get(o.name, o.name)) in orgs}
    parts = []
    for p in e.participations:
        if p.participant_kind == "person":
            pid = new_person.get(p.participant_id, None)
            parts.append(replace(p, participant_id=pid.id) if pid else p)
        else:
            name = mapping.get(p.participant_name, p.participant_name)
            parts.append(replace(p, participant_id=org_id.get(p.participant_id, p.participant_id), participant_name=name))
    authorships = tuple(replace(a, person_id=new_person[a.person_id].id) if a.person_id in new_person else a
                        for a in e.authorships)
    return replace(
        e,
        persons=tuple(dict.fromkeys(new_person.values())),
        posts=tuple(dict.fromkeys(held_posts)),
        organizations=tuple(orgs.values()),
        holds=_dedupe_holds(tuple(holds)),
        participations=tuple(parts),
        authorships=authorships,
    )


def _dedupe_holds(holds: tuple[Holds, ...]) -> tuple[Holds, ...]:
    seen: dict[tuple[str, str], Holds] = {}
    for h in holds:
        seen.setdefault((h.person_id, h.post_id), h)
    return tuple(seen.values())


__all__ = ["Homonym", "canonical_orgs", "homonyms", "parent_of", "resolve"]
