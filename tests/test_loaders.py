"""loaders.load_inputs: dispatch, directories, stdin, bad files; golden checks on the
shared corpus; a property test that no input makes loading raise."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.records import Rejected
from kg.loaders import load_bytes, load_inputs
from kg.model import Article

DATA = Path(__file__).parent / "data"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
PAGE_FILES = sorted(DATA.glob("page.*.txt"))


def split(items):
    items = list(items)
    return [x for x in items if isinstance(x, Article)], [x for x in items if isinstance(x, Rejected)]


@pytest.mark.parametrize("path", PAGE_FILES, ids=lambda p: p.name)
def test_every_encoding_of_the_page_gives_two_articles(path):
    articles, rejected = split(load_inputs([str(path)]))
    assert not rejected
    assert len(articles) == 2
    assert articles[0].authors == ("林晓", "赵明")
    assert articles[1].authors == ("林晓", "何平")
    assert {a.date for a in articles} == {"2021-03-05"}
    from kg.loaders.encoding import decode

    page, _ = decode(path.read_bytes(), str(path))
    for a in articles:
        assert page[a.source_offset : a.source_offset + len(a.text)] == a.text


def test_directory_walk_is_sorted_and_skips_other_files():
    items = list(load_inputs([str(DATA / "tree")]))
    assert [(Path(a.source).relative_to(DATA).as_posix(), a.title) for a in items] == [
        ("tree/b.jsonl", "青山区召开防汛工作会议"),
        ("tree/sub/a.txt", "青山区举办松岭社区乡村振兴交流论坛"),
        ("tree/sub/a.txt", "青山区 召开春季植树 动员会"),
    ]


def test_bad_files_are_rejected_with_one_line_each():
    names = ["binary.txt", "blank.txt", "controls.txt", "empty.txt", "no-article.txt"]
    # (the other crafted files in tests/data/bad are checked in tests/test_reliability.py)
    articles, rejected = split(load_inputs([*(str(DATA / "bad" / n) for n in names), str(DATA / "missing.txt")]))
    assert not articles
    reasons = {Path(r.source).name: r.message for r in rejected}
    assert reasons == {
        "binary.txt": "binary file, not text (it contains NUL bytes)",
        "blank.txt": "empty file (only whitespace)",
        "controls.txt": "binary file, not text (too many control characters)",
        "empty.txt": "empty file",
        "no-article.txt": "no article found on the page (no title followed by body text)",
        "missing.txt": "no such file or directory",
    }


def test_empty_and_binary_jsonl(tmp_path):
    (tmp_path / "empty.jsonl").write_bytes(b"")
    (tmp_path / "bin.jsonl").write_bytes(b'{"a":\x00\x01}\n')
    _, rejected = split(load_inputs([str(tmp_path)]))
    assert [(Path(r.source).name, r.message) for r in rejected] == [
        ("bin.jsonl", "binary file, not text (it contains NUL bytes)"),
        ("empty.jsonl", "empty file"),
    ]


def test_unknown_extension_named_explicitly_is_a_page(tmp_path):
    page = tmp_path / "page.text"
    page.write_bytes((DATA / "page.utf8.txt").read_bytes())
    assert len(split(load_inputs([str(page)]))[0]) == 2


@pytest.mark.parametrize(
    ("payload", "count"),
    [
        ((DATA / "page.gbk.txt").read_bytes(), 2),
        ((DATA / "articles.jsonl").read_bytes(), 2),
        ((DATA / "articles.json").read_bytes(), 2),
        (json.dumps([{"title": "甲", "text": "甲。"}]).encode(), 1),
    ],
)
def test_stdin_is_sniffed(monkeypatch, payload, count):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(payload)))
    articles, _ = split(load_inputs(["-"]))
    assert len(articles) == count
    assert {a.source for a in articles} == {"<stdin>"}


@given(st.binary(max_size=2000), st.sampled_from([None, "page", "jsonl", "json"]))
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_loading_arbitrary_bytes_never_raises(data, kind):
    for item in load_bytes(data, "fuzz", kind=kind):
        assert isinstance(item, (Article, Rejected))


_PAGE_ALPHABET = st.sampled_from(
    [*"本报讯记者通讯员林晓青山日报文图摄。，,“”()（）第版年月日星期五 \n\r\u3000", "\n\n", "2"]
)


@given(st.lists(_PAGE_ALPHABET, max_size=400).map("".join))
@settings(max_examples=300, deadline=None)
def test_page_like_text_keeps_the_slice_invariant(text):
    for item in load_bytes(text.encode("utf-8"), "fuzz.txt", kind="page"):
        if isinstance(item, Article):
            assert text[item.source_offset : item.source_offset + len(item.text)] == item.text


# --- golden checks on the shared corpus (read-only, next to the repository) ---------

shared = pytest.mark.skipif(not SHARED.is_dir(), reason=f"{SHARED} is absent")


@pytest.mark.shared
@shared
def test_seed_page_matches_the_gold_segmentation():
    seed = SHARED / "corpus/seed/gaoxin-times-2020-06.txt"
    gold = json.loads((SHARED / "gold/gaoxin-times-2020-06.gold.json").read_text(encoding="utf-8"))
    articles, rejected = split(load_inputs([str(seed)]))
    assert not rejected
    assert [a.title for a in articles] == [g["title"] for g in gold["articles"]]
    assert [a.authors for a in articles] == [
        ("孙庆辉", "方宝岭"),
        ("孙庆辉",),
        ("孙庆辉", "方宝岭"),
        ("孙庆辉",),
    ]
    assert [tuple(g["authors"]) for g in gold["articles"]] == [a.authors for a in articles]
    assert {a.publication for a in articles} == {"高新时报"}
    page = seed.read_text(encoding="utf-8")
    for a in articles:
        assert page[a.source_offset : a.source_offset + len(a.text)] == a.text
        assert a.text.startswith("本报讯")


@pytest.mark.shared
@shared
def test_shared_jsonl_corpora_counts():
    dev, rejected = split(load_inputs([str(SHARED / "corpus/xwlb/dev-20.jsonl")]))
    assert (len(dev), rejected) == (20, [])
    assert all(a.date and a.source_line for a in dev)
    rmrb, rejected = split(load_inputs([str(SHARED / "corpus/rmrb/rmrb-2017-12.jsonl")]))
    # 120 lines; line 79 is a painting (中国画) with a title and an empty text: still an
    # article (it yields no facts), so a whole-corpus run rejects nothing.
    assert (len(rmrb), rejected) == (120, [])
    [painting] = [a for a in rmrb if a.source_line == 79]
    assert painting.title and painting.text == ""
