"""Organizations: restoring the prefixes a title chain leaves out, the article's
district and city, and lists of units taking part in an event.

``区党工委`` in a 高新区 paper is ``高新区党工委``; ``管委会`` after ``高新区党工委书记、``
is ``高新区管委会``; ``市长`` after ``上海市委书记…`` is ``上海市``'s head.
"""

from __future__ import annotations

import re
from collections import Counter

from kg.extract.boundaries import LEVEL_REPEAT, after_the_leader, chain_org, clean_org, former_post, names_no_unit, points_back, trim_left
from kg.extract.references import Referents
from kg.extract.names import is_cjk
from kg.extract.places import NOT_IN_PLACE, level_word, pick_places
from kg.gazetteer import gazetteer
from kg.lexicon import Lazy, Lexicon, lazy_regex, lexicon, lexicon_list, lexicon_regex, lexicon_set

CJK = "\u3400-\u9fff"


# what a party committee's name ends with (青山区委, 乡党委, 高新区党工委)
_PARTY_COMMITTEE = Lazy(lambda: lexicon_list("org_words.txt", "party_committee_end"))
_PEOPLE_END = Lazy(lambda: lexicon_list("org_words.txt", "people_end"))
_GENERIC_UNIT = lazy_regex("^(?:{org_words.txt:generic_unit_start}|.*有关部门|.*有关单位)")


class OrgContext:
    """Per-article knowledge used to complete organization names."""

    def __init__(self, text: str, lex: Lexicon | None = None, *, title: str = ""):
        self.lex = lex or lexicon()
        self.picks = pick_places(title, text, self.lex)
        self.places: dict[str, str] = dict(self.picks.places)  # generic word (区, 市, …) -> last named place
        if "市" not in self.places and (district := self.places.get("区")):
            # the city a district belongs to is written glued before it: 郑州高新区
            city = _most_common(re.findall(f"([{CJK}]{{2}}){re.escape(district)}", text))
            if city and not self.lex.name_stop_re.match(city) and not set(city) & NOT_IN_PLACE.value:
                self.places["市"] = city if city.endswith("市") else city + "市"
        self.default_places = dict(self.places)
        # organizations whose name was cleaned, with the forms the article wrote them in
        self.written: dict[str, set[str]] = {}
        self.referents = Referents()  # the last village and units named (该公司, 村党支部)
        # the unit words place_prefix strips, in the lexicon's order (longest first)
        self._units = tuple(u for u in self.lex.org_suffixes if u not in self.lex.generic_places)

    def new_sentence(self) -> None:
        """Places named in a chain hold for the rest of the article, but a sentence starts
        from the article-wide defaults when it names none itself."""

    def remember(self, org: str) -> None:
        """Record the place an organization belongs to (上海市委 -> 市: 上海市)."""
        prefix = self.place_prefix(org)
        if not prefix:
            return
        for g in self.lex.generic_places:
            if prefix.endswith(g) and len(prefix) > len(g):
                self.places[g] = prefix
                break

    def place_prefix(self, org: str) -> str:
        """``高新区党工委`` → ``高新区``: the organization with its unit words removed."""
        rest = org
        changed = True
        while changed and rest.endswith(self._units):  # (one test before trying each word)
            changed = False
            for s in self._units:
                if rest.endswith(s) and len(rest) > len(s):
                    rest = rest[: -len(s)]
                    changed = True
                    break
        for g in self.lex.generic_places:
            if rest.endswith(g) and len(rest) > len(g):
                return rest
        return ""

    def expand_generic(self, org: str, previous: str | None) -> str:
        """Replace a leading generic place word (区, 市, 自治区; 该镇, 我区) by the place it
        means, and a word pointing back (该公司, 村党支部) by the unit it names."""
        chain = self.lex.chain
        pointed = self.referents.resolve(org)
        if pointed != org:
            return pointed
        if org[:1] in lexicon_set("org_words.txt", "pointing_generic") and any(org.startswith(g, 1) for g in self.lex.generic_places):
            org = org[1:]  # 该镇党委 = the town's (the place named before)
        if any(org.startswith(w) for w in chain.get("not_place", ())):
            return org
        for g in self.lex.generic_places:
            if org.startswith(g) and len(org) > len(g):
                prev_place = self.place_prefix(previous) if previous else ""
                if prev_place.endswith(g):
                    return prev_place + org[len(g) :]
                place = self.places.get(g)
                if place:
                    return place + org[len(g) :]
                return org
        return org

    def resolve_chain(self, chain: list[tuple[str, str]]) -> list[tuple[str, str]]:
        """(raw org, title) elements of one title chain → (org, title) posts."""
        lex = self.lex
        rules = lex.chain
        posts: list[tuple[str, str]] = []
        previous: str | None = None
        for raw, title in chain:
            written = chain_org(raw)
            org = clean_org(after_the_leader(written))
            if names_no_unit(org, title):
                if former_post(org):
                    continue  # 前总统, 前政府总理: a former post is not a current one
                org = ""
            if LEVEL_REPEAT.search(written):  # 乡城县委, written 乡城县县委: one unit, two names
                self.written.setdefault(org, set()).add(clean_org(written, place_once=False))
            # rank words between org and title belong to the title (分管日常工作的副部长)
            if org and not lex.ends_with_org_suffix(org):
                cut = lex.org_suffix_end(org)
                tail = org[cut:]
                if any(tail.startswith(r) for r in rules.get("rank", ())) or (cut and tail.endswith("的")):
                    org, title = org[:cut], tail + title
                elif org.endswith("的") and previous is None:
                    org = ""  # 停职的总统, 遭扣押的总统: a clause describes the holder, no org names the post
            if org:
                # 丁楼村党 + 支部书记 → 丁楼村党支部 + 书记: when an org word spans the
                # boundary, the split belongs after it
                for k in range(1, len(title) - 1):
                    joined = org + title[:k]
                    if title[k:] in lex.titles and any(
                        joined.endswith(s) and len(s) > k for s in lex.org_suffixes
                    ):
                        org, title = joined, title[k:]
                        break
            org, title = self._foreign(org, title, previous)
            if not org and previous and title in rules.get("state", ()) and (country := lex.country_of(previous)):
                org = country  # 委内瑞拉统一社会主义党主席、总统: the country's, not the party's
            head = _head_level(title, rules.get("head", ()))
            if not org:
                if head:
                    prev_place = self.place_prefix(previous) if previous else ""
                    org = prev_place if level_word(prev_place) == head else self.places.get(head, head)
                elif previous and (organ := _party_organ(previous, rules)) and title not in rules.get("party_title", ()):
                    org = previous[: -len(organ)]  # 局党组书记、局长: the bureau's head, not its party group's
                elif previous:
                    org = previous
                if not org:
                    continue
            elif previous and org in rules.get("subunit", ()):
                body = next((previous[: -len(w)] for w in rules.get("sibling", ()) if previous.endswith(w)), "")
                org = (body or previous) + org
            elif title.endswith("部长") and org + "部" in rules.get("department", ()):
                # 组织部长 = 组织部 + 部长 (of the party committee before it, if any)
                org += "部"
                if previous and previous.endswith(_PARTY_COMMITTEE.value):
                    org = previous + org
            elif previous and org in rules.get("department", ()) and previous.endswith(_PARTY_COMMITTEE.value):
                org = previous + org  # 区委常委、宣传部部长: the district committee's department
            elif previous and org in lex.org_suffixes and org not in lex.generic_places:
                org = (self.place_prefix(previous) or "") + org
            else:
                org = self.expand_generic(org, previous)
            if title in rules.get("needs_org", ()) and not org:
                continue
            if org.endswith(lexicon_list("org_words.txt", "former_end")):
                continue  # 巴西前总统: a former post is not a current one
            if org in rules.get("foreign_organ", ()):
                continue  # 政府总理 with no country in the chain: whose government?
            if points_back(org):
                continue  # 该党秘书长, 其经济顾问: a unit named before that no rule could find
            org, by_title = self._unit_of_head(org, title, previous)
            if not (
                by_title or lex.ends_with_org_suffix(org) or lex.is_foreign_title(title) or org == "国家"
                or org in lex.countries
            ):
                continue
            if head and (org == head or level_word(org) == head):
                org += "政府"  # 区长 heads the district's government (东丽区政府 + 区长)
            posts.append((org, title))
            self.remember(org)
            previous = org
        return posts

    def _unit_of_head(self, org: str, title: str, previous: str | None) -> tuple[str, bool]:
        """A unit its head's title names (文艺科 + 科长, 宣传队 + 队长), and the unit a
        contracted title drops (公安局长 = 公安局 + 局长, after 副县长 the county's): the org,
        and whether the title vouches for it."""
        if not org or self.lex.ends_with_org_suffix(org):
            return org, False
        rules = self.lex.chain
        bare = next((title[len(r):] for r in sorted(rules.get("rank", ()), key=len, reverse=True)
                     if title.startswith(r)), title).removeprefix("副")
        if bare not in rules.get("unit_head", ()):
            return org, False
        unit = bare[0]
        if org.endswith(unit):
            return org, True
        if bare in rules.get("contracted_head", ()) and len(org) <= 4:
            return (self.place_prefix(previous) if previous else "") + org + unit, True
        return org, False

    def _foreign(self, org: str, title: str, previous: str | None) -> tuple[str, str]:
        """A post of another country: its whole name from the country list, and organs a
        foreign chain names without it restored from the organization before them."""
        lex = self.lex
        rules = lex.chain
        if len(org) == 1 and lex.is_foreign_title(title) and org in lex.countries:
            return lex.countries[org], title  # 以总理 = 以色列总理
        for word in rules.get("title_prefix", ()):
            if org.endswith(word) and len(org) > len(word):
                org, title = org[: -len(word)], word + title  # 美国当选总统
                break
        m = lex.country_re.match(org)
        if m and org[m.end() :] == "国家":
            return lex.countries[m.group(0)], "国家" + title  # 越南国家主席: not China's 国家
        country = lex.country_of(previous) if previous and org and not m else None
        if not country:
            return org, title
        # one person's chain: after a foreign post, the organs it names are that country's
        at = previous.find("中央", 1) if org.startswith("中央") else -1  # type: ignore[union-attr]
        if at > 0:
            return previous[:at] + org, title  # 越共中央书记处书记、中央办公厅主任
        if org == "国家":
            return country, "国家" + title  # 老挝人民革命党中央总书记、国家主席
        if org and not lex.country_of(org):
            return country + org, title  # 政府总理, 财政部部长, 内阁办公厅大臣 after 越南副总理兼
        return org, title

    def units(self, text: str) -> list[tuple[str, int, int]]:
        """Organizations in a list such as ``A、B和C等单位相关负责人``: (name, start, end).

        Generic units (各办事处, 有关部门) are left out; units without a place prefix
        inherit the prefix of the first unit (高新区各办事处、党群工作部 → 高新区党群工作部).
        """
        out: list[tuple[str, int, int]] = []
        prefix = ""  # the place before 各 (高新区各办事处) applies to the units after it
        for piece, start in self._list_items(text):
            name = trim_left(piece)  # 邀请国务院研究室, 据中国疾控中心: the clause's words go
            start += len(piece) - len(name)
            piece = name
            if _COUNTED_UNITS.match(name):
                continue  # 19个援疆省市, 5家党组: a count of units, not one
            if "各" in name[1:]:
                prefix = name[: name.index("各")]
            elif prefix and not name.startswith(prefix[:2]) and not self.place_prefix(name):
                # (a unit named after the place, 高新投控集团, already carries it)
                name = prefix + name
            if (
                _GENERIC_UNIT.match(name)
                or names_no_unit(name)
                or points_back(name)
                or "各" in name
                or name.endswith(_PEOPLE_END.value)
                or not self.lex.ends_with_org_suffix(name)
                or name in self.lex.org_suffixes  # 中央 alone (中央和国家机关…) is no unit
            ):
                continue
            out.append((self.expand_generic(name, None), start, start + len(piece)))
        return out


    def _list_items(self, text: str) -> list[tuple[str, int]]:
        """The items of a list of units with their starts; a 和 inside a name stays
        (文化和旅游部, 工业和信息化部: the words before it are no unit)."""
        items: list[tuple[str, int]] = []
        pos, joined = 0, False
        for piece in lexicon_regex("(、|{org_words.txt:list_joint})").split(text):
            start, pos = pos, pos + len(piece)
            if piece == "和" and items and len(items[-1][0]) <= 4 and is_cjk(items[-1][0]) \
                    and not self.lex.ends_with_org_suffix(items[-1][0]):
                items[-1], joined = (items[-1][0] + piece, items[-1][1]), True
            elif piece == "、" or piece in lexicon_set("org_words.txt", "list_joint") or not piece:
                continue
            elif joined and piece.endswith(lexicon_list("org_words.txt", "joined_unit_end")):  # 文化和旅游部, 国家粮食和物资储备局
                items[-1], joined = (items[-1][0] + piece, items[-1][1]), False
            elif joined:
                items[-1], joined = (items[-1][0].removesuffix("和"), items[-1][1]), False
                items.append((piece, start))
            else:
                items.append((piece, start))
        return items
_COUNTED_UNITS = lazy_regex("^(?:{org_words.txt:count_lead})?[0-9一二三四五六七八九十百几多]*(?:{org_words.txt:unit_counter})")


def aliases_of(org: str) -> tuple[str, ...]:
    """Other names the same unit goes by, by rule: a government, its 人民政府 form and its
    bare place are one unit (东丽区政府 = 东丽区人民政府 = 东丽区); a place written with the
    division above it is the same place's (甘肃省甘南藏族自治州州委 = 甘南藏族自治州州委)."""
    out: list[str] = []
    if org.endswith("政府"):
        place = org.removesuffix("人民政府") if org.endswith("人民政府") else org.removesuffix("政府")
        if place and level_word(place):
            out += [place + "政府", place + "人民政府", place]
    for m in gazetteer().scan(org[:12])[:1]:
        rest = org[m.end :]
        if m.start == 0 and rest and m.division.level != "county" and gazetteer().match_at(org, m.end):
            out.append(rest)  # a higher division glued before a lower one
    return tuple(a for a in dict.fromkeys(out) if a != org)


def _head_level(title: str, heads: frozenset[str]) -> str:
    """The level word of a head-of-government title (常务副区长 -> 区, 代县长 -> 县), else ""."""
    core = title
    ranks = lexicon_list("org_words.txt", "rank_prefix")
    while core.startswith(ranks):
        for rank in ranks:
            core = core.removeprefix(rank)
    return core[:-1] if core in heads else ""


def _party_organ(org: str, rules: dict[str, frozenset[str]]) -> str:
    """The party organ a unit's name ends with (教育局党组 -> 党组), else ""."""
    return next((w for w in sorted(rules.get("party_organ", ()), key=len, reverse=True)
                 if org.endswith(w) and len(org) > len(w)), "")


def _most_common(items: list[str]) -> str | None:
    if not items:
        return None
    return Counter(items).most_common(1)[0][0]
