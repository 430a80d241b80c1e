"""loaders.page.segment_page on fictional pages in the seed's layout."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.loaders.page import segment_page
from kg.model import content_id

DATA = Path(__file__).parent / "data"
PAGE = (DATA / "page.utf8.txt").read_text(encoding="utf-8")
TITLES = ["青山区举办松岭社区乡村振兴交流论坛", "青山区 召开春季植树 动员会"]


def assert_slices(page: str, articles) -> None:
    """The evidence invariant: each article's text is the page text at its offset."""
    for a in articles:
        assert page[a.source_offset : a.source_offset + len(a.text)] == a.text
        assert a.text == a.text.strip()


def test_two_articles_with_kicker_title_lead_and_bylines():
    articles = segment_page(PAGE, "tests/data/page.utf8.txt")
    assert_slices(PAGE, articles)
    assert [a.title for a in articles] == TITLES
    first, second = articles
    assert first.kicker == "聚焦“乡村振兴” 共谋发展新篇"
    assert second.kicker is None
    assert first.authors == ("林晓", "赵明")
    assert second.authors == ("林晓", "何平")  # 本报讯(记者 林晓 通讯员 何平) + byline, de-duplicated
    assert first.publication == second.publication == "青山日报"  # from 青山日报 赵明 文/图
    assert first.date == second.date == "2021-03-05"  # from the 星期五 header
    assert first.source == "tests/data/page.utf8.txt"


def test_body_is_the_exact_slice_from_lead_to_last_paragraph():
    first, second = segment_page(PAGE, "p.txt")
    assert first.text.startswith("本报讯 3月4日上午")
    assert first.text.endswith("党组织书记先后作了交流发言。")
    # Layout breaks stay inside the body, untouched: they are not titles.
    assert "作用发\n\n挥的好坏" in first.text
    assert "等5名\n\n\n\n党组织书记" in first.text
    for a in (first, second):
        lines = {line.strip() for line in a.text.splitlines()}
        assert not lines & {"记者 林晓", "青山日报 赵明 文/图", "责任编辑：孙文", TITLES[0], TITLES[1]}
        assert "聚焦" not in a.text
    assert second.text.startswith("本报讯(记者 林晓 通讯员 何平)")
    assert second.text.endswith("确保3月底前完成植树任务。")


def test_ids_are_deterministic():
    articles = segment_page(PAGE, "some/dir/page.utf8.txt")
    first = articles[0]
    assert first.id == content_id(TITLES[0], first.text, first.date, first.publication)
    # from what the article says, not where it is: a renamed page keeps its ids
    assert [a.id for a in articles] == [a.id for a in segment_page(PAGE, "other/renamed.txt")]


def test_crlf_page_keeps_offsets_exact():
    page = PAGE.replace("\n", "\r\n")
    articles = segment_page(page, "p.txt")
    assert_slices(page, articles)
    assert [a.title for a in articles] == TITLES
    assert "作用发\r\n\r\n挥" in articles[0].text


def test_traditional_page_segments_the_same():
    page = (DATA / "page.big5.txt").read_bytes().decode("big5")
    articles = segment_page(page, "p.txt")
    assert_slices(page, articles)
    assert [a.title for a in articles] == ["青山區舉辦松嶺社區鄉村振興交流論壇", "青山區 召開春季植樹 動員會"]
    assert articles[0].authors == ("林晓", "赵明")  # names in the extractor's (simplified) form


def test_no_date_without_a_page_header():
    page = PAGE.replace("2021年3月5日 星期五\n", "")
    assert {a.date for a in segment_page(page, "p.txt")} == {None}


def test_publication_parameter_is_a_default():
    page = PAGE.replace("青山日报 赵明 文/图", "赵明 摄")
    articles = segment_page(page, "p.txt", publication="松岭晚报")
    assert {a.publication for a in articles} == {"松岭晚报"}
    assert articles[0].authors == ("林晓", "赵明")


def test_subtitle_and_title_without_lead():
    page = (
        "春风化雨润松岭\n\n——记松岭社区党支部书记王秀兰\n\n"
        "清晨六点,王秀兰已经走在社区的小路上。她说,社区的事没有小事。\n\n"
        "这些年,她带领居民修路、建园,把松岭社区变成了远近闻名的美丽社区。\n\n记者 林晓\n"
    )
    [article] = segment_page(page, "p.txt")
    assert_slices(page, [article])
    assert article.title == "春风化雨润松岭"
    assert article.subtitle == "——记松岭社区党支部书记王秀兰"
    assert article.text.startswith("清晨六点")
    assert article.authors == ("林晓",)


def test_two_leads_without_bylines_split_at_the_title():
    page = (
        "青山区召开安全生产会议\n\n本报讯 3月1日,青山区召开安全生产会议。会议部署了相关工作。\n\n"
        "松岭社区举办读书节\n\n本报讯 3月2日,松岭社区举办读书节,居民踊跃参加。\n"
    )
    articles = segment_page(page, "p.txt")
    assert_slices(page, articles)
    assert [a.title for a in articles] == ["青山区召开安全生产会议", "松岭社区举办读书节"]
    assert [a.authors for a in articles] == [(), ()]


def test_byline_under_the_title_belongs_to_the_article():
    page = "青山区启动春耕备耕工作\n本报记者 林晓 通讯员 何平\n\n本报讯 近日,青山区启动春耕备耕工作。\n"
    [article] = segment_page(page, "p.txt")
    assert article.title == "青山区启动春耕备耕工作"
    assert article.authors == ("林晓", "何平")
    assert article.text == "本报讯 近日,青山区启动春耕备耕工作。"


@pytest.mark.parametrize("page", ["", "\n\n", "第2版\n责任编辑：孙文\n", "记者 林晓\n", "只有一个标题\n"])
def test_pages_without_articles(page):
    assert segment_page(page, "p.txt") == []


def test_photo_credit_inside_a_body_does_not_split_it():
    page = (
        "松岭社区举办读书节\n\n本报讯 3月2日,松岭社区举办读书节。\n\n赵明 摄\n\n"
        "活动现场,居民们交换图书、分享读书心得,气氛热烈,不少孩子在家长的陪伴下认真阅读。\n\n记者 林晓\n"
    )
    [article] = segment_page(page, "p.txt")
    assert article.text.startswith("本报讯") and article.text.endswith("认真阅读。")
    assert article.authors == ("赵明", "林晓")
