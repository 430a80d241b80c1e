"""loaders.encoding.decode: every encoding Chinese news arrives in, and clear refusals."""

from __future__ import annotations

import codecs
from pathlib import Path

import opencc
import pytest

from kg.errors import InputError
from kg.loaders.encoding import decode

DATA = Path(__file__).parent / "data"
PAGE = (DATA / "page.utf8.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "encoding"),
    [
        ("page.utf8.txt", "utf-8"),
        ("page.utf8-bom.txt", "utf-8"),
        ("page.utf16.txt", "utf-16-le"),
        ("page.gbk.txt", "gb18030"),  # GBK is decoded as its superset
    ],
)
def test_fixture_pages_decode_to_the_same_text(name, encoding):
    text, found = decode((DATA / name).read_bytes(), name)
    assert text == PAGE  # BOM dropped, nothing else touched
    assert found == encoding


def test_gb18030_only_character_survives():
    text, encoding = decode((DATA / "page.gb18030.txt").read_bytes(), "page.gb18030.txt")
    assert encoding == "gb18030"
    assert "𠮷溪村" in text


def test_big5_page_decodes_as_traditional():
    text, encoding = decode((DATA / "page.big5.txt").read_bytes(), "page.big5.txt")
    assert encoding in ("big5", "cp950", "big5hkscs")
    assert text == opencc.OpenCC("s2tw").convert(PAGE)
    assert "本報訊" in text


def test_crlf_is_kept_for_exact_offsets():
    text, _ = decode((DATA / "page.crlf.txt").read_bytes(), "page.crlf.txt")
    assert "\r\n" in text


@pytest.mark.parametrize(
    ("simplified", "traditional"),
    [("本报讯 青山区", "本報訊 青山區"), ("记者 林晓", "記者 林曉"), ("松岭社区", "松嶺社區")],
)
def test_short_inputs_pick_the_right_family(simplified, traditional):
    assert decode(simplified.encode("gbk"), "s") == (simplified, "gb18030")
    assert decode(traditional.encode("big5"), "t")[0] == traditional


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty file"),
        (b" \r\n\t\n", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"abc\x01\x02\x03\x04def", "binary"),
        (codecs.BOM_UTF16_LE + b"\x00", "utf-16"),
        (b"abc \xa1 def \xff", "cannot decode"),
    ],
)
def test_bad_input_raises_one_clear_line(data, message):
    with pytest.raises(InputError) as info:
        decode(data, "bad.txt")
    text = str(info.value)
    assert text.startswith("bad.txt: ")
    assert message in text
    assert "\n" not in text
