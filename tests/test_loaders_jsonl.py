"""loaders.jsonl: JSON Lines and JSON documents of articles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.records import Rejected
from kg.loaders import load_path
from kg.loaders.jsonl import iter_json_document, iter_jsonl
from kg.model import Article, content_id

DATA = Path(__file__).parent / "data"


def split(items):
    articles = [x for x in items if isinstance(x, Article)]
    rejected = [x for x in items if isinstance(x, Rejected)]
    return articles, rejected


def test_broken_line_is_rejected_and_loading_goes_on():
    articles, rejected = split(list(load_path(DATA / "articles.jsonl")))
    assert [a.source_line for a in articles] == [1, 3]
    assert [(r.line, r.source) for r in rejected] == [(2, str(DATA / "articles.jsonl"))]
    assert "invalid JSON" in rejected[0].message
    first, third = articles
    assert first.id == "qs-0001"
    assert first.date == "2021-06-01"
    assert first.publication == "青山日报"
    assert first.text == "6月1日,青山区召开防汛工作会议。区长钱锋主持会议。"
    # no id given: one from its content, never from the file or line
    assert third.id == content_id(third.title, third.text, third.date, third.publication)
    assert third.date == "2021-06-02"  # from YYYYMMDD
    assert third.authors == ("林晓", "何平")


def test_gbk_jsonl_is_read_line_by_line():
    articles, rejected = split(list(load_path(DATA / "articles.gbk.jsonl")))
    assert not rejected
    assert [a.title for a in articles] == ["青山区召开防汛工作会议", "松岭社区开展志愿服务活动"]


def test_json_document():
    articles, rejected = split(list(load_path(DATA / "articles.json")))
    assert not rejected
    assert [a.id for a in articles] == ["qs-0001", content_id(articles[1].title, articles[1].text,
                                                              articles[1].date, articles[1].publication)]


def test_kg_extraction_document_and_single_object():
    doc = {
        "format": "kg-extraction/1",
        "articles": [{"article": {"id": "a1", "title": "标题", "text": "正文。"}}],
    }
    [article] = iter_json_document(json.dumps(doc), "x.json")
    assert (article.id, article.title, article.text) == ("a1", "标题", "正文。")
    [article] = iter_json_document('{"title": "标题", "text": "正文。"}', "y.json")
    assert article.title == "标题"
    [rejected] = iter_json_document('"just a string"', "z.json")
    assert "expected a JSON array" in rejected.message


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("[1, 2]", "expected a JSON object, got an array"),
        ('{"text": "正文。"}', "missing 'title'"),
        ('{"title": "标题"}', "missing 'text'"),
        ('{"title": " ", "text": "  "}', "empty 'text'"),
        ('{"title": 3, "text": "正文。"}', "'title' must be a string"),
        ('{"title": "标题", "text": ["正文"]}', "'text' must be a string"),
        ('{"title": "标题", "text": "正文。", "date": "2021-13-01"}', "invalid date"),
        ('{"title": "标题", "text": "正文。", "date": "June 1"}', "invalid date"),
        ('{"title": "标题", "text": "正文。", "authors": 5}', "'authors' must be a list"),
        ('{"title": "标题", "text": "正文。", "id": {"a": 1}}', "'id' must be a string"),
        ('{"title": "标题", "text": "正文。", "publication": 1}', "'publication' must be a string"),
        ('{"title": "标题", "text": ', "invalid JSON"),
        ("[" * 100000, "invalid JSON"),
    ],
)
def test_malformed_records(line, message):
    [rejected] = iter_jsonl([line], "in.jsonl")
    assert isinstance(rejected, Rejected)
    assert (rejected.source, rejected.line) == ("in.jsonl", 1)
    assert message in rejected.message
    assert "\n" not in str(rejected)


def test_text_is_kept_exactly_and_blank_lines_skipped():
    text = "  6月1日,\r\n青山区召开会议。 "
    lines = ["", "   ", json.dumps({"title": " 标题 ", "text": text, "date": "2021-06-01T08:00:00"}), ""]
    [article] = iter_jsonl(lines, "in.jsonl", publication="青山日报")
    assert article.text == text
    assert article.title == "标题"
    assert article.source_line == 3
    assert article.date == "2021-06-01"
    assert article.publication == "青山日报"  # the default, as the record names none


def test_bytes_lines_with_bom_and_a_bad_utf8_line():
    lines = [
        "\ufeff".encode() + json.dumps({"title": "甲", "text": "甲。"}, ensure_ascii=False).encode(),
        b'{"title": "\xff", "text": "x"}',
    ]
    article, rejected = iter_jsonl(lines, "in.jsonl")
    assert article.title == "甲"
    assert rejected.line == 2 and "not valid utf-8" in rejected.message
