"""Names no title introduces (kg.extract.name_patterns): one test per rule, fictional text."""

from __future__ import annotations

from kg.extract.orgs import OrgContext
from kg.extract.persons import PersonFinder


def names(sentence: str) -> set[str]:
    return {m.name for m in PersonFinder(OrgContext(sentence)).find(sentence, 0)}


def test_descriptor():
    assert "戴明宏" in names("在种粮大户戴明宏家中，他察看农机具。")
    assert "林远舟" in names("他来到天体物理学家林远舟家中。")  # ~学家: the end of a longer word
    assert names("为民营企业家解难题、办实事。") == set()  # a word after it (难题) is no name


def test_home():
    assert "熊成海" in names("他走进村民熊成海家，了解生产情况。")
    assert "欧阳立远" in names("随后，他来到欧阳立远家中。")  # a two-character surname
    assert names("这是全球入选城市数量最多的国家。") == set()  # 国家: no 多的国 家


def test_appointment():
    got = names("会议经表决，免去胡晓川、欧阳昌明的副秘书长职务，任命邓蓉芳为副秘书长。")
    assert {"胡晓川", "欧阳昌明", "邓蓉芳"} <= got


def test_counted_list():
    got = names("联组会上，张运平、蔡光明、郑家林等3位委员发言。")
    assert got == {"张运平", "蔡光明", "郑家林"}
    assert names("俄军在红利曼、赫尔松等方向打击乌军人员。") == set()  # places, no count of people


def test_closing_byline_lines_name_authors_and_editors():
    from kg.model import Article
    from kg.pipeline import process_article

    text = "11月8日，青山县委书记林晓峰出席座谈会。\n全媒体记者:王小勃 陶然\n（记者 周明远）\n责任编辑：李明\n(县委办 胡涛)\n会议强调：加强 领导"
    e = process_article(Article(id="b", title="座谈会", text=text, date="2024-11-09"))
    names = {p.name for p in e.persons}
    assert {"王小勃", "陶然", "周明远", "李明", "胡涛"} <= names
    assert not names & {"全媒体", "加强", "领导"}
    authors = {p.name for p in e.persons if any(a.person_id == p.id for a in e.authorships)}
    assert {"王小勃", "陶然", "周明远", "胡涛"} <= authors and "李明" not in authors
    assert not any(p.participant_name in authors for p in e.participations)
