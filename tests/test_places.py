"""kg.places: location strings read into the tree of places (gazetteer divisions,
countries, known venues and cities, townships, villages and venues named in text), the
places of organizations, and ``locate`` on whole records (deterministic, idempotent)."""

from __future__ import annotations

import dataclasses

import pytest

from kg.errors import KgError
from kg.lexicon import lexicon, province_abbreviations
from kg.gazetteer import gazetteer
from kg.model import Place
from kg.places import PlaceBook, locate, location_only, place_book
from kg.resolve import resolve
from places_samples import places_extractions


def chain(place: Place, book: PlaceBook | None = None) -> list[str]:
    """The place and its parents, outermost first, as names."""
    return [p.name for p in reversed([place, *(book or place_book()).ancestors(place)])]


def located(text: str) -> list[list[str]]:
    return [chain(p) for p in place_book().locate(text)]


@pytest.mark.parametrize(("text", "expected"), [
    # a division inside the one written before it, the short forms read
    ("甘孜州康定市", [["中国", "四川省", "甘孜藏族自治州", "康定市"]]),
    ("北京市通州区潞城镇", [["中国", "北京市", "通州区", "潞城镇"]]),
    ("广西南宁", [["中国", "广西壮族自治区", "南宁市"]]),
    # venues: known ones inside their city, with or without it written; a hall inside its building
    ("人民大会堂", [["中国", "北京市", "人民大会堂"]]),
    ("北京人民大会堂北大厅", [["中国", "北京市", "人民大会堂", "人民大会堂北大厅"]]),
    ("天津迎宾馆", [["中国", "天津市", "天津迎宾馆"]]),
    ("海南博鳌", [["中国", "海南省", "琼海市", "博鳌"]]),
    # a known venue's name inside another city is that city's own venue
    ("泰国曼谷国家会议中心", [["泰国", "曼谷", "曼谷国家会议中心"]]),
    # abroad: a city with its country, 首都 skipped, the clause after it left out
    ("首都德黑兰", [["伊朗", "德黑兰"]]),
    ("阿根廷首都布宜诺斯艾利斯", [["阿根廷", "布宜诺斯艾利斯"]]),
    ("约翰内斯堡出席峰会期间", [["南非", "约翰内斯堡"]]),
    ("越南", [["越南"]]),
    # several places, each read
    ("黑龙江、吉林", [["中国", "黑龙江省"], ["中国", "吉林省"]]),
    ("吉隆坡和布城", [["马来西亚", "吉隆坡"], ["马来西亚", "布城"]]),
    # the clause after a place is no place
    ("北京集体", [["中国", "北京市"]]),
    ("人民大会堂金色大厅为来宾", [["中国", "北京市", "人民大会堂", "人民大会堂金色大厅"]]),
    # names of their own, no place known above them
    ("云溪会展中心", [["云溪会展中心"]]),
    ("松岭村", [["松岭村"]]),
    ("中国人民大学", [["中国人民大学"]]),  # 中国 opens a name, not a place
    ("牡丹社区", [["牡丹社区"]]),  # a county's short form opening a name is not the county
    # nothing known
    ("这里", []), ("会前", []), ("医院", []), ("这个贫困村", []), ("", []),
])
def test_location_strings_read_as_places(text, expected):
    assert located(text) == expected


def test_one_place_however_it_is_written():
    book = place_book()
    beijing = {p.id for t in ("北京", "北京市", "在京", "京", "京集体", "在北京") for p in book.locate(t)}
    assert len(beijing) == 1
    hall = {p.id for t in ("人民大会堂", "北京人民大会堂", "在人民大会堂") for p in book.locate(t)}
    assert len(hall) == 1
    assert book.locate("北京人民大会堂北大厅")[0].parent in hall
    assert book.locate("京津冀地区") == ()  # two abbreviations are no single place


def test_a_division_keeps_its_code_level_aliases_and_coordinates():
    kangding = place_book().locate("甘孜州康定市")[0]
    division = gazetteer().named("康定市")[0]
    assert (kangding.name, kangding.level, kangding.code) == ("康定市", "county", division.code)
    assert (kangding.longitude, kangding.latitude) == (division.longitude, division.latitude)
    assert kangding.id == Place("康定市", "county", code=division.code).id  # the id follows the code
    ganzi = place_book().by_id[kangding.parent]
    assert ganzi.level == "prefecture" and {"甘孜州", "甘孜"} <= set(ganzi.aliases)
    beijing = place_book().locate("北京")[0]
    assert {"北京", "京"} <= set(beijing.aliases) and beijing.parent == place_book().china.id


@pytest.mark.parametrize(("org", "place"), [
    ("乡城县委", "乡城县"), ("乡城县人民政府", "乡城县"), ("中共甘孜州委组织部", "甘孜藏族自治州"),
    ("郑州高新区党工委", "郑州市"), ("四川省委", "四川省"), ("越共中央", "越南"), ("美国国务院", "美国"),
    ("新华社", None),  # 新华 is a short form of several districts: too common a word
    ("中国科学院", None), ("国务院", None),
])
def test_the_place_of_an_organization(org, place):
    found = place_book().org_place(org)
    assert (found.name if found else None) == place


def test_locate_fills_the_records_and_runs_once():
    raw = places_extractions()[0]
    x = locate(raw)
    assert locate(x) == x  # idempotent
    (event,) = x.events
    kangding = place_book().by_id[event.places[0]]
    assert kangding.name == "康定市"
    names = [p.name for p in x.places]
    # every parent is in the record, outermost first
    assert names[:4] == ["中国", "四川省", "甘孜藏族自治州", "康定市"] and set(names) >= {"乡城县"}
    assert {p.id for p in x.places} >= {p.parent for p in x.places if p.parent}
    orgs = {o.name: o for o in x.organizations}
    assert "甘孜州康定市" not in orgs  # the extractor's location-only organization is a Place now
    assert place_book().by_id[orgs["乡城县委"].place].name == "乡城县"


def test_an_organization_named_by_a_fact_is_kept_even_if_a_location():
    raw = places_extractions()[0]
    event = dataclasses.replace(raw.events[0], organizer="甘孜州康定市")
    x = dataclasses.replace(raw, events=(event,))
    assert location_only(x) == set()
    assert "甘孜州康定市" in {o.name for o in locate(x).organizations}


def test_resolve_gives_every_record_its_places():
    records = resolve(places_extractions())
    by_id = {p.id: p for x in records for p in x.places}
    located_at = {e.location: [by_id[i].name for i in e.places] for x in records for e in x.events}
    assert located_at == {
        "甘孜州康定市": ["康定市"], "北京人民大会堂北大厅": ["人民大会堂北大厅"], "人民大会堂": ["人民大会堂"],
        "北京市朝阳区": ["朝阳区"], "京": ["北京市"], "北京": ["北京市"], "美国纽约": ["纽约"],
        "云溪会展中心": ["云溪会展中心"], "这里": []}
    # the same place from different articles is one record, described the same way
    beijing = [p for x in records for p in x.places if p.name == "北京市"]
    assert len(beijing) == 3 and len(set(beijing)) == 1  # pl-2, pl-3 and pl-4
    assert resolve(records) == records  # resolving again changes nothing


def _book(known: list[tuple[str, str, str]], words: list[tuple[str, str]] | None = None) -> PlaceBook:
    return PlaceBook(gazetteer(), known, words or [("venue", "馆")], lexicon().countries, province_abbreviations())


def test_the_place_lexicons_are_checked():
    book = _book([("云溪博物馆", "venue", "北京市"), ("云溪馆", "venue", "云溪博物馆")])
    assert chain(book.locate("云溪馆")[0], book) == ["中国", "北京市", "云溪博物馆", "云溪馆"]
    with pytest.raises(KgError, match="known_places.txt: unknown level 'hall'"):
        _book([("云溪馆", "hall", "北京市")])
    with pytest.raises(KgError, match="known_places.txt: 云溪馆: unknown parent '云溪国'"):
        _book([("云溪馆", "venue", "云溪国")]).locate("云溪馆")
    with pytest.raises(KgError, match="place_words.txt: unknown level"):
        _book([], [("hall", "馆")])


def test_every_known_place_has_a_parent_in_the_tree():
    book = place_book()
    for entry in set(book.known.values()):
        place = book.known_place(entry)
        top = [place, *book.ancestors(place)][-1]
        assert top.level == "country", (entry.name, chain(place))
