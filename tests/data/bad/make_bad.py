"""Write the crafted bad and unusual inputs of tests/data/bad (all text fictional,
written by us). Run from anywhere:

    python tests/data/bad/make_bad.py

The bytes are committed; this script documents how they were made. The expected outcome
of every file (articles kept, lines rejected and why) is the table ``BAD_FILES`` in
tests/test_reliability.py; see README.md here for a one-line description of each.
The five oldest files (empty.txt, blank.txt, binary.txt, controls.txt, no-article.txt)
are written by tests/data/make_fixtures.py.
"""

from __future__ import annotations

import codecs
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent

GOOD_1 = {"id": "bad-good-1", "title": "青山区召开防汛工作会议", "date": "2021-06-01",
          "text": "6月1日，青山区召开防汛工作会议，区长钱锋主持会议。"}
GOOD_2 = {"id": "bad-good-2", "title": "松岭市委召开常委会会议", "date": "2021-06-02",
          "text": "6月2日，松岭市委召开常委会会议，市委书记高建国主持。"}
GOOD_3 = {"id": "bad-good-3", "title": "云溪镇举办农民丰收节", "date": "2021-09-23",
          "text": "9月23日，云溪镇举办农民丰收节，镇长何欣出席并致辞。"}

# Strings that would break a query or an IRI built by string formatting.
HOSTILE_TITLE = '"}) MATCH (n) DETACH DELETE n //'
HOSTILE_SPARQL = '"> } ; DROP ALL ; INSERT DATA { <a> <b> "c" } #'
HOSTILE_IRI = "http://example.org/a b<c>{d}|e^f`g\\h"


def line(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False)


def numbered(i: int) -> dict:
    """The i-th of a run of small good articles, each with its own text (no id: its id
    comes from its content)."""
    return {"title": f"青山区第{i}次防汛工作会议", "date": "2021-06-01",
            "text": f"6月1日，青山区召开第{i}次防汛工作会议，区长钱锋主持会议。"}


def page(body: str, eol: str = "\n") -> str:
    """A small page: masthead, date, title, lead, byline."""
    text = ("青山日报\n2021年6月5日 星期六\n\n青山区召开防汛工作会议\n\n" + body + "\n记者 林晓\n")
    return text.replace("\n", eol)


def main(out: Path = HERE) -> None:
    w = lambda name, data: (out / name).write_bytes(data)  # noqa: E731

    # -- refused whole: one line naming the file ---------------------------------------
    w("empty.jsonl", b"")
    w("binary.jsonl", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    w("latin1.txt", "Café au lait, crème brûlée, naïve résumé: déjà vu.\n".encode("latin-1") * 3)
    w("shift-jis.txt", "東京都で会議が開かれました。田中さんが出席しました。\n".encode("shift_jis") * 3)
    w("utf16-no-bom.txt", page("本报讯 6月4日，青山区召开防汛工作会议。").encode("utf-16-le"))
    w("not-an-array.json", b'"just a string"\n')
    w("broken.json", '[\n {"title": "甲", "text": "甲。"},\n {"title": "乙", "text": \n]\n'.encode())

    # -- lines rejected, the others kept -----------------------------------------------
    w("broken-line.jsonl", (line(GOOD_1) + "\n" + '{"title": "断行", "text": ' + "\n" + line(GOOD_2) + "\n").encode())
    malformed = [
        line(GOOD_1),                                                   # 1 ok
        "[1, 2]",                                                       # 2 not an object
        '{"text": "没有标题的正文。"}',                                  # 3 missing title
        '{"title": "没有正文"}',                                         # 4 missing text
        '{"title": 3, "text": "标题是数字。"}',                          # 5 wrong type
        '{"title": "日期错误", "text": "正文。", "date": "2021-13-45"}',  # 6 bad date
        '{"title": "截断", "text": "6月1日，',                            # 7 truncated JSON
        "not json at all",                                              # 8 not JSON
        "   ",                                                          # 9 blank: skipped
        '{"title": "只有标题的图片新闻", "text": ""}',                   # 10 ok: headline only
        '{"title": "作者", "text": "正文。", "authors": 5}',              # 11 bad authors
        "[" * 3000 + "]" * 3000,                                        # 12 nested too deeply
        '{"title": "ID", "text": "正文。", "id": {"x": 1}}',              # 13 bad id
        '{"title": "控制字符", "text": "6月1日\x01正文。"}',               # 14 raw control char
        line(GOOD_2),                                                   # 15 ok
    ]
    data = "\n".join(malformed).encode() + b"\n"
    data += b'{"title": "\xff\xfe", "text": "x"}\n'                        # 16 not UTF-8
    data += (line(GOOD_3) + "\n").encode()                             # 17 ok
    w("malformed.jsonl", data)
    w("truncated.jsonl", (line(GOOD_1) + "\n" + line(GOOD_2)[:40]).encode())  # a scraper died mid-line
    w("mixed-records.json", json.dumps([GOOD_1, {"title": "缺正文"}, GOOD_2], ensure_ascii=False, indent=1).encode())

    # one line that broke the whole file (issue 17): 100 good articles each
    hundred = [numbered(i) for i in range(1, 101)]
    huge = [line(r) for r in hundred]
    huge[1] = huge[1][:-1] + ', "n": ' + "9" * 5000 + "}"  # line 2: a 5,000-digit number in a field kg ignores
    w("huge-int.jsonl", ("\n".join(huge) + "\n").encode())
    nul = [line(r) for r in hundred]
    nul.insert(1, '{"title": "空字节", "text": "6月1日\x00正文。"}')  # line 2: a raw NUL in the first 4 KiB
    w("early-nul.jsonl", ("\n".join(nul) + "\n").encode())

    # -- unusual but fine: every article kept ------------------------------------------
    w("bom-crlf.jsonl", codecs.BOM_UTF8 + (line(GOOD_1) + "\r\n" + line(GOOD_2) + "\r\n").encode())
    w("cr-only.jsonl", (line(GOOD_1) + "\r" + line(GOOD_2) + "\r" + line(GOOD_3)).encode())
    w("mixed-encoding.jsonl", (line(GOOD_1) + "\n").encode() + (line(GOOD_2) + "\n").encode("gbk")
      + (line(GOOD_3) + "\n").encode())
    w("gbk.jsonl", ("\n".join(line(r) for r in (GOOD_1, GOOD_2, GOOD_3)) + "\n").encode("gbk"))
    w("big5.jsonl", ("\n".join(line(r) for r in ({"title": "雲溪鎮舉辦農民豐收節",
                                                 "text": "9月23日，雲溪鎮舉辦農民豐收節，鎮長何欣出席並致辭。"},))
                     + "\n").encode("big5"))
    whitespace = [
        {"title": "\u3000青山区\u3000召开\u3000会议\u3000",
         "text": "\u3000\u30006月1日，青山区召开防汛工作会议，\r\n\r\n区长钱锋主持会议。\u3000"},
        {"title": "行分隔符\u2028标题", "text": "6月2日，\u2028松岭市委召开常委会会议，\u2029市委书记高建国主持。"},
        {"title": "制表\t与不换行空格", "text": "\t9月23日，云溪镇举办农民丰收节，\u00a0镇长何欣出席并致辞。\u200b"},
        {"title": "只有回车", "text": "6月3日，青山区召开会议。\r区长钱锋主持。\r\r"},
    ]
    w("whitespace.jsonl", ("\n".join(line(r) for r in whitespace) + "\n").encode())
    w("no-chinese.jsonl", (line({"title": "City council meets",
                                 "text": "On Monday the mayor, Jane Doe, chaired the council meeting."}) + "\n"
                           + line({"title": "12345", "text": "2021-06-01 10:00 ... 42 !!! ???"}) + "\n").encode())
    hostile = [
        {"id": HOSTILE_TITLE, "title": HOSTILE_TITLE, "date": "2021-07-01", "publication": HOSTILE_SPARQL,
         "authors": ['周"}) DETACH DELETE n //', "O'Brien {x}", "back\\slash\\", "two\nlines"],
         "text": HOSTILE_TITLE + " 7月1日，青山区召开安全生产会议，区长钱锋主持会议。"},
        {"id": HOSTILE_IRI, "title": HOSTILE_SPARQL, "kicker": HOSTILE_IRI, "subtitle": "<script>alert(1)</script>",
         "text": "7月2日，" + HOSTILE_SPARQL + " 松岭市委召开常委会会议，市委书记高建国主持。"},
        {"id": "surrogates", "title": "半个代理对\ud800标题", "authors": ["林\udfff晓"],
         "text": "7月3日，云溪镇举办农民丰收节，镇长何欣出席并致辞。\ud800"},
        {"id": "controls", "title": "NUL\u0000与响铃\u0007", "text": "7月4日，青山区召开会议\u0000，区长钱锋主持。\u001b[31m"},
        {"id": "braces {}", "title": "{{name}} ${x} %s %(y)s {0}", "text": "$name {{x}} %s ?x $1 \\u0000 \\n"},
    ]
    # (lone surrogates can only be written as \u escapes: that record is ASCII-escaped)
    w("hostile.jsonl", ("\n".join(json.dumps(r, ensure_ascii=r["id"] == "surrogates") for r in hostile)
                        + "\n").encode())
    w("page-cr.txt", page("本报讯 6月4日，青山区召开防汛工作会议，区长钱锋主持会议。", "\r").encode())
    w("page-fullwidth.txt", page("本报讯\u30006月4日，青山区召开防汛工作会议，\u3000区长钱锋主持会议。")
      .replace("\n", "\u3000\n").encode())


if __name__ == "__main__":
    main()
