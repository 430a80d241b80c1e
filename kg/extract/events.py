"""Event triggers: what happened, where, organised by whom.

A trigger is found in one sentence: ``X召开/举行/举办 <event noun>`` (meeting, forum,
ceremony), ``<event> 在 PLACE 召开`` (passive), ``到 PLACE 走访/调研`` (visit, inspection),
``会见/同…举行会谈`` (talks), ``出席 <event>`` and ``听取…汇报``. Plans (将召开) and
quoted speech give none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.lexicon import Lexicon, lexicon

_NOT_HAPPENED = re.compile("将于|将在|将召开|将举行|即将|计划|拟于|拟在|筹备|要求|部署.*召开")
_CLAUSE_END = "，,。；;：:！!？?\n"
_HOLD_VERBS = "主持召开|组织召开|组织开展|隆重召开|隆重举行|召开|举行|举办|开展|开幕|闭幕"
_ACTIVE = re.compile(
    rf"(?P<subj>[^{_CLAUSE_END}]{{0,40}}?)(?:在(?P<loc>[^{_CLAUSE_END}在]{{1,25}}?))?(?:{_HOLD_VERBS})了?"
    rf"(?P<obj>[^{_CLAUSE_END}]{{2,60}})"
)
_PASSIVE = re.compile(
    rf"(?P<obj>[^{_CLAUSE_END}]{{2,50}}?)(?:\d{{1,2}}日)?(?:上午|下午|晚上)?(?:在(?P<loc>[^{_CLAUSE_END}]{{1,25}}?))?"
    rf"(?:隆重)?(?:召开|举行|开幕|闭幕|举办)(?=[{_CLAUSE_END}]|$)"
)
_VISIT = re.compile(
    rf"(?:(?:来到|到|赴|在|前往)(?P<loc>[^{_CLAUSE_END}]{{2,25}}?))?(?:就[^{_CLAUSE_END}]{{1,30}})?"
    rf"(?:进行)?(?P<verb>走访看望|走访|看望慰问|看望|慰问|探望|调研|考察|视察|检查指导|检查|督导)"
    rf"(?P<obj>[^{_CLAUSE_END}]{{0,40}})"
)
_ARRIVE = re.compile(rf"来到(?P<loc>[^{_CLAUSE_END}]{{2,25}})")
# signing an agreement (签订协议, 共同见证签署合作文件) and laying a wreath are activities
# of their own, whatever event they follow
_SIGN = re.compile(
    rf"(?:共同)?(?:见证(?:了)?)?(?:签订|签署)了?(?P<obj>[^{_CLAUSE_END}]{{0,50}}?(?:协议书|协议|合作文件|备忘录|协定|意向书|合同|》))"
)
_WREATH = re.compile(rf"向(?P<obj>[^{_CLAUSE_END}]{{2,20}}?)敬献(?:了)?(?:花圈|花篮)")
_TALKS = re.compile(
    rf"(?:在(?P<loc>[^{_CLAUSE_END}同与]{{1,25}}?))?(?:(?:同|与)(?P<cp>[^{_CLAUSE_END}]{{2,40}}?)举行)?"
    rf"(?P<verb>会见|会谈|会晤|接见|通电话|视频通话)(?P<obj>[^{_CLAUSE_END}]{{0,40}})"
)
_ATTEND = re.compile(rf"出席(?P<obj>[^{_CLAUSE_END}并]{{2,50}})")
_HEAR = re.compile(rf"听取(?P<obj>[^{_CLAUSE_END}]{{2,50}}?)(?:工作)?汇报")
# 在白鹿镇，李强主持召开…: a place fronted before the clause of the event
_FRONT_PLACE = re.compile(rf"^在([^{_CLAUSE_END}]{{2,15}}?)[,，]")
_PLACE_SHORT = {"京": "北京", "沪": "上海", "津": "天津", "渝": "重庆", "港": "香港", "澳": "澳门"}

# Event classes: a new trigger of another class starts a new event.
CLASS_OF_TYPE = {
    "meeting": "meeting",
    "forum": "meeting",
    "ceremony": "meeting",
    "talks": "talks",
    "visit": "tour",
    "inspection": "tour",
    "other": "meeting",
}
_VERB_TYPE = {
    "走访看望": "visit",
    "走访": "visit",
    "看望慰问": "visit",
    "看望": "visit",
    "慰问": "visit",
    "探望": "visit",
    "调研": "inspection",
    "考察": "inspection",
    "视察": "inspection",
    "检查指导": "inspection",
    "检查": "inspection",
    "督导": "inspection",
}


@dataclass
class Trigger:
    type: str
    label: str
    start: int  # span of the trigger in the sentence
    end: int
    location: str | None = None
    organizer: str | None = None
    counterpart_text: str | None = None
    split: bool = False  # 分别会见A、B: one 会见 per guest
    activity: str | None = None  # an activity of its own inside a class (signing, wreath)


def normalise_place(place: str | None) -> str | None:
    if not place:
        return None
    place = place.strip().removesuffix("隆重").removesuffix("分别").removesuffix("共同").removeprefix("了")
    if len(place) > 25 or not place:
        return None
    return _PLACE_SHORT.get(place, place)


def _event_noun_end(lex: Lexicon, obj: str) -> tuple[int, str] | None:
    """End of the last event noun in ``obj`` and the event type it gives."""
    best = None
    for noun, kind in lex.event_nouns.items():
        i = obj.rfind(noun)
        if i >= 0 and (best is None or (i + len(noun), len(noun)) > (best[0], best[2])):
            best = (i + len(noun), kind, len(noun))
    return (best[0], best[1]) if best else None


def _in_quotes(sentence: str, pos: int) -> bool:
    before = sentence[:pos]
    return before.count("“") > before.count("”")


# Every trigger pattern contains one of these verbs: a sentence without any is skipped
# before the (backtracking) patterns run. Most sentences of a news item have none, and
# of the rest most have the verbs of one pattern only: each pattern runs only where its
# own verbs occur (the patterns try every start position with a lazy prefix).
_ANY_TRIGGER_VERB = re.compile(
    "召开|举行|举办|开展|开幕|闭幕|走访|看望|慰问|探望|调研|考察|视察|检查|督导|会见|会谈|会晤|接见|通电话|视频通话|出席|听取|来到"
    "|签订|签署|敬献"
)
_HOLD_VERB = re.compile("召开|举行|举办|开展|开幕|闭幕")  # _ACTIVE's and _PASSIVE's
_TALKS_VERB = re.compile("会见|会谈|会晤|接见|通电话|视频通话")
_VISIT_VERB = re.compile("走访|看望|慰问|探望|调研|考察|视察|检查|督导")


def find_trigger(sentence: str, *, has_person: bool, lex: Lexicon | None = None) -> Trigger | None:
    """The event a sentence reports, if it reports one (never inside reported speech)."""
    from kg.extract.roles import speech_start  # roles imports this module's neighbours

    sentence = sentence[: speech_start(sentence)]
    if not _ANY_TRIGGER_VERB.search(sentence):
        return None
    lex = lex or lexicon()
    if _NOT_HAPPENED.search(sentence):
        return None
    hold, talks, visit = (v.search(sentence) for v in (_HOLD_VERB, _TALKS_VERB, _VISIT_VERB))
    # _ACTIVE and _PASSIVE match within one clause holding a hold verb: none starts
    # before the clause of the first one, so the scan starts there
    hold_from = _clause_start(sentence, hold.start()) if hold else len(sentence)
    for m in _TALKS.finditer(sentence) if talks else ():
        if _in_quotes(sentence, m.start()) or not has_person:
            continue
        obj = m.group("obj")
        label = (m.group("verb") + obj) if obj else m.group("verb")
        if m.group("cp"):
            label = f"同{m.group('cp')}举行{m.group('verb')}"
        split = sentence[max(0, m.start("verb") - 2) : m.start("verb")] == "分别"
        return Trigger("talks", label, m.start("verb"), m.end(), normalise_place(m.group("loc")), None, m.group("cp"), split)
    if has_person and ("签" in sentence or "敬献" in sentence):
        for pattern, activity in ((_SIGN, "signing"), (_WREATH, "wreath")):
            m = pattern.search(sentence)
            if m and not _in_quotes(sentence, m.start()):
                return Trigger("ceremony", sentence[m.start() : m.end()], m.start(), m.end(), activity=activity)
    m = _HEAR.search(sentence) if "听取" in sentence else None
    if m and has_person and not _in_quotes(sentence, m.start()):
        return Trigger("meeting", sentence[m.start() : m.end()], m.start(), m.end())
    for m in _ACTIVE.finditer(sentence, hold_from):
        if _in_quotes(sentence, m.start("obj")):
            continue
        noun = _event_noun_end(lex, m.group("obj"))
        if not noun:
            continue
        label = m.group("obj")[: noun[0]].removeprefix("了")
        subj = m.group("subj").strip()
        organizer = _organizer(subj)
        loc = m.group("loc") or _FRONT_PLACE.match(sentence)
        loc = loc if isinstance(loc, str) or loc is None else loc.group(1)
        return Trigger(noun[1], label, m.start(), m.end(), normalise_place(loc), organizer)
    for m in _PASSIVE.finditer(sentence, hold_from):
        obj = m.group("obj").strip()
        noun = _event_noun_end(lex, obj)
        if not noun or noun[0] < len(obj) - 3 or _in_quotes(sentence, m.end() - 1):
            continue
        obj = re.sub(r"^.*?[：:]", "", obj)
        return Trigger(noun[1], obj[: noun[0]], m.start(), m.end(), normalise_place(m.group("loc")))
    if has_person:
        for m in _VISIT.finditer(sentence) if visit else ():
            if _in_quotes(sentence, m.start()) or sentence[max(0, m.start("verb") - 2) : m.start("verb")] == "陪同":
                continue
            loc = m.group("loc")
            if not loc:
                arrive = _ARRIVE.search(sentence[: m.start()])
                loc = arrive.group("loc") if arrive else None
            label = m.group("verb") + (m.group("obj") or "")
            return Trigger(_VERB_TYPE[m.group("verb")], label, m.start(), m.end(), normalise_place(loc))
        m = _ATTEND.search(sentence)
        if m:
            noun = _event_noun_end(lex, m.group("obj"))
            if noun:
                return Trigger(noun[1], m.group("obj")[: noun[0]], m.start(), m.end())
        m = _ARRIVE.search(sentence)
        if m and lex.ends_with_org_suffix(m.group("loc")):
            return Trigger("visit", "来到" + m.group("loc"), m.start(), m.end(), normalise_place(m.group("loc")))
    return None


def _clause_start(sentence: str, pos: int) -> int:
    """Index just after the last clause break before ``pos`` (0 when there is none)."""
    return max(sentence.rfind(c, 0, pos) for c in _CLAUSE_END) + 1


def _organizer(subject: str) -> str | None:
    """The organizer is the subject of 召开/举办 when it is an organization, not a person."""
    subject = re.sub(r"^.*[：:]", "", subject)
    subject = re.sub(r"\d{1,2}月?\d{0,2}日?(上午|下午|晚上)?|当地时间|近日|日前|\s", "", subject)
    subject = subject.removesuffix("隆重").strip()
    if not subject or len(subject) > 20:
        return None
    lex = lexicon()
    parts = re.split("、|和", subject)
    if all(lex.ends_with_org_suffix(p) or p in ("中共中央", "国务院", "全国政协") for p in parts if p):
        return subject
    return None
