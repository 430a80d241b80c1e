"""kg.extract.trigger: a trigger's label, place and organizer as the rules leave them, and
its class. Fictional text."""

from __future__ import annotations

from kg.extract.trigger import Trigger, normalise_place, organizer_of, trigger_class


def test_a_label_loses_the_function_words_at_its_edges():
    assert Trigger("meeting", "了欢迎宴会", 0, 5).label == "欢迎宴会"
    assert Trigger("meeting", "会", 0, 1).label == "会"  # (too short to clean: kept)


def test_a_place_sheds_manner_words_and_period():
    assert normalise_place("云溪会展中心隆重") == "云溪会展中心"
    assert normalise_place("白鹿县期间") == "白鹿县"
    assert normalise_place("") is None


def test_the_organizer_is_a_unit_never_a_person():
    assert organizer_of("6月3日上午云溪高新区") == "云溪高新区"  # (a clause: the date goes)
    assert organizer_of("周明远") is None


def test_a_wreath_is_a_class_of_its_own():
    assert trigger_class(Trigger("ceremony", "向纪念碑敬献花圈", 0, 8, activity="wreath")) == "wreath"
    assert trigger_class(Trigger("inspection", "调研", 0, 2)) == "tour"
