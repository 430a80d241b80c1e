"""Roles: who presided, spoke, attended, led, was met or accompanied, in one sentence.

People (and units) mentioned together form a group; the role cues that follow a group,
up to the next group, apply to each of its members (``A、B出席并讲话``). The object of a
visit or talks verb is the counterpart (``看望余丽``, ``会见尹锡悦``, ``同科拉尔举行会谈``).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate

from kg.lexicon import Lazy, Lexicon, lazy_regex, lexicon, lexicon_list, lexicon_regex, lexicon_set, lexicon_words, lexicon_words_tuple
from kg.extract.orgs import OrgContext
from kg.extract.persons import PersonMention

_OBJECT_VERBS = Lazy(lambda: lexicon_list("role_words.txt", "object_verb"))
# 同/与 opening the clause of a talks counterpart, with a description before the name
# (同来华出席峰会的津巴布韦总统姆南加古瓦举行会谈); not 陪同, 共同, 同时, 同志
_WITH_BEFORE = lazy_regex("(?<!{role_words.txt:not_with_before})(?:同|与)(?!{role_words.txt:not_with_after})"
                          "(?:[^，,。；;]*的|(?:{role_words.txt:title_status}))$")
_UNIT_HEAD = re.compile("(?:等单位)?(?:的)?(?:相关|有关)?(?:主要)?(?:负责人|负责同志)")
_CLAUSE_BREAK = set(",，。；;：:\n")
# what may stand between the members of one group (A、B和C以及D)
_LIST_JOINS = Lazy(lambda: "、,， " + "".join(lexicon_list("org_words.txt", "list_joint")))
_CLAUSE_BREAK_RE = re.compile("[,，。；;：:\n]")
# Reported speech: after 表示, / 指出: the rest of the sentence is what was said.
SPEECH = lazy_regex("(?:{role_words.txt:speech_verb})[,，:：]")


def speech_start(sentence: str) -> int:
    """Where reported speech begins in a sentence (its length when there is none)."""
    m = SPEECH.search(sentence)
    return m.start() if m else len(sentence)


# X代表Y(对Z)表示欢迎: a welcome or thanks said on behalf of a body
# (代表Y对Z表示欢迎; 对Z…给予了肯定，对W表示感谢: within one sentence, commas and all)
_WELCOME = lazy_regex("(?:代表|对)[^。；;]{1,80}?表示(?:{role_words.txt:welcome})")


def welcome_at(sentence: str, pos: int) -> re.Match[str] | None:
    """代表…/对… 表示欢迎/感谢 starting at ``pos`` (right after a name), if it does."""
    return _WELCOME.match(sentence, pos)


def welcome_speeches(sentence: str, base: int, persons: list, facts: list[RoleFact]) -> list[RoleFact]:
    """Inside a meeting, the person who 代表… 表示欢迎/感谢 right after their name spoke
    (区委书记X代表区委、区政府对客人表示欢迎)."""
    out = []
    for p in persons:
        m = welcome_at(sentence, p.end - base)
        if m and not any(f.role == "spoke" and f.actor.name == p.name for f in facts):
            out.append(RoleFact(Actor("person", p.name, p.start, p.end, p.chain_start), "spoke", base + m.end()))
    return out


def _speech_verb_end(sentence: str) -> int:
    """Where the verb that opens reported speech ends (在会上表示, 介绍说: cues themselves)."""
    m = SPEECH.search(sentence)
    return m.end() - 1 if m else len(sentence)
# 来到X家中: a home visited makes its owner the counterpart
_HOME_AFTER = re.compile("家(?:中|里|[,，])")
# 代表X(总书记和党中央)看望: on whose behalf, not a participant
_ON_BEHALF = Lazy(lambda: lexicon_list("role_words.txt", "on_behalf"))
# 来华出席…的嘉宾: the guests came to attend (a name may end in 华: 胡春华出席 is his)
_COMING = Lazy(lambda: lexicon_list("role_words.txt", "coming"))
_ENTRUSTS = Lazy(lambda: lexicon_list("role_words.txt", "entrusts"))
# what a cue is about, when the words right after it say so (陪同考察, 参加会见)
_CUE_TARGET = lazy_regex("(?:上述)?(?:{cue_targets.txt:*})")


@dataclass
class Actor:
    kind: str  # "person" | "organization"
    name: str
    start: int  # absolute span of the mention
    end: int
    chain_start: int


@dataclass
class RoleFact:
    actor: Actor
    role: str
    cue_end: int  # absolute end of the cue, for the evidence span
    target: str | None = None  # event word right after the cue (考察, 会见)


@dataclass
class _Group:
    actors: list[Actor] = field(default_factory=list)
    roles: list[tuple[str, int, str | None]] = field(default_factory=list)
    object_of: str | None = None  # a visit/talks verb this group is the object of
    after_with: bool = False  # preceded by 同/与 (talks counterpart)
    home: bool = False  # named by the home visited (来到X家中): the counterpart, whatever follows
    closed: bool = False
    escorts: bool = False  # 在X陪同下: X escorts the group before


_HEARING = re.compile("听取(.{2,40}?)(?:工作)?汇报")


def unit_actors(sentence: str, base: int, ctx: OrgContext, persons: list[PersonMention]) -> list[Actor]:
    """Units taking part as such: ``A、B和C等单位相关负责人``, ``听取A、B负责同志汇报``."""
    actors: list[Actor] = []
    person_ends = sorted(p.end - base for p in persons)
    previous_head = 0
    for m in _UNIT_HEAD.finditer(sentence):
        left = m.start()
        # the units of a head start after the clause break, the last person and the
        # previous head before it (A等单位负责人和B等单位负责人: B's list is B alone);
        # the floor first, so that no stretch of the sentence is walked twice
        k = bisect_right(person_ends, left)
        floor = max(previous_head, person_ends[k - 1] if k else 0)
        previous_head = m.end()
        i = left
        while i > floor and sentence[i - 1] not in _CLAUSE_BREAK:
            i -= 1
        span = sentence[i:left]
        span = lexicon_regex("^(?:{role_words.txt:unit_list_start})").sub("", span)
        offset = left - len(span)
        for name, s, e in ctx.units(span):
            actors.append(Actor("organization", name, base + offset + s, base + offset + e, base + offset + s))
    hearings = _HEARING.finditer(sentence, 0, speech_start(sentence)) if "听取" in sentence else ()
    for m in hearings:
        span = m.group(1)
        if _UNIT_HEAD.search(span):
            continue  # handled above
        previous = None
        for name, s, e in ctx.units(span.removesuffix("工作")):
            full = name
            if previous and name in ctx.lex.org_suffixes:
                full = ctx.place_prefix(previous) + name
            previous = full
            start = base + m.start(1) + s
            actors.append(Actor("organization", full, start, base + m.start(1) + e, start))
    return actors


@lru_cache(maxsize=1)
def _visit_object_re() -> re.Pattern[str]:
    verbs = sorted(lexicon_words("unit_visit_verbs.txt"), key=len, reverse=True)
    return re.compile(f"(?:{'|'.join(verbs)})(?:了)?(?P<obj>[^，,。；;：:\n]{{2,80}})")


def visited_units(sentence: str, base: int, ctx: OrgContext) -> list[RoleFact]:
    """Units a visit goes to (考察调研了A公司、B公司; 走进A、B等地): each a counterpart
    (``schema/lexicon/unit_visit_verbs.txt``); only named units (visited_unit_endings.txt)."""
    facts: list[RoleFact] = []
    said = speech_start(sentence)
    for m in _visit_object_re().finditer(sentence, 0, said):
        obj = lexicon_regex("(?:{role_words.txt:visit_list_end})?(?:{role_words.txt:visit_tail})?$").sub("", m.group("obj"))
        for name, s, e in ctx.units(obj):
            if not name.endswith(lexicon_words_tuple("visited_unit_endings.txt")) or "的" in name:
                continue  # 教室, 便民服务厅: a room of the place, not a unit visited
            start = base + m.start("obj") + s
            facts.append(RoleFact(Actor("organization", name, start, base + m.start("obj") + e, start),
                                  "counterpart", base + m.end("obj")))
    return facts


def assign_roles(
    sentence: str, base: int, persons: list[PersonMention], units: list[Actor], lex: Lexicon | None = None
) -> list[RoleFact]:
    """Role facts for the people and units of one sentence."""
    lex = lex or lexicon()
    said = speech_start(sentence)
    actors = [Actor("person", p.name, p.start, p.end, p.chain_start) for p in persons
              if p.start - base < said and not _on_behalf(sentence, p.start - base, p.end - base)]
    actors += [u for u in units if u.start - base < said]
    if not actors:
        return []  # (most sentences: no one to give a role)
    actors.sort(key=lambda a: a.start)
    inside = _Cover((a.chain_start - base, a.end - base) for a in actors)
    cues = []
    skip_until = -1
    # the clause breaks of the sentence, found once: a search from every cue would make a
    # long unpunctuated sentence quadratic
    breaks = [b.start() for b in _CLAUSE_BREAK_RE.finditer(sentence)]
    for m in lex.cue_re.finditer(sentence, 0, _speech_verb_end(sentence)):
        if m.start() < skip_until or inside(m.start()):
            continue
        cue = m.group(0)
        if sentence[m.end() : m.end() + 1] == "人" and cue == "主持":
            continue  # 主持人 is a title
        if lex.role_cues[cue] == "led" and sentence[m.end() : m.end() + 1] in lexicon_set("role_words.txt", "group_suffix"):
            continue  # 调研组, 考察团, 调研员: a group or a title, not the verb
        if cue == "听取":
            hear = re.match(".{0,40}?汇报", sentence[m.end() :])
            if hear:
                skip_until = m.end() + hear.end()
        if cue == "介绍" and sentence[max(0, m.start() - 1) : m.start()] == "据":
            continue
        if lex.role_cues[cue] == "attended" and (
                sentence.endswith(_COMING.value, 0, m.start()) or _describes_object(sentence, m, breaks)):
            continue  # 会见来华出席…的嘉宾, 看望出席会议的委员: describes the guests, not the host
        if cue == "欢迎" and not re.search("仪式[，,]?$", sentence[max(0, m.start() - 3) : m.start()]):
            continue  # only 举行仪式(，)欢迎 X welcomes a guest; 表示欢迎 is no role
        cues.append(m)

    groups: list[_Group] = []
    events: list[tuple[int, str, object]] = [(a.start, "actor", a) for a in actors] + [
        (base + m.start(), "cue", m) for m in cues
    ]
    events.sort(key=lambda x: (x[0], x[1] == "cue"))
    last_object_verb: str | None = None
    object_clause_end = -1  # where the clause of the last 看望/会见 ends
    previous_cue: re.Match[str] | None = None
    previous_supported = False  # whether the previous cue was the object of 陪同/参加
    for _pos, kind, item in events:
        if kind == "actor":
            actor = item  # type: ignore[assignment]
            current = groups[-1] if groups else None
            if current is None or current.roles or current.closed or _broken(sentence, current, actor, base):
                current = _Group()
                before = sentence[max(0, actor.chain_start - base - 1) : actor.chain_start - base]
                stretch = sentence[(groups[-1].actors[-1].end - base) if groups else 0 : actor.chain_start - base]
                current.after_with = before in ("同", "与") or bool(_WITH_BEFORE.search(stretch))
                # the object of 看望/会见 follows the verb within its clause (看望余丽);
                # after a comma a new subject starts (看望科技人才，X陪同)
                current.object_of = last_object_verb if actor.chain_start - base <= object_clause_end else None
                if _HOME_AFTER.match(sentence, actor.end - base):
                    current.object_of, current.home = "看望", True  # 来到X家中: the one whose home is visited
                groups.append(current)
            current.actors.append(actor)
            if not current.home and _HOME_AFTER.match(sentence, actor.end - base):
                current = _split_home(sentence, current, base)  # 走进贫困户A、B家中
                if current.actors[0] is groups[-1].actors[0]:
                    groups[-1] = current  # the whole group is the home's owners
                else:
                    groups.append(current)
            continue
        m = item  # type: ignore[assignment]
        cue = m.group(0)
        role = lex.role_cues[cue]
        # 参加会见, 参加上述会见, 陪同考察: the second cue is the object of the first
        follows = previous_cue is not None and sentence[previous_cue.end() : m.start()] in ("", "上述", "了")
        after_support = follows and (lex.role_cues[previous_cue.group(0)] in ("accompanied", "attended")
                                     or previous_supported)  # (陪同考察调研: 调研 too is the object)
        previous_cue, previous_supported = m, after_support
        if not groups or after_support:
            if cue in _OBJECT_VERBS and not after_support:
                # 在看望X时: no one before the verb, but the people after it are its object
                last_object_verb, object_clause_end = cue, _clause_end(breaks, m.end(), len(sentence))
            continue  # no one to give it to, or the object of 陪同/参加 (陪同走访, 参加会见)
        current = groups[-1]
        if current.closed:
            if not (current.escorts and role == "led" and len(groups) > 1 and not groups[-2].roles):
                if cue in _OBJECT_VERBS:  # (同A举行会见，并分别会见B、C: B and C are its object)
                    last_object_verb, object_clause_end = cue, _clause_end(breaks, m.end(), len(sentence))
                continue
            current = groups[-2]  # A在B陪同下考察: the visit is A's, the group before B's
        target_m = _CUE_TARGET.match(sentence, m.end())
        target = target_m.group(0) if target_m else None
        if current.after_with and role == "led":
            # 同X举行会谈: X is the counterpart, the group before it led
            current.roles.append(("counterpart", base + m.end(), None))
            if len(groups) > 1 and not (groups[-2].object_of and not groups[-2].roles):
                # (会见A，与B分别会谈: A is the 会见's guest; the host led both already)
                groups[-2].roles.append(("led", base + m.end(), None))
            current.closed = True
            continue
        if role == "led" and cue in _OBJECT_VERBS and len(groups) > 1 and "受到" in sentence[
                groups[-2].actors[-1].end - base : current.actors[0].chain_start - base]:
            groups[-2].roles.append(("counterpart", base + m.end(), None))  # A受到B接见: A is B's guest
        current.roles.append((role, base + m.end(), target))
        if cue in _OBJECT_VERBS:
            # found once per verb, not sliced per later mention: linear in long sentences
            last_object_verb, object_clause_end = cue, _clause_end(breaks, m.end(), len(sentence))
        if cue == "陪同" and sentence[m.end() : m.end() + 1] == "下":
            current.closed = current.escorts = True  # 在X陪同下: what follows is the visitor's doing
    facts: list[RoleFact] = []
    for g in groups:
        roles = g.roles
        if g.home:
            roles = [("counterpart", g.actors[-1].end, "看望")]  # (a home visit is the trip's)
        elif not roles and g.object_of:
            roles = [("counterpart", g.actors[-1].end, None)]
        seen = set()
        for actor in g.actors:
            for role, cue_end, target in roles:
                if (actor.name, role) in seen:
                    continue
                seen.add((actor.name, role))
                facts.append(RoleFact(actor, role, max(cue_end, actor.end), target))
    also = lexicon_regex("({person_words.txt:also_cue})[^。]{0,20}的[^。]{0,12}(?:还有|有)").match(sentence)
    if also:
        # 出席座谈会的党外人士还有A、B: the cue comes before the names
        role = lex.role_cues[also.group(1)]
        with_fact = {id(f.actor) for f in facts}
        facts.extend(RoleFact(a, role, a.end) for a in actors if id(a) not in with_fact)
    if re.search("台下|在场", sentence):
        with_role = {f.actor.name for f in facts}
        for a in actors:
            if a.name not in with_role:
                facts.append(RoleFact(a, "attended", a.end))
    return facts


class _Cover:
    """Is a position inside one of a set of spans? Spans sorted by start with the running
    maximum of their ends answer by bisection, so a sentence with thousands of mentions
    (a long text without punctuation) is not tested cue by cue against every span."""

    def __init__(self, spans: Iterable[tuple[int, int]]):
        ordered = sorted(spans)
        self.starts = [s for s, _ in ordered]
        self.reach = list(accumulate((e for _, e in ordered), max))

    def __call__(self, pos: int) -> bool:
        i = bisect_right(self.starts, pos)
        return i > 0 and self.reach[i - 1] > pos


def _describes_object(sentence: str, cue: re.Match[str], breaks: list[int]) -> bool:
    """Whether an attendance cue opens a relative clause on the object of a visit or
    talks verb just before it (看望慰问出席县政协会议的委员): the guests, not the host.
    ``breaks``: the sentence's clause breaks, in order."""
    if not sentence.endswith(_OBJECT_VERBS.value + tuple(v + "了" for v in _OBJECT_VERBS), 0, cue.start()):
        return False
    return "的" in sentence[cue.end() : _clause_end(breaks, cue.end(), len(sentence))]


def _clause_end(breaks: list[int], pos: int, length: int) -> int:
    """Where the clause holding ``pos`` ends: the first break at or after it, else ``length``."""
    i = bisect_left(breaks, pos)
    return breaks[i] if i < len(breaks) else length


def _on_behalf(sentence: str, pos: int, end: int) -> bool:
    """Whether the name at ``pos`` follows the verb 代表/受 (代表习近平总书记看望: on whose
    behalf), not the title 代表 (无党派人士代表高鸿钧): the verb opens its clause; or
    entrusts the one who goes (受副县长X的委托，…)."""
    if sentence.startswith(_ENTRUSTS.value, end):
        return True
    for word in _ON_BEHALF:
        if sentence.endswith(word, 0, pos):
            before = pos - len(word)
            return before == 0 or sentence[before - 1] in _CLAUSE_BREAK or sentence[before - 1] in lexicon_set("role_words.txt", "clause_adverb")
    return False


def _split_home(sentence: str, group: _Group, base: int) -> _Group:
    """The owners of a home visited (``走进贫困户A、B家中``): the list ending at 家中 leaves
    the group of the visitors before it and becomes the counterpart."""
    run = 1
    while run < len(group.actors):
        left, right = group.actors[-run - 1], group.actors[-run]
        if sentence[left.end - base : right.chain_start - base].strip("、和及 "):
            break
        run += 1
    home = _Group(actors=group.actors[-run:], object_of="看望", home=True)
    if run < len(group.actors):
        del group.actors[-run:]  # (the visitors' group keeps its place before the home's)
    return home


def _broken(sentence: str, group: _Group, actor: Actor, base: int) -> bool:
    """A new mention starts a new group when a verb or a clause of its own lies between
    (``A，台湾青年B，C发言`` is one group; ``A在会上说，B…`` is not)."""
    last = group.actors[-1]
    between = sentence[last.end - base : actor.chain_start - base]
    if group.object_of and ("," in between or "，" in between):
        return True  # 看望余丽，X陪同: the object of a visit is its own group
    if not between.strip(_LIST_JOINS.value):
        return False
    return bool(lexicon_regex("[；;：:]|{role_words.txt:group_break}").search(between)) or len(between) > 24
