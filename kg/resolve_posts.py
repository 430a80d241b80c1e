"""Posts in the resolve stage: whose country a post is, one name per party organ, and
the posts a bare or implied organization really stands for.

- Country: a post's organization belongs to a foreign country when its name starts with
  one (countries.txt: 乍得, 越共中央 -> 越南) or its place is inside one (kg.places); a
  Chinese or international body has none. Resolution keeps one name's holders of
  different countries apart (``kg.resolve``).
- Party organs: ``中央委员会`` after a party's name is its ``中央`` (越南共产党中央委员会 =
  越南共产党中央), and a party's short and full names are one (party_names.txt: 越共 =
  越南共产党), so every spelling of one organ groups into one organization.
- Bare central committee: ``中央委员会总书记`` names the party of its holder's other posts
  (中共中央政治局常委、中央委员会总书记 -> 中共中央); with none, China's when the holder has
  no foreign post.
- Implied posts: a title alone implies a Chinese national body (``习近平总书记``); for a
  foreign leader the corpus names with a post of their country, it is that country's.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from functools import lru_cache

from kg.lexicon import lexicon, lexicon_list, lexicon_rows
from kg.model import Extraction, Person
from kg.places import CHINA, place_book

# (resolved person id, canonical org, title) -> the post it really is, or None for no post
Overrides = dict[tuple[str, str, str], "tuple[str, str] | None"]


@lru_cache(maxsize=1)
def _central_words() -> tuple[str, str, str]:
    """(中央委员会, 中央, 中共中央) from party_organs.txt: a central committee's written
    name, the short name it is read as, and China's. Read on first use, not at import,
    so that a broken lexicon is reported in one line and KG_LEXICON is honoured."""
    return tuple(lexicon_list("party_organs.txt", kind)[0]  # type: ignore[return-value]
                 for kind in ("central_committee", "central", "home_central"))


# a party's central committee at the start of an organ's name: 越共中央书记处 -> 越共中央
_PARTY_CENTRAL = re.compile("^(.+?(?:党|共))中央")


@lru_cache(maxsize=4096)
def country_of_org(org: str) -> str | None:
    """The foreign country ``org`` belongs to (乍得共和国 -> 乍得, 越共中央 -> 越南), or None
    for China's organizations and bodies of no country (联合国, 国务院)."""
    lex = lexicon()
    country = lex.countries.get(org) or lex.country_of(org)
    if country:
        return country
    book = place_book()
    place = book.org_place(org)
    for p in [place, *book.ancestors(place)] if place else []:
        if p.level == "country":
            return None if p.name == CHINA else p.name
    return None


def is_country_name(org: str) -> bool:
    """Whether ``org`` is a country's name alone (乍得, 阿联酋): the plainest foreign post."""
    return org in lexicon().countries


@lru_cache(maxsize=1)
def _party_forms() -> tuple[tuple[str, str], ...]:
    """(form, full name) of every party name form, longest first."""
    forms: dict[str, str] = {}
    for full, short in lexicon_rows("party_names.txt", 2):
        forms[full] = full
        for form in short.split(","):
            if form:
                forms.setdefault(form, full)
    return tuple(sorted(forms.items(), key=lambda kv: (-len(kv[0]), kv[0])))


def party_organ_key(name: str) -> str:
    """One spelling of a party organ's name: the party's full name for a short one and
    ``中央`` for ``中央委员会`` after a party (越共中央委员会政治局 -> 越南共产党中央政治局);
    other names unchanged."""
    for form, full in _party_forms():
        if name.startswith(form):
            name = full + name[len(form):]
            break
    committee, central, _ = _central_words()
    i = name.find(committee)
    if i > 0:  # a bare 中央委员会 (i == 0) has no party to belong to: see central_overrides
        name = name[:i] + central + name[i + len(committee):]
    return name


def central_committee(org: str) -> str | None:
    """The party central committee ``org`` belongs to (中共中央政治局 -> 中共中央), or None."""
    m = _PARTY_CENTRAL.match(org)
    return m.group(1) + _central_words()[1] if m else None


PersonIds = dict[tuple[str, str], Person]  # (name, article id) -> resolved person


def _held(extractions: Sequence[Extraction], mapping: dict[str, str], person_ids: PersonIds):
    """(resolved person, canonical org, title) of every holding."""
    for e in extractions:
        posts = {p.id: p for p in e.posts}
        names = {p.id: p.name for p in e.persons}
        for h in e.holds:
            post = posts[h.post_id]
            person = person_ids.get((names[h.person_id], e.article.id))
            if person is not None:
                yield person, mapping.get(post.org, post.org), post.title


def central_overrides(
    extractions: Sequence[Extraction], mapping: dict[str, str], person_ids: PersonIds
) -> Overrides:
    """Posts in a bare ``中央委员会`` (or ``中央``) given their party: the central committee
    of the holder's other posts (the most stated; equal counts by name), else 中共中央 for
    a holder with no foreign post. A foreign holder with no party post keeps it as written."""
    committees: dict[str, Counter[str]] = defaultdict(Counter)
    foreign: set[str] = set()
    bare: set[tuple[str, str, str]] = set()
    bare_forms, home = _central_words()[:2], _central_words()[2]
    for person, org, title in _held(extractions, mapping, person_ids):
        if org in bare_forms:  # a central committee without its party
            bare.add((person.id, org, title))
            continue
        if (committee := central_committee(org)) is not None:
            committees[person.id][mapping.get(committee, committee)] += 1
        if country_of_org(org):
            foreign.add(person.id)
    out: Overrides = {}
    for pid, org, title in bare:
        if committees.get(pid):
            party = min(committees[pid].items(), key=lambda kv: (-kv[1], kv[0]))[0]
        elif pid not in foreign:
            party = mapping.get(home, home)
        else:
            continue
        out[(pid, org, title)] = (party, title)
    return out


def implied_overrides(
    extractions: Sequence[Extraction], mapping: dict[str, str], person_ids: PersonIds
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
    for person, org, title in _held(extractions, mapping, person_ids):
        if org in implied:
            national[person.id][(org, title)] += 1
        elif lex.country_of(org):
            foreign[person.id][(org, title)] += 1
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


__all__ = ["Overrides", "central_committee", "central_overrides", "country_of_org",
           "implied_overrides", "is_country_name", "party_organ_key"]
