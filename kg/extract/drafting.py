"""Events as the article reports them, sentence by sentence: one draft per activity.

``EventDrafts`` reads each sentence's trigger, date and role facts and decides which
event they belong to:

- a new event starts on a new date or a new kind of activity, and an event named
  again (出席座谈会) goes back to the one already seen;
- ``分别会见A、B、C`` is one 会见 per guest: the host leads each, each guest is the
  counterpart of their own; ``会见A时`` later on goes back to A's, and ``参加会见`` or
  ``参加上述会见/活动`` attends every one of them;
- a fact whose cue names a kind of activity (陪同考察, 参加会见) goes to the latest event
  of that kind, a plain ``陪同`` to the trip.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from kg.extract.dates import DateMention, opens_sentence
from kg.extract.events import is_hearing
from kg.extract.trigger import Trigger, trigger_class
from kg.extract.roles import RoleFact
from kg.lexicon import Lazy, lexicon_list, lexicon_set, lexicon_table

# the kind of activity a cue's target names (陪同考察 -> the trip)
_TARGET_CLASS = Lazy(lambda: {w: c for w, c in lexicon_table("cue_targets.txt").items() if c != "meeting"})


# nouns a cue's target may name an event by (参加座谈会 -> the 座谈会 drafted)
_MEETING_NOUNS = Lazy(lambda: lexicon_set("cue_targets.txt", "meeting"))
# an activity named by no more than the word: the one reported (出席活动)
# a party led by someone (X带领…, X率…)
_LEADS = Lazy(lambda: lexicon_list("role_words.txt", "leads"))
# an event that is itself the signing (签约仪式, 签字仪式)
_SIGNING_EVENT = Lazy(lambda: lexicon_list("event_words.txt", "signing_event"))
_BARE_ACTIVITY = Lazy(lambda: lexicon_set("event_words.txt", "bare_activity"))


@dataclass
class Draft:
    trigger: Trigger
    sentence: tuple[int, int]  # clean span of the trigger sentence
    date: str | None = None
    end_date: str | None = None
    inferred: bool = False
    part_of_day: str | None = None
    facts: list[tuple[RoleFact, tuple[int, int]]] = field(default_factory=list)
    guest: str | None = None  # the one guest of a 会见 split from 分别会见
    group: int | None = None  # drafts split from one 分别 sentence share a group

    @property
    def cls(self) -> str:
        return trigger_class(self.trigger)

    def take_date(self, dated: DateMention) -> None:
        self.date, self.end_date = dated.date, dated.end_date
        self.inferred, self.part_of_day = dated.inferred_year, dated.part_of_day


def _label_for_guest(trigger: Trigger, guest: str) -> str:
    """The label of one guest's event split from 分别会见 (会见A, 同A举行会谈)."""
    label = trigger.label
    verb = max(lexicon_list("trigger_verbs.txt", "talks"), key=lambda v: label.rfind(v))
    if label.startswith("同") and trigger.counterpart_text:
        return f"同{guest}举行{verb}"
    at = label.find(verb)
    return (label[:at] if at >= 0 else "") + verb + guest


class EventDrafts:
    """The drafts of one article, built sentence by sentence (see the module docstring)."""

    def __init__(self) -> None:
        self.drafts: list[Draft] = []
        self.current: Draft | None = None
        self._groups = 0
        # the day this paragraph moved to (23日下午，…), with where its sentence starts
        self._scene: tuple[DateMention, int] | None = None
        # the day this paragraph's last sentence opening on one is on, whatever it tells
        self._day: tuple[DateMention, int] | None = None

    # -- which event a sentence is about -------------------------------------------------
    def on_sentence(self, triggers: list[Trigger], span: tuple[int, int], sentence: str,
                    person_names: set[str], dated: DateMention | None, *,
                    activity: bool = False) -> list[tuple[Trigger, Draft]]:
        """The events a sentence starts or resumes, with the trigger of each (a second
        trigger of another kind, 调研并主持召开座谈会, starts an event of its own).
        ``activity``: the sentence names an activity, kept or not (a day it opens on is
        where the narrative moved; a feature's 8月3日，游客X来到… is not)."""
        scene = self._scene_date() if dated is None else None
        if dated and dated.date and opens_sentence(dated, sentence):
            self._day = (dated, span[0])
            if activity:
                self._scene = (dated, span[0])
        kept: list[tuple[Trigger, Draft]] = []
        if not triggers:
            self.on_trigger(None, span, sentence, person_names, dated or scene)
        for trigger in sorted(triggers, key=lambda t: t.verb_at):
            before = self.current
            on_day = dated or (scene if scene and not self._within_current(trigger, scene) else None)
            resumed = self.on_trigger(trigger, span, sentence, person_names, on_day)
            if self.current is not None and (resumed is not None or self.current is not before):
                kept.append((trigger, self.current))
                if trigger.both_sides and self.current is not before:
                    self._both_sides_attend(self.current, span)
        return kept

    def new_paragraph(self) -> None:
        """A paragraph break: the day the last one moved to is no longer the scene (a
        closing 参加汇报会 names the report of its day, not the last paragraph's)."""
        self._scene = self._day = None

    def elsewhere(self) -> bool:
        """Whether the paragraph has moved to a day outside the current event's (8月5日
        的联席会议 … 8月6日，医生X给患者诊断…): a sentence there that starts no event adds
        nobody to the current one."""
        current, day = self.current, self._day
        if current is None or day is None or not current.date or day[1] <= current.sentence[0]:
            return False
        return not current.date <= day[0].date <= (current.end_date or current.date)

    def _scene_date(self) -> DateMention | None:
        """The day an undated sentence is on: the day a later sentence than the current
        event's moved the narrative to (23日下午，考察组赴…。…参加座谈会: the 23rd's)."""
        current, scene = self.current, self._scene
        if current is None or scene is None or scene[1] <= current.sentence[0]:
            return None
        # (a day inside the current event's 8月22日-23日 narrows it too)
        return scene[0] if scene[0].date != current.date or current.end_date else None

    def _within_current(self, trigger: Trigger, scene: DateMention) -> bool:
        """A trip's trigger on a day inside the current trip's span (14日至15日在天津调研 …
        15日来到X调研): the same trip, not another (a 会见 on the 10th of a 9日至11日
        visit is its own)."""
        current = self.current
        return bool(current is not None and current.cls == trigger_class(trigger) == "tour" and current.end_date and current.date
                    and current.date <= scene.date <= current.end_date)

    def _both_sides_attend(self, draft: Draft, span: tuple[int, int]) -> None:
        """两国元首共同见证签署: the host and the guest of the talks before attend it."""
        talks = next((d for d in reversed(self.drafts) if d.cls == "talks"), None)
        for fact, _ in talks.facts if talks is not None else ():
            if fact.role in ("led", "counterpart") and fact.actor.kind == "person":
                draft.facts.append((dataclasses.replace(fact, role="attended", target=None), span))

    def on_trigger(self, trigger: Trigger | None, span: tuple[int, int], sentence: str,
                   person_names: set[str], dated: DateMention | None) -> Trigger | None:
        """Start or resume the event a sentence's trigger names; the trigger kept (None
        when the sentence only goes back to an event already drafted)."""
        current = self.current
        if trigger and trigger.activity == "wreath" and current is not None and current.cls not in ("talks", "wreath") \
                and not (dated and dated.date and current.date and dated.date != current.date):
            trigger = None  # a wreath laid on a tour or at a ceremony is part of it (a guest's after talks, or
            # on another day, is not)
        if trigger and trigger.activity == "signing" and current is not None and any(
                w in current.trigger.label for w in _SIGNING_EVENT):
            trigger = None  # the signing of a 签约仪式 is what the ceremony is
        if trigger and current is not None and trigger.label in _BARE_ACTIVITY and not (dated and dated.date != current.date):
            trigger = None  # 出席活动: the activity the story is about, not another one
        if trigger and trigger.reference and current is not None:
            told = next((d for d in reversed(self.drafts) if d.cls == trigger_class(trigger)), None)
            if told is not None:
                self.current = told  # 结束看望慰问活动后，…: back to the visit told before
                return None
        if trigger and current is not None:
            guest = self._guest_draft(trigger, person_names)
            if guest is not None:
                self.current = guest  # 会见A时: back to A's 会见
                return None
            same = _earlier_same(trigger, self.drafts)
            if same is not None and not dated and not self._another_party(trigger, sentence, person_names):
                self.current = same  # 出席座谈会 again: back to the 座谈会 already seen
                return None
        if trigger:
            new_date = dated.date if dated else None
            starts_new = (
                current is None
                or (new_date and current.date and new_date != current.date
                    and not self._within_current(trigger, dated))  # (5日 of a 4日至6日 trip: the trip)
                or trigger_class(trigger) != current.cls
                or trigger.split
                or self._another_party(trigger, sentence, person_names)
            )
            if starts_new:
                draft = Draft(trigger, span)
                if dated:
                    draft.take_date(dated)
                elif current and not current.end_date and "期间" not in sentence:
                    draft.date, draft.inferred = current.date, current.inferred
                self.drafts.append(draft)
                self.current = draft
            elif current.trigger.location is None and trigger.location:
                current.trigger.location = trigger.location
        if self.current and dated and self.current.date is None and (not trigger or self.current is self.drafts[-1]):
            self.current.take_date(dated)
        return trigger

    def _another_party(self, trigger: Trigger, sentence: str, person_names: set[str]) -> bool:
        """A tour led by other people than the one drafted (副团长A带领六分团来到…, after
        B's 一分团): parallel parties of one delegation, one event each."""
        current = self.current
        if current is None or current.cls != "tour" or trigger_class(trigger) != "tour":
            return False
        if not person_names or not any(w in sentence for w in _LEADS):
            return False
        leaders = {f.actor.name for f, _ in current.facts if f.role == "led"}
        return bool(leaders) and not leaders & person_names

    def _guest_draft(self, trigger: Trigger, person_names: set[str]) -> Draft | None:
        """The split 会见 of a guest this talks sentence names again (会见A时)."""
        if trigger.type != "talks":
            return None
        for d in reversed(self.drafts):
            if d.guest is not None and d.guest in person_names and d.guest in trigger.label:
                return d
        return None

    # -- which event a fact belongs to ---------------------------------------------------
    def place_facts(self, facts: list[RoleFact], span: tuple[int, int], kept: list[tuple[Trigger, Draft]]) -> None:
        """Give each fact of a sentence to its event(s): with two events named in the
        sentence, the one whose verb stands nearest the fact's cue."""
        if self._to_guests(facts, span, kept):
            return
        splits = [k for k in kept if k[0].split]
        if len(splits) == 1:
            guests = [f for f in facts if f.role == "counterpart" and f.actor.kind == "person"]
            # 会见A，与B、C分别会谈 (同A举行会见，并分别会见B、C): A, named before the first
            # talks trigger ends, is that 会见's guest
            first = next((k[0] for k in kept if k[0].type == "talks" and not k[0].split), None)
            boundary = span[0] + first.end if first is not None else span[0]
            theirs = [f for f in guests if f.actor.start < boundary]
            guests = [f for f in guests if f.actor.start >= boundary]
            if len({f.actor.name for f in guests}) >= 2:
                self._split(splits[0][1], [f for f in facts if f not in theirs], guests, span)
                # (访问印尼，分别会见A、B: the visit keeps the sentence's other facts)
                for _, draft in (k for k in kept if k is not splits[0]):
                    draft.facts.extend((f, span) for f in facts if f not in guests)
                return
        presiding = {f.actor.name for f in facts if f.role == "presided"}
        for fact in facts:
            targets = self._targets(fact)
            if len(kept) > 1 and not (fact.target and _TARGET_CLASS.get(fact.target)):
                nearest = min(kept, key=lambda k: abs(span[0] + k[0].verb_at - fact.cue_end))
                targets = [nearest[1]]
            if fact.role == "led" and fact.actor.name in presiding:
                targets = [d for d in (self._trip_for_led(t) for t in targets) if d is not None]
            for target in targets:
                target.facts.append((fact, span))

    def _to_guests(self, facts: list[RoleFact], span: tuple[int, int], kept: list[tuple[Trigger, Draft]]) -> bool:
        """与A、B分别会谈时，…: a sentence going back to several guests of one split gives
        each guest's event its guest and the sentence's other facts; whether it did."""
        if not self._groups:
            return False  # (no 分别 split drafted: nothing to go back to)
        drafts = [d for _, d in kept] or ([self.current] if self.current is not None else [])
        resumed = next((d for d in drafts if d.guest is not None), None)
        if resumed is None:
            return False
        by_guest = {d.guest: d for d in self.drafts if d.group == resumed.group}
        named = [by_guest[n] for n in dict.fromkeys(f.actor.name for f in facts) if n in by_guest]
        if len(named) < 2:
            return False
        for fact in facts:
            own = by_guest.get(fact.actor.name) if fact.role == "counterpart" else None
            for draft in [own] if own is not None else named:
                draft.facts.append((fact, span))
        return True

    def _trip_for_led(self, draft: Draft) -> Draft | None:
        """A meeting its leader presides is presided, not led: the lead of 来到X主持召开
        座谈会 belongs to the trip the meeting is part of; with no trip (主持召开会议，听取
        …汇报) it is no fact."""
        if draft.trigger.type not in ("meeting", "forum") or is_hearing(draft.trigger):
            return draft  # (the one who hears 听取…汇报 leads it)
        return next((d for d in reversed(self.drafts) if d.cls == "tour"), None)

    def _split(self, first: Draft, facts: list[RoleFact], guests: list[RoleFact], span: tuple[int, int]) -> None:
        """One 会见 per guest of a 分别会见 sentence; the other facts go to each."""
        self._groups += 1
        names = list(dict.fromkeys(f.actor.name for f in guests))
        group: list[Draft] = []
        for i, name in enumerate(names):
            d = first if i == 0 else dataclasses.replace(first, facts=[])
            d.trigger = dataclasses.replace(first.trigger, label=_label_for_guest(first.trigger, name))
            d.guest, d.group = name, self._groups
            if i:
                self.drafts.append(d)
            group.append(d)
        for fact in facts:
            if fact.role == "counterpart" and fact.actor.name in names:
                group[names.index(fact.actor.name)].facts.append((fact, span))
            else:
                for d in group:
                    d.facts.append((fact, span))
        self.current = group[-1]

    def _targets(self, fact: RoleFact) -> list[Draft]:
        """The event(s) a role fact belongs to: the latest of the kind its cue names
        (陪同考察 -> the trip; 参加会见 -> every 会见 of a split), else the current one."""
        drafts, current = self.drafts, self.current
        if fact.role == "accompanied" and not fact.target and drafts:
            # "吴政隆陪同。" at the end of a trip report accompanies the whole trip
            trip = next((d for d in reversed(drafts) if d.cls == "tour"), None)
            if trip is not None:
                return [trip]
        if fact.target == "上述活动" and drafts:
            # 参加上述活动: every event of the story, from its 会见 (or split 会见) on
            start = next((i for i in range(len(drafts) - 1, -1, -1) if drafts[i].cls == "talks"), len(drafts) - 1)
            while start and drafts[start - 1].group is not None and drafts[start - 1].group == drafts[start].group:
                start -= 1
            return drafts[start:]
        noun = (fact.target or "").removeprefix("上述")
        if noun in _MEETING_NOUNS and drafts:
            # 参加座谈会, 出席签约仪式: the latest event named so
            named = next((d for d in reversed(drafts) if noun in d.trigger.label), None)
            if named is not None:
                return [named]
        wanted = _TARGET_CLASS.get(noun)
        if wanted and drafts:
            latest = next((d for d in reversed(drafts) if d.cls == wanted), None)
            if latest is not None:
                if latest.group is not None and fact.role == "attended":
                    return [d for d in drafts if d.group == latest.group]  # 参加会见: every guest's
                return [latest]
        return [current] if current is not None else []


def _earlier_same(trigger: Trigger, drafts: list[Draft]) -> Draft | None:
    """An event already seen that this trigger names again (same kind, same noun)."""
    cls = trigger_class(trigger)
    for d in reversed(drafts):
        if d.cls == cls and (trigger.label in d.trigger.label or d.trigger.label in trigger.label):
            return d
    return None
