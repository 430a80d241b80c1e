"""The gazetteer: divisions from the packaged data, short forms by rule, scanning text."""

from __future__ import annotations

import pytest

from kg.gazetteer import Gazetteer, gazetteer, short_forms


@pytest.fixture(scope="module")
def gz() -> Gazetteer:
    return gazetteer()


def test_every_level_is_there_with_code_parent_and_coordinates(gz):
    levels = {d.level for d in gz.divisions}
    assert levels == {"province", "prefecture", "county"}
    assert sum(d.level == "province" for d in gz.divisions if d.current) == 34
    assert sum(d.level == "county" for d in gz.divisions if d.current) > 2800
    county = gz.named("乡城县")[0]
    assert county.code == "513336" and county.level == "county"
    assert gz.parent(county).name == "甘孜藏族自治州"
    assert [a.name for a in gz.ancestors(county)] == ["甘孜藏族自治州", "四川省"]
    assert county.longitude and 90 < county.longitude < 110 and county.latitude


@pytest.mark.parametrize(
    ("name", "level", "forms"),
    [
        ("甘孜藏族自治州", "prefecture", ("甘孜州", "甘孜")),
        ("峨边彝族自治县", "county", ("峨边县", "峨边")),
        ("红河哈尼族彝族自治州", "prefecture", ("红河州", "红河")),
        ("博尔塔拉蒙古自治州", "prefecture", ("博尔塔拉州", "博尔塔拉")),
        ("广西壮族自治区", "province", ("广西",)),
        ("内蒙古自治区", "province", ("内蒙古",)),
        ("香港特别行政区", "province", ("香港",)),
        ("郑州市", "prefecture", ("郑州",)),
        ("乡城县", "county", ("乡城",)),
        ("阿里地区", "prefecture", ("阿里",)),
        ("泸县", "county", ()),  # one character is no short form
    ],
)
def test_short_forms_follow_the_naming_rules(name, level, forms):
    assert short_forms(name, level) == forms


def test_a_form_names_its_best_reading_first(gz):
    assert gz.named("河北")[0].name == "河北省"  # the province before Tianjin's 河北区
    assert gz.named("甘孜")[0].name == "甘孜藏族自治州"
    assert gz.named("京")[0].name == "北京市"
    assert {d.code[:2] for d in gz.named("朝阳区")} == {"11", "22"}  # two real 朝阳区
    assert gz.named("高新区") == []  # a development zone is no administrative division


def test_a_renamed_division_is_kept_as_a_past_name(gz):
    past = gz.named("许昌县")
    assert past and not past[0].current and gz.parent(past[0]).name == "许昌市"


def test_scan_finds_a_chain_of_places_leftmost_longest(gz):
    text = "四川省甘孜藏族自治州乡城县委书记到天津市东丽区调研"
    found = [(m.form, m.division.code) for m in gz.scan(text)]
    assert found == [("四川省", "510000"), ("甘孜藏族自治州", "513300"), ("乡城县", "513336"),
                     ("天津市", "120000"), ("东丽区", "120110")]
    assert all(text[m.start : m.end] == m.form for m in gz.scan(text))


def test_scan_prefers_the_division_inside_the_place_before_it(gz):
    (first, second) = gz.scan("吉林省长春市朝阳区")[1:]
    assert second.form == "朝阳区" and second.division.code.startswith("22")
    assert gz.scan("北京市朝阳区")[1].division.code.startswith("11")


def test_generic_district_names_are_never_matched(gz):
    assert all(m.form not in ("城区", "郊区", "矿区") for m in gz.scan("老城区和郊区的矿区"))
