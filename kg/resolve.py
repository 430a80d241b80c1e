"""The resolve stage: one node per real-world entity across a corpus.

- Organizations: names that differ only by a leading city/province (郑州高新区党工委 vs
  高新区党工委) or a company form (众智科技 vs 郑州众智科技股份有限公司) are one
  organization; the most frequent name is canonical, the others are its aliases. Each
  organization gets its parent when a shorter name it extends is a place or a known
  organization (枫杨办事处 → 枫杨办事处丁楼村 → 枫杨办事处丁楼村党支部). A party organ's
  spellings are one (越共中央 = 越南共产党中央委员会, ``kg.resolve_posts``); a name of the
  alias lexicon is canonical whatever the corpus writes most.
- Persons: mentions of one name are one person when their posts are compatible (they
  share an organization or a title, directly or through other articles); articles that
  give the name no post join the largest group. Groups with disjoint organizations are
  homonyms: each keeps its own id (``disambiguator`` = its main organization) and is
  reported. Foreign posts are compatible only within one country: 乍得总统穆罕默德 and
  阿联酋总统穆罕默德 are two persons (one article naming another country is enough).
- Posts: a bare 中央委员会 takes its holder's party, an implied Chinese post of a foreign
  leader becomes their country's (``kg.resolve_posts``).
- Places: each event's location and each organization's name are read against the
  gazetteer and the place lexicons (``kg.places.locate``), last, on the resolved names.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace

from kg.lexicon import Lazy, lazy_regex, lexicon, lexicon_list, org_aliases
from kg.model import Extraction, Holds, Organization, Person, Post
from kg.places import locate
from kg.resolve_posts import Overrides, central_overrides, country_of_org, implied_overrides, is_country_name, party_organ_key

_COMPANY_FORM = re.compile("(?:集团)?(?:股份)?有限(?:责任)?公司$|集团$")
# units whose name, as a prefix of a longer name, is that longer unit's parent
_PLACE_UNITS = Lazy(lambda: lexicon_list("org_words.txt", "parent_unit"))


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
_OWN_UNIT = lazy_regex("(?:[\u4e00-\u9fff]{1,3}族)*(?:{org_words.txt:own_level})|{org_words.txt:own_organ}")


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
    canonical_names = set(known_aliases.values())
    names = [known_aliases.get(n, n) for n in names]
    counts = Counter(names)
    cities = _cities_seen(counts)
    groups: dict[str, list[str]] = defaultdict(list)
    for name in counts:
        groups[_org_key(party_organ_key(name), cities)].append(name)
    mapping: dict[str, str] = {}
    for members in groups.values():
        # a canonical name of the alias lexicon first (中共中央, whatever the corpus
        # writes most); then the most frequent; ties go to the name without the place
        # prefix (shorter), except for companies, whose full registered name is kept; a
        # last tie goes to the smallest name, so the choice never depends on input order
        def rank(n: str) -> tuple[bool, int, int, str]:
            company = bool(_COMPANY_FORM.search(n))
            return (n not in canonical_names, -counts[n], -len(n) if company else len(n), n)

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
        if prefix in known or prefix.endswith(_PLACE_UNITS.value):
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
    person_ids, by_country = _person_ids(extractions, mapping)
    overrides = {**central_overrides(extractions, mapping, person_ids),
                 **implied_overrides(extractions, mapping, person_ids)}
    return [locate(_rewrite(e, mapping, aliases, known, person_ids, by_country, overrides)) for e in extractions]


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
) -> dict[str, list[tuple[str, set[str], set[str]]]]:
    """name -> [(disambiguator or "", article ids, foreign countries)]: union of articles
    sharing an org, a title or a foreign country."""
    posts_by_article: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    # name -> article -> the foreign countries of its posts, and those stated as the
    # country's name alone (乍得总统 穆罕默德: 乍得)
    countries: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    plain: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for e in extractions:
        posts = {p.id: p for p in e.posts}
        names = {p.id: p.name for p in e.persons}
        for person in e.persons:
            posts_by_article[person.name].setdefault(e.article.id, set())
        for h in e.holds:
            org = mapping.get(posts[h.post_id].org, posts[h.post_id].org)
            name, country = names[h.person_id], country_of_org(org)
            # an organization or a title in common makes two mentions compatible
            # (李显龙: 新加坡政府总理 / 新加坡总理); only disjoint posts tell homonyms apart;
            # a foreign title only within its country (乍得总统 ≠ 阿联酋总统)
            posts_by_article[name][e.article.id].update({org, f"title:{country or ''}:{posts[h.post_id].title}"})
            if country:  # one name's posts in one country are one person's (越南 / 越南社会主义共和国)
                posts_by_article[name][e.article.id].add("country:" + country)
                countries[name][e.article.id].add(country)
                if is_country_name(org):
                    plain[name][e.article.id].add(country)
    result: dict[str, list[tuple[str, set[str], set[str]]]] = {}
    for name, by_article in posts_by_article.items():
        # an article that gives the name posts of several countries names several people
        # (分别会见沙特王储穆罕默德、乍得总统穆罕默德): it joins no one by its posts
        multi = {a for a, cs in countries[name].items() if len(cs) > 1}
        single = {a: c for a, c in countries[name].items() if a not in multi}

        def of(table: dict[str, set[str]], cluster: set[str]) -> set[str]:
            return set().union(*(table.get(a, set()) for a in cluster))

        keyed = {a: set() if a in multi else keys for a, keys in by_article.items()}
        clusters = _join_implied_to_foreign(_share_a_key(keyed), keyed, single)
        clusters = _attach_multi(clusters, multi, countries[name], single)
        # a person is split off only when at least two articles attest the other
        # organization: one odd post is more likely a misreading than a homonym; of
        # foreign persons, one article naming another country alone is enough (乍得总统)
        with_orgs = [c for c in clusters if any(by_article[a] for a in c)]
        # largest first; equal sizes by their smallest article id: set and input order
        # (hash seed, a resumed ingest's order) must not decide who is the main person
        with_orgs.sort(key=lambda c: (-len(c), min(c)))
        main_countries = of(single, with_orgs[0]) if with_orgs else set()
        weak = [c for c in with_orgs[1:] if len(c) < 2 and not (
            main_countries and of(plain[name], c) and of(single, c).isdisjoint(main_countries))]
        with_orgs = [c for c in with_orgs if c not in weak]
        bare = set().union(*[c for c in clusters if not any(by_article[a] for a in c)], *weak)
        if len(with_orgs) <= 1:
            result[name] = [("", set(by_article), of(single, set(by_article)))]
            continue
        with_orgs[0] |= bare  # articles with no post cannot tell: the best-attested person
        labelled = []
        for i, cluster in enumerate(with_orgs):
            orgs = Counter(org for a in cluster for org in by_article[a] if not org.startswith(("title:", "country:")))
            # the most common organization; among equally common ones the smallest name
            # (Counter.most_common would keep the first seen: set iteration order)
            main = min(orgs.items(), key=lambda kv: (-kv[1], kv[0]))[0] if i and orgs else ""
            labelled.append((main, cluster, of(single, cluster)))
        result[name] = labelled
    return result


def _share_a_key(by_article: dict[str, set[str]]) -> list[set[str]]:
    """The articles joined by any key (organization, title) they have in common."""
    parent: dict[str, str] = {a: a for a in by_article}

    def find(a: str) -> str:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    first_with_key: dict[str, str] = {}
    for article, keys in by_article.items():
        for key in keys:
            if key in first_with_key:
                parent[find(article)] = find(first_with_key[key])
            else:
                first_with_key[key] = article
    clusters: dict[str, set[str]] = defaultdict(set)
    for article in by_article:
        clusters[find(article)].add(article)
    return list(clusters.values())


def _attach_multi(
    clusters: list[set[str]], multi: set[str], countries: dict[str, set[str]], single: dict[str, set[str]]
) -> list[set[str]]:
    """Each article naming people of several countries with one name goes to the
    best-attested person of one of its countries (its other posts: ``_foreign_holder``)."""
    out = [c for c in clusters if not c <= multi]
    for article in sorted(multi):
        near = [c for c in out if any(single.get(a, set()) & countries[article] for a in c)]
        if near:
            min(near, key=lambda c: (-len(c), min(c))).add(article)
        else:
            out.append({article})
    return out


def _join_implied_to_foreign(
    clusters: list[set[str]], by_article: dict[str, set[str]], countries: dict[str, set[str]]
) -> list[set[str]]:
    """Mentions with no foreign post that share a title with a foreign person's posts
    (莫兰迪总理, read as 国务院's, and 印度总理莫兰迪) join the best-attested such person,
    as they would join anyone's with that title; foreign persons of different countries
    stay apart."""
    def titles(cluster: set[str]) -> set[str]:
        return {k.split(":", 2)[2] for a in cluster for k in by_article[a] if k.startswith("title:")}

    foreign = [c for c in clusters if any(countries.get(a) for a in c)]
    if not foreign:
        return clusters
    foreign_titles = [titles(c) for c in foreign]
    out = list(foreign)
    # in order of the smallest article id, so the input order never decides
    for cluster in sorted((c for c in clusters if not any(countries.get(a) for a in c)), key=min):
        own = titles(cluster)
        same = [i for i, t in enumerate(foreign_titles) if own & t]
        if same:
            best = min(same, key=lambda i: (-len(foreign[i]), min(foreign[i])))
            out[best] |= cluster
        else:
            out.append(cluster)
    return out


PersonIds = dict[tuple[str, str], Person]


def _person_ids(extractions: Sequence[Extraction], mapping: dict[str, str]) -> tuple[PersonIds, PersonIds]:
    """(name, article id) -> the resolved Person, and (name, foreign country) -> the
    best-attested Person with posts of that country."""
    out: PersonIds = {}
    by_country: PersonIds = {}
    for name, clusters in _person_groups(extractions, mapping).items():
        for disambiguator, articles, countries in clusters:  # best attested first
            person = Person(name, disambiguator)
            for a in articles:
                out[(name, a)] = person
            for c in countries:
                by_country.setdefault((name, c), person)
    return out, by_country


def _foreign_holder(person: Person, org: str, by_country: PersonIds) -> Person:
    """Who holds a post in ``org``: the article's person, or the person of its country
    when the article names several people of that name (沙特王储 / 乍得总统穆罕默德)."""
    country = country_of_org(org)
    return by_country.get((person.name, country), person) if country else person


def _rewrite(
    e: Extraction,
    mapping: dict[str, str],
    aliases: dict[str, set[str]],
    known: set[str],
    person_ids: PersonIds,
    by_country: PersonIds,
    overrides: Overrides | None = None,
) -> Extraction:
    aid = e.article.id
    new_person = {p.id: person_ids.get((p.name, aid), p) for p in e.persons}
    new_post = {p.id: Post(mapping.get(p.org, p.org), p.title) for p in e.posts}
    holds, held_posts = [], []
    holders: dict[str, Person] = {}
    for h in e.holds:
        person, post = new_person[h.person_id], new_post[h.post_id]
        key = (person.id, post.org, post.title)
        if overrides and key in overrides:
            other = overrides[key]
            if other is None:
                continue  # a foreign leader's implied Chinese post: no post
            post = Post(*other)
        person = _foreign_holder(person, post.org, by_country)
        holders[person.id] = person
        holds.append(replace(h, person_id=person.id, post_id=post.id))
        held_posts.append(post)
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
        persons=tuple(dict.fromkeys([*new_person.values(), *holders.values()])),
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
