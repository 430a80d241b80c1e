"""A trigger: the words of a sentence that report an event, with what they say of it
(type, label, place, organizer); the event classes that decide when a trigger starts a
new event. Found by the rules of ``kg.extract.events``."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract.boundaries import points_back, trim_left
from kg.lexicon import Lazy, lazy_regex, lexicon, lexicon_list, lexicon_regex, lexicon_rows, lexicon_set

_PLACE_SHORT = Lazy(lambda: dict(lexicon_rows("event_place_short.txt", 2)))

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


_LABEL_LEAD = lazy_regex("^(?:(?:他|她)所在的|{event_words.txt:label_lead})+")
_LABEL_TAIL = lazy_regex("(?:{event_words.txt:label_tail})$")


def clean_label(label: str) -> str:
    """An event's label without the function words a pattern left at its edges (了宴会,
    的欢迎仪式, 会谈结束后: 宴会, 欢迎仪式, 会谈)."""
    cleaned = _LABEL_TAIL.sub("", _LABEL_LEAD.sub("", label))
    return cleaned if len(cleaned) >= 2 else label


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
    verb_at: int = 0  # where its verb stands in the sentence (facts go to the nearest)
    both_sides: bool = False  # done by "the two heads of state": the people of the talks before
    scene: bool = False  # named as the scene of what follows (在X座谈会上，): a part of a report
    reference: bool = False  # names the time of what follows (会谈后，…): the event told before

    def __post_init__(self) -> None:
        self.label = clean_label(self.label)


def normalise_place(place: str | None) -> str | None:
    if not place:
        return None
    place = place.strip().removeprefix("了")
    for word in (*lexicon_list("trigger_verbs.txt", "manner"), *lexicon_list("event_words.txt", "place_trailer")):
        place = place.removesuffix(word)  # (在西藏期间，…: the place is 西藏)
    if len(place) > 25 or not place:
        return None
    return _PLACE_SHORT.get(place, place)


def trigger_class(trigger: Trigger) -> str:
    """The kind of activity a trigger names (a new kind starts a new event)."""
    return trigger.activity or CLASS_OF_TYPE.get(trigger.type, "meeting")


def organizer_of(subject: str) -> str | None:
    """The organizer is the subject of 召开/举办 when it is an organization, not a person."""
    subject = re.sub(r"^.*[：:]", "", subject)
    subject = lexicon_regex(
        r"\d{1,2}月?\d{0,2}日?({date_words.txt:clock_part})?|当地时间|{date_words.txt:news_time}|\s").sub("", subject)
    for word in lexicon_list("trigger_verbs.txt", "manner"):
        subject = subject.removesuffix(word)
    subject = subject.strip()
    if not subject or len(subject) > 20:
        return None
    lex = lexicon()
    parts = re.split("、|和", subject)
    if all(lex.ends_with_org_suffix(p) or p in lexicon_set("event_words.txt", "central_body") for p in parts if p):
        organizer = trim_left(subject)  # (十四届全国人大常委会举行…: the session is the meeting's)
        return None if points_back(organizer) else organizer  # (我们党召开…: whose?)
    return None
