"""Register coverage (issue 5): name lists without titles, 出席…的还有 lists, honorifics
before a date, long foreign names in talks, 陪同 after an inspection. Fictional text."""

from __future__ import annotations

import pytest

from kg.gold import article_to_gold
from kg.model import Article
from kg.pipeline import process_article


def _gold(text: str, date: str = "2023-07-26") -> dict:
    return article_to_gold(process_article(Article(id="x", title="t", text=text, date=date)))


def _roles(g: dict) -> dict[str, list[str]]:
    [event] = g["events"]
    return {p["name"]: p["roles"] for p in event["participants"]}


def test_names_after_quling_dao_attend():
    g = _gold("本报讯 6月3日,青山区召开工作推进会。区领导王愚、黄红、李明参加会议。")
    assert _roles(g) == {"王愚": ["attended"], "黄红": ["attended"], "李明": ["attended"]}


def test_list_after_chuxi_de_haiyou():
    g = _gold("本报讯 6月3日,青山区召开工作推进会。出席会议的还有周明远、陈雅、赵立。")
    assert _roles(g) == {"周明远": ["attended"], "陈雅": ["attended"], "赵立": ["attended"]}


def test_honorific_before_a_date_and_accompanied_inspection():
    g = _gold("新华社北京7月25日电 李强总理7月1日至2日在松岭考察调研。吴政隆陪同考察。")
    persons = {p["name"]: p["posts"] for p in g["persons"]}
    assert persons["李强"] == [{"org": "国务院", "title": "总理"}]
    [event] = g["events"]
    assert (event["date"], event["location"]) == ("2023-07-01", "松岭")
    assert _roles(g) == {"李强": ["led"], "吴政隆": ["accompanied"]}


def test_long_foreign_name_in_talks_is_the_counterpart():
    g = _gold("当地时间25日上午,国家主席习近平在利马同青岚共和国总统博鲁阿尔特举行会谈。")
    assert _roles(g) == {"习近平": ["led"], "博鲁阿尔特": ["counterpart"]}
    assert g["events"][0]["location"] == "利马"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("国家主席习近平会见青岚共和国总统韦斯特,王毅等参加会见。", "王毅"),
        ("青岚共和国总统韦斯特致电国家主席习近平。", "韦斯特"),
        ("中共中央政治局常委李希将出席会议。", "李希"),
    ],
)
def test_a_stop_word_after_a_name_is_not_part_of_it(text, name):
    names = {p["name"] for p in _gold(text)["persons"]}
    assert name in names and not any(n.startswith(name) and n != name for n in names)


def test_former_head_of_state_has_no_current_post():
    g = _gold("青岚共和国前总统韦斯特出席论坛。")
    assert {p["name"]: p["posts"] for p in g["persons"]} == {"韦斯特": []}


def test_reported_speech_gives_no_roles():
    g = _gold(
        "当地时间25日,国家主席习近平在利马会见青岚共和国总统韦斯特。"
        "韦斯特表示,我同习近平主席去年成功会晤,两国关系不断发展。"
    )
    assert _roles(g) == {"习近平": ["led"], "韦斯特": ["counterpart"]}


def test_people_listed_across_commas_share_the_cue():
    g = _gold("本报讯 6月3日,青山区召开座谈会。青山区委书记周明远,云溪镇党委书记吴海燕,松岭社区党支部书记郑国平在会上发言。")
    assert _roles(g) == {"周明远": ["spoke"], "吴海燕": ["spoke"], "郑国平": ["spoke"]}


def test_accompanying_at_the_end_of_a_trip_joins_the_trip():
    g = _gold(
        "本报讯 6月3日,青山区委书记周明远到云溪镇调研。在松岭社区,周明远主持召开座谈会。区委常委赵立陪同。"
    )
    trip, meeting = g["events"]
    assert {p["name"]: p["roles"] for p in trip["participants"]} == {"周明远": ["led"], "赵立": ["accompanied"]}
    assert {p["name"]: p["roles"] for p in meeting["participants"]} == {"周明远": ["presided"]}
    assert meeting["location"] == "松岭社区"
