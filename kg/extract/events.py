"""Event triggers: what happened, where, organised by whom.

A trigger is found in one sentence: ``X召开/举行/举办 <event noun>`` (meeting, forum,
ceremony), ``<event> 在 PLACE 召开`` (passive), ``到 PLACE 走访/调研`` (visit, inspection),
``会见/同…举行会谈`` (talks), ``出席 <event>`` and ``听取…汇报``. Plans (将召开) and
quoted speech give none.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass

from kg.extract.trigger import Trigger, normalise_place, organizer_of, trigger_class
from kg.lexicon import Lazy, Lexicon, lazy_regex, lexicon, lexicon_list, lexicon_set, lexicon_table
from kg.word_classes import common_words, verb_words

_NOT_HAPPENED = lazy_regex("{event_words.txt:not_happened}|部署.*召开")
_ORDER = lazy_regex("{event_words.txt:order}")
# what looks like a plan or an order and is neither: 提出(明确)要求 (what a speaker did at
# the event), 新春佳节即将到来之际 (a time)
_NO_PLAN = lazy_regex("提出[^，,。；;]{0,8}要求|{event_words.txt:no_plan}")
_CLAUSE_END = "，,。；;：:！!？?\n"
# (开幕式, 闭幕式 are nouns, not the verbs 开幕, 闭幕)
_HOLD_VERBS = "{trigger_verbs.txt:hold_compound}|{trigger_verbs.txt:hold}|(?:{trigger_verbs.txt:opening})(?!式)"
_ACTIVE = lazy_regex(
    rf"(?P<subj>[^{_CLAUSE_END}]{{0,40}}?)(?:在(?P<loc>[^{_CLAUSE_END}在]{{1,25}}?))?(?:{_HOLD_VERBS})了?"
    rf"(?P<obj>[^{_CLAUSE_END}]{{2,60}})"
)
_PASSIVE = lazy_regex(
    rf"(?P<obj>[^{_CLAUSE_END}]{{2,50}}?)(?:\d{{1,2}}日)?(?:{{date_words.txt:clock_part}})?(?:在(?P<loc>[^{_CLAUSE_END}]{{1,25}}?))?"
    rf"(?:{{trigger_verbs.txt:manner}})?(?:{{trigger_verbs.txt:passive}})(?=[{_CLAUSE_END}]|$)"
)
_VISIT = lazy_regex(
    rf"(?:(?:{{trigger_verbs.txt:goes_to}})(?P<loc>[^{_CLAUSE_END}]{{2,25}}?))?(?:就[^{_CLAUSE_END}]{{1,30}})?"
    rf"(?:进行)?(?P<verb>{{visit_verbs.txt:*}})(?!{{role_words.txt:group_suffix}})"
    rf"(?P<obj>[^{_CLAUSE_END}]{{0,40}})"
)
_GREETING = lazy_regex("{event_words.txt:greeting}")
_REFERENCE_END = Lazy(lambda: tuple(lexicon_list("event_words.txt", "time_clause_end")))
_MESSAGE_END = Lazy(lambda: lexicon_set("event_words.txt", "message_end"))
_NEEDS_TRAVEL = Lazy(lambda: lexicon_set("event_words.txt", "visit_after_travel"))
_ARRIVE = re.compile(rf"来到(?P<loc>[^{_CLAUSE_END}]{{2,25}})")
# signing an agreement (签订协议, 共同见证签署合作文件) and laying a wreath are activities
# of their own, whatever event they follow
_SIGN = lazy_regex(
    rf"(?:共同)?(?:见证(?:了)?)?(?:{{trigger_verbs.txt:sign}})了?(?P<obj>[^{_CLAUSE_END}]{{0,50}}?(?:{{trigger_verbs.txt:agreement}}|》))"
)
_WREATH = re.compile(rf"向(?P<obj>[^{_CLAUSE_END}]{{2,20}}?)敬献(?:了)?(?:花圈|花篮)")
_TALKS = lazy_regex(
    rf"(?:在(?P<loc>[^{_CLAUSE_END}同与]{{1,25}}?))?(?:(?:同|与)(?P<cp>[^{_CLAUSE_END}]{{2,40}}?)举行)?"
    rf"(?P<verb>{{trigger_verbs.txt:talks}})(?P<obj>[^{_CLAUSE_END}]{{0,40}})"
)
_ATTEND = lazy_regex(rf"(?:{{trigger_verbs.txt:attend}})(?:了)?(?:{{event_words.txt:this}})?(?P<obj>[^{_CLAUSE_END}并]{{2,50}})")
_HEAR = re.compile(rf"听取(?P<obj>[^{_CLAUSE_END}]{{2,50}}?)(?:工作)?汇报")
# 在白鹿镇，李强主持召开…: a place fronted before the clause of the event
_FRONT_PLACE = re.compile(rf"^在([^{_CLAUSE_END}]{{2,15}}?)[,，]")
# 在X座谈会上，A说…: the sentence reports what happened at an event it names
_AT_EVENT = lazy_regex(rf"^(?:\d{{1,2}}月\d{{1,2}}日(?:{{date_words.txt:clock_part}})?[,，]?)?在(?P<obj>[^{_CLAUSE_END}在]{{2,40}}?)(?:上|期间)[,，]")

_VERB_TYPE = Lazy(lambda: lexicon_table("visit_verbs.txt"))


def _event_noun_end(lex: Lexicon, obj: str) -> tuple[int, str] | None:
    """End of the last event noun in ``obj`` and the event type it gives."""
    best = None
    for noun, kind in lex.event_nouns.items():
        i = obj.rfind(noun)
        if i >= 0 and (best is None or (i + len(noun), len(noun)) > (best[0], best[2])):
            best = (i + len(noun), kind, len(noun))
    if best and best[1] == "forum":
        # 开展走访慰问困难群众活动: an activity named by a visit verb is that visit
        verb = _VISIT_VERB.search(obj, 0, best[0] - best[2])
        if verb is not None:
            return best[0], _VERB_TYPE[verb.group(0)]
    return (best[0], best[1]) if best else None


def _in_quotes(sentence: str, pos: int) -> bool:
    before = sentence[:pos]
    return before.count("“") > before.count("”")


# the two sides of talks named together (两国元首共同见证签署): the people of the talks
COLLECTIVE = lazy_regex("{event_words.txt:collective}")
# verbs of learning about something: an activity in their object is what was asked about
_LEARNING = lazy_regex("{event_words.txt:learning}")
# Every trigger pattern contains one of these verbs: a sentence without any is skipped
# before the (backtracking) patterns run. Most sentences of a news item have none, and
# of the rest most have the verbs of one pattern only: each pattern runs only where its
# own verbs occur (the patterns try every start position with a lazy prefix).
_ANY_TRIGGER_VERB = lazy_regex(  # (a compound visit verb holds a simple one: none missed)
    "{trigger_verbs.txt:hold}|{trigger_verbs.txt:opening}|{visit_verbs.txt:*}|{trigger_verbs.txt:talks}"
    "|{trigger_verbs.txt:attend}|听取|来到|{trigger_verbs.txt:sign}|敬献|上[，,]|期间[，,]"
)
_AFTER_NOUN = Lazy(lambda: {""} | lexicon_set("event_words.txt", "after_noun"))
_JOINS = Lazy(lambda: lexicon_set("event_words.txt", "joins"))
_JOINED = Lazy(lambda: lexicon_list("event_words.txt", "joined"))
_HABIT = Lazy(lambda: lexicon_list("event_words.txt", "habit"))  # before 参加: what one does, not did
_HOLD_VERB = lazy_regex("{trigger_verbs.txt:hold}|{trigger_verbs.txt:opening}")  # _ACTIVE's and _PASSIVE's
_TALKS_VERB = lazy_regex("{trigger_verbs.txt:talks}")
_VISIT_VERB = lazy_regex("{visit_verbs.txt:*}")  # (the compounds start with a simple verb: same starts)


@dataclass
class _Scan:
    """One sentence as every trigger rule reads it (up to its reported speech)."""

    sentence: str
    has_person: bool
    lex: Lexicon
    hold_from: int  # where the clause of the first hold verb starts
    talks: bool
    visit: bool


def _talks(x: _Scan) -> Trigger | None:
    """会见/会谈/会晤/接见/通电话, 同X举行会谈 (分别会见: one per guest).

    Example: 区委书记周明远会见了青山投资公司董事长林晓一行。 -> talks: 会见了青山投资公司董事长林晓一行
    """
    for m in _TALKS.finditer(x.sentence) if x.talks else ():
        if _in_quotes(x.sentence, m.start()) or not x.has_person:
            continue
        return _talks_trigger(x, m)
    return None


def _more_talks(x: _Scan) -> Trigger | None:
    """A second talks verb, split by 分别, after a first one: 会见A，与B、C分别举行会谈 (A's
    会见, then one talks per guest).

    Example: 林国栋会见总统韦斯特，与议长卡莫拉、周岚分别举行会谈。 -> talks: 同议长卡莫拉、周岚分别举行会谈
    """
    matches = list(_TALKS.finditer(x.sentence)) if x.talks and x.has_person else []
    if len(matches) < 2 or _talks_trigger(x, matches[0]).split:
        return None
    for m in matches[1:]:
        trigger = _talks_trigger(x, m)
        if trigger.split and not _in_quotes(x.sentence, m.start()):
            return trigger
    return None


def _talks_trigger(x: _Scan, m: re.Match[str]) -> Trigger:
    obj = m.group("obj")
    label = (m.group("verb") + obj) if obj else m.group("verb")
    if m.group("cp"):
        label = f"同{m.group('cp')}举行{m.group('verb')}"
    # 分别会见A、B, 分别同A、B举行会见, 与A、B分别会谈: 分别 anywhere before the verb
    split = "分别" in x.sentence[min(m.start(), _clause_start(x.sentence, m.start("verb"))) : m.start("verb")]
    return Trigger("talks", label, m.start("verb"), m.end(), normalise_place(m.group("loc")), None,
                   m.group("cp"), split, verb_at=m.start("verb"))


def is_hearing(trigger: Trigger) -> bool:
    """Whether a meeting trigger is 听取…汇报 (its subject leads it, as a host leads talks)."""
    return trigger.type == "meeting" and _HEAR.match(trigger.label) is not None


def _ceremony_act(x: _Scan) -> Trigger | None:
    """Signing an agreement (签订/签署/见证签署 …协议) and laying a wreath (向…敬献花圈);
    a signing by the two sides of talks (两国元首共同见证签署) names no person.

    Example: 周明远和林晓共同见证签署了战略合作协议。 -> ceremony: 共同见证签署了战略合作协议
    """
    if "签" not in x.sentence and "敬献" not in x.sentence:
        return None
    collective = COLLECTIVE.search(x.sentence)
    if not x.has_person and not collective:
        return None
    for pattern, activity in ((_SIGN, "signing"), (_WREATH, "wreath")):
        m = pattern.search(x.sentence)
        if m and not _in_quotes(x.sentence, m.start()):
            return Trigger("ceremony", x.sentence[m.start() : m.end()], m.start(), m.end(),
                           activity=activity, verb_at=m.start(), both_sides=bool(collective) and not x.has_person)
    return None


def _hearing(x: _Scan) -> Trigger | None:
    """听取…汇报: a meeting where reports are heard.

    Example: 周明远听取了全区防汛工作汇报。 -> meeting: 听取了全区防汛工作汇报
    """
    m = _HEAR.search(x.sentence) if "听取" in x.sentence else None
    if m and x.has_person and not _in_quotes(x.sentence, m.start()):
        return Trigger("meeting", x.sentence[m.start() : m.end()], m.start(), m.end(), verb_at=m.start())
    return None


def _held(x: _Scan) -> Trigger | None:
    """X召开/举行/举办 <event noun>: the subject organizes it.

    Example: 青山区委召开全区经济工作会议。 -> meeting: 全区经济工作会议
    """
    for m in _ACTIVE.finditer(x.sentence, x.hold_from):
        if _in_quotes(x.sentence, m.start("obj")):
            continue
        if _LEARNING.search(m.group("subj")) and "情况" in m.group("obj"):
            continue  # 了解社区开展邻里活动等情况: what was asked about, not an event
        noun = _event_noun_end(x.lex, m.group("obj"))
        if not noun:
            continue
        label = m.group("obj")[: noun[0]].removeprefix("了")
        organizer = organizer_of(m.group("subj").strip())
        loc = m.group("loc") or _FRONT_PLACE.match(x.sentence)
        loc = loc if isinstance(loc, str) or loc is None else loc.group(1)
        return Trigger(noun[1], label, m.start(), m.end(), normalise_place(loc), organizer, verb_at=m.start("obj"))
    return None


def _held_passive(x: _Scan) -> Trigger | None:
    """<event noun> 在 PLACE 召开/举行/开幕/闭幕.

    Example: 青山区第三届旅游发展大会在云溪镇举行。 -> meeting: 青山区第三届旅游发展大会
    """
    for m in _PASSIVE.finditer(x.sentence, x.hold_from):
        obj = m.group("obj").strip()
        noun = _event_noun_end(x.lex, obj)
        if not noun or noun[0] < len(obj) - 3 or _in_quotes(x.sentence, m.end() - 1):
            continue
        obj = re.sub(r"^.*?[：:]", "", obj)
        declared = obj.rfind("宣布")  # 出席开幕式并宣布本届大运会开幕: the games open
        cut = declared + 2 if declared >= 0 else 0
        return Trigger(noun[1], obj[cut : noun[0]].removeprefix("本届"), m.start() + cut, m.end(),
                       normalise_place(m.group("loc")), verb_at=m.end() - 2)
    return None


def _visit(x: _Scan) -> Trigger | None:
    """到/赴/在 PLACE 走访/看望/调研/考察/视察/检查/督导 (not 陪同考察).

    Example: 周明远到云溪镇调研乡村振兴工作。 -> inspection: 调研乡村振兴工作
    """
    for m in _VISIT.finditer(x.sentence) if x.visit and x.has_person else ():
        if _in_quotes(x.sentence, m.start()) or x.sentence[max(0, m.start("verb") - 2) : m.start("verb")] in _JOINS:
            continue  # 陪同考察, 参加看望: joining the visit drafted, not another
        if _GREETING.search(x.sentence, _clause_start(x.sentence, m.start("verb")), m.start("verb")):
            continue  # 向X致以节日祝贺和慰问: a greeting sent, not a visit
        after = x.sentence[m.end("verb") : m.end("verb") + 2]
        if after[:1] in _MESSAGE_END.value and after not in common_words():
            continue  # 慰问电, 慰问信: a message (not 慰问电力职工: 电力 is a word)
        if m.group("verb") in _NEEDS_TRAVEL.value and not (m.group("loc") and not m.group(0).startswith("在")):
            continue  # 指导 is a visit only after travel (赶赴天津指导…; not 为指导, 在…指导下)
        loc = m.group("loc")
        if not loc:
            arrive = _ARRIVE.search(x.sentence[: m.start()])
            loc = arrive.group("loc") if arrive else None
        label = m.group("verb") + (m.group("obj") or "")
        return Trigger(_VERB_TYPE[m.group("verb")], label, m.start(), m.end(), normalise_place(loc),
                       verb_at=m.start("verb"))
    return None


def _attend(x: _Scan) -> Trigger | None:
    """出席/参加 <event noun>.

    Example: 周明远出席全区科技创新大会。 -> meeting: 全区科技创新大会
    """
    for m in _ATTEND.finditer(x.sentence) if x.has_person else ():
        noun = _event_noun_end(x.lex, m.group("obj"))
        if not noun:
            continue
        label = m.group("obj")[: noun[0]]
        if m.group(0).startswith("参加") and not _joins_an_event(x, m, noun[0], label):
            continue
        return Trigger(noun[1], label, m.start(), m.end(), verb_at=m.start())
    return None


def _names_a_body(lex: Lexicon, label: str) -> bool:
    """A label ending on an organisation's word of two or more characters that names no
    event (法制委员会, 总工会; not 座谈会, 联组会: 会 alone ends both)."""
    return any(label.endswith(s) for s in lex.org_suffixes if len(s) >= 2 and s not in lex.event_nouns)


def _joins_an_event(x: _Scan, m: re.Match[str], noun_end: int, label: str) -> bool:
    """Whether 参加 names an event taken part in: its object ends on the event noun (not
    看望参加X会议的委员, 参加X会议Y代表团审议), names no body (参加X委员会), no habit
    (积极参加…活动) and joins no visit or talks already drafted (参加看望)."""
    rest = m.group("obj")[noun_end:]
    return (
        (rest in _AFTER_NOUN or rest[:2] in verb_words())  # (参加调度会督战)
        and not _names_a_body(x.lex, label)
        and not label.endswith("活动")
        and not x.sentence.endswith(_HABIT.value, 0, m.start())
        and not m.group("obj").startswith(_JOINED.value)
    )


def _at_event(x: _Scan) -> Trigger | None:
    """在 <event noun phrase> 上/期间，…: what the sentence reports happened there.

    Example: 在全区经济工作会议上，周明远强调要稳增长。 -> meeting: 全区经济工作会议
    """
    m = _AT_EVENT.match(x.sentence.lstrip()) if x.has_person else None
    if m:
        obj = m.group("obj")
        noun = _event_noun_end(x.lex, obj)
        if noun and noun[0] == len(obj):
            at = len(x.sentence) - len(x.sentence.lstrip())
            return Trigger(noun[1], obj, at + m.start("obj"), at + m.end("obj"), verb_at=at + m.start("obj"),
                           scene=True)
    return None


def _arrive(x: _Scan) -> Trigger | None:
    """来到 <a unit>: a visit to it.

    Example: 周明远来到青山水泥有限公司。 -> visit: 来到青山水泥有限公司
    """
    m = _ARRIVE.search(x.sentence) if x.has_person else None
    if m and x.lex.ends_with_org_suffix(m.group("loc")):
        return Trigger("visit", "来到" + m.group("loc"), m.start(), m.end(), normalise_place(m.group("loc")),
                       verb_at=m.start())
    return None


# The trigger rules, in order: the first that matches names the sentence's event; a later
# one of another kind, its verb elsewhere in the sentence, names a second (调研并主持召开座谈会).
# A meeting held comes before a report heard: 主持召开常务会议，听取…汇报 is the meeting.
TRIGGER_RULES: list[tuple[str, Callable[[_Scan], Trigger | None]]] = [
    ("talks", _talks),
    ("more_talks", _more_talks),
    ("ceremony_act", _ceremony_act),
    ("held", _held),
    ("held_passive", _held_passive),
    ("hearing", _hearing),
    ("visit", _visit),
    ("attend", _attend),
    ("at_event", _at_event),
    ("arrive", _arrive),
]


def scan_sentence(sentence: str, *, has_person: bool, lex: Lexicon | None = None) -> _Scan:
    """A sentence (reported speech already cut off) as every trigger rule reads it."""
    hold = _HOLD_VERB.search(sentence)
    # _ACTIVE and _PASSIVE match within one clause holding a hold verb: none starts
    # before the clause of the first one, so the scan starts there
    return _Scan(sentence, has_person, lex or lexicon(), _clause_start(sentence, hold.start()) if hold else len(sentence),
                 bool(_TALKS_VERB.search(sentence)), bool(_VISIT_VERB.search(sentence)))


def find_triggers(sentence: str, *, has_person: bool, lex: Lexicon | None = None) -> list[Trigger]:
    """The events a sentence reports (at most two, of different kinds or a 会见 and a
    分别会谈), in the order of the rules; none inside reported speech, plans or
    announcements."""
    from kg.extract.roles import speech_start  # roles imports this module's neighbours

    sentence = sentence[: speech_start(sentence)]
    if not _ANY_TRIGGER_VERB.search(sentence):
        return []  # (most sentences: the cheap test first)
    if _ORDER.search(sentence):
        # 主持召开座谈会，…要求各地召开…: what was ordered is not told (提出…要求 is no order)
        order = _ORDER.search(_NO_PLAN.sub(lambda m: "_" * len(m.group(0)), sentence))
        if order is not None:
            sentence = sentence[: order.start()]
            if not _ANY_TRIGGER_VERB.search(sentence):
                return []
    if _NOT_HAPPENED.search(sentence) and _NOT_HAPPENED.search(_NO_PLAN.sub("", sentence)):
        return []
    scan = scan_sentence(sentence, has_person=has_person, lex=lex)
    found: list[Trigger] = []
    for _name, rule in TRIGGER_RULES:
        trigger = rule(scan)
        if trigger is None:
            continue
        if _time_clause(sentence, trigger):
            trigger = dataclasses.replace(trigger, reference=True)
        if not found:
            found.append(trigger)
        elif (trigger_class(trigger) != trigger_class(found[0]) or trigger.split and not found[0].split) \
                and not (found[0].start <= trigger.verb_at < found[0].end):
            found.append(trigger)
            break
    return found


def _time_clause(sentence: str, trigger: Trigger) -> bool:
    """Whether a trigger only dates the clause after it (结束看望慰问活动后，…; 会谈前，…):
    a time, not an event reported here."""
    ends = [i for i in (sentence.find(c, trigger.verb_at) for c in _CLAUSE_END) if i >= 0]
    end = min(ends, default=len(sentence))
    if end >= len(sentence.rstrip()) - 1:
        return False  # (the whole sentence: 会见后 at its end is no time clause)
    return sentence[_clause_start(sentence, trigger.verb_at) : end].endswith(_REFERENCE_END.value)


def find_trigger(sentence: str, *, has_person: bool, lex: Lexicon | None = None) -> Trigger | None:
    """The event a sentence reports first, if it reports one."""
    found = find_triggers(sentence, has_person=has_person, lex=lex)
    return found[0] if found else None


def _clause_start(sentence: str, pos: int) -> int:
    """Index just after the last clause break before ``pos`` (0 when there is none)."""
    return max(sentence.rfind(c, 0, pos) for c in _CLAUSE_END) + 1
