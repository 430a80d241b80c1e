"""The article's own places (kg.extract.places), from the gazetteer and the text's pattern."""

from __future__ import annotations

from kg.extract.places import level_word, pick_places
from kg.lexicon import lexicon


def places(title: str, text: str) -> dict[str, str]:
    return pick_places(title, text, lexicon()).places


def test_a_division_named_with_its_organ_wins_over_one_named_in_passing():
    got = places("", "郑州市召开会议。乡城县委书记周明远出席，他曾在泸县工作。")
    assert got["县"] == "乡城县" and got["市"] == "郑州市"


def test_the_title_names_the_place():
    picks = pick_places("东丽区举办科技论坛", "区委书记周明远出席。", lexicon())
    assert picks.places["区"] == "东丽区"
    assert "title" in picks.evidence["区"]


def test_a_place_no_gazetteer_lists_is_read_from_its_organ():
    assert places("", "云溪镇召开会议，镇党委书记何欣主持。") == {"镇": "云溪镇"}
    assert places("", "云溪高新区党工委召开会议。") == {"区": "云溪高新区"}


def test_a_clause_before_a_level_word_is_no_place():
    assert places("", "区委书记周明远代表区委、区政府致辞。") == {}  # 明远代表区 is none
    assert places("", "会议由区委常委、宣传部部长钱锋主持。") == {}
    assert places("", "要加强区纪委和监委的建设。") == {}  # 加强区, 纪委区


def test_a_short_form_alone_is_no_place_but_with_its_organ_it_is():
    assert places("", "和平发展是共同心愿。") == {}  # 和平 is not 和平区
    assert places("", "东丽区委召开会议。") == {"区": "东丽区"}
    assert places("", "青山县委召开会议。") == {"县": "青山县"}  # not 青山区: the organ names the level


def test_in_an_autonomous_region_a_bare_qu_is_the_region():
    assert places("西藏自治区召开会议", "区党委书记出席。")["区"] == "西藏自治区"


def test_level_words():
    assert level_word("乡城县") == "县"
    assert level_word("甘孜州") == "州"
    assert level_word("甘孜藏族自治州") == "州"
    assert level_word("西藏自治区") == "自治区"
    assert level_word("城关街道") == "街道"
    assert level_word("乡城") == ""
