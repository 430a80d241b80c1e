"""Write the loader fixtures (fictional text) in their encodings. Run from anywhere:

    python tests/data/make_fixtures.py

The bytes are committed; this script documents how they were made.
"""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import opencc

HERE = Path(__file__).resolve().parent

# Two fictional articles in a county paper's layout: masthead, date header, page label,
# kicker, title, 本报讯 lead, layout breaks (发 / blank / 挥, 5名 / blank lines / 党组织),
# bylines, a second article whose title has internal spaces, editor line and page number.
PAGE = """青山日报
2021年3月5日 星期五
第2版 要闻


聚焦“乡村振兴” 共谋发展新篇

青山区举办松岭社区乡村振兴交流论坛

本报讯 3月4日上午,青山区在松岭社区文化中心举办乡村振兴交流论坛,全区12个村(社区)党组织书记参加。区委书记周明远出席并讲话,区委副书记陈雅主持。

周明远指出,乡村振兴要把产业摆在突出位置,村(社区)党组织书记作用发

挥的好坏,直接关系到乡村振兴的成效。

论坛上,松岭社区党支部书记王秀兰等5名



党组织书记先后作了交流发言。

记者 林晓
青山日报 赵明 文/图

青山区 召开春季植树 动员会

本报讯(记者 林晓 通讯员 何平) 3月2日,青山区召开春季植树动员会,部署今年的国土绿化工作。

会议要求,各街道要压实责任,确保3月底前完成植树任务。
记者 林晓

责任编辑：孙文
- 2 -
"""

# A character outside GBK (CJK Extension B, four bytes in GB18030) in a place name.
PAGE_GB18030 = PAGE.replace("松岭社区文化中心", "𠮷溪村文化中心")

RECORDS = [
    {
        "id": "qs-0001",
        "title": "青山区召开防汛工作会议",
        "date": "2021-06-01",
        "text": "6月1日,青山区召开防汛工作会议。区长钱锋主持会议。",
        "publication": "青山日报",
    },
    None,  # line 2: broken JSON
    {
        "title": "松岭社区开展志愿服务活动",
        "date": "20210602",
        "authors": ["林晓", "何平"],
        "text": "6月2日,松岭社区组织志愿者开展环境整治活动。",
    },
]


def main() -> None:
    (HERE / "page.utf8.txt").write_bytes(PAGE.encode("utf-8"))
    (HERE / "page.utf8-bom.txt").write_bytes(codecs.BOM_UTF8 + PAGE.encode("utf-8"))
    (HERE / "page.crlf.txt").write_bytes(PAGE.replace("\n", "\r\n").encode("utf-8"))
    (HERE / "page.utf16.txt").write_bytes(PAGE.encode("utf-16"))  # with a BOM
    (HERE / "page.gbk.txt").write_bytes(PAGE.encode("gbk"))
    (HERE / "page.gb18030.txt").write_bytes(PAGE_GB18030.encode("gb18030"))
    # Traditional characters in Big5 (Taiwan forms: all of them exist in Big5).
    (HERE / "page.big5.txt").write_bytes(opencc.OpenCC("s2tw").convert(PAGE).encode("big5"))

    lines = [json.dumps(r, ensure_ascii=False) if r else '{"title": "断行", "text": ' for r in RECORDS]
    (HERE / "articles.jsonl").write_text("\n".join(lines) + "\n\n", encoding="utf-8")
    (HERE / "articles.gbk.jsonl").write_bytes(
        ("\n".join(json.dumps(r, ensure_ascii=False) for r in RECORDS if r) + "\n").encode("gbk")
    )
    (HERE / "articles.json").write_text(
        json.dumps({"articles": [r for r in RECORDS if r]}, ensure_ascii=False, indent=1), encoding="utf-8"
    )

    bad = HERE / "bad"
    bad.mkdir(exist_ok=True)
    (bad / "empty.txt").write_bytes(b"")
    (bad / "blank.txt").write_bytes(b" \n\t\r\n\n")
    (bad / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (bad / "controls.txt").write_bytes(b"\x01\x02\x03\x04 abc \x05\x06\x07\x08\x0e\x0f" * 8)
    (bad / "no-article.txt").write_bytes("第2版\n责任编辑：孙文\n".encode())

    # A directory to walk: sorted order, hidden and other extensions skipped.
    tree = HERE / "tree"
    (tree / "sub").mkdir(parents=True, exist_ok=True)
    (tree / "b.jsonl").write_text(json.dumps(RECORDS[0], ensure_ascii=False) + "\n", encoding="utf-8")
    (tree / "sub" / "a.txt").write_bytes(PAGE.encode("utf-8"))
    (tree / "notes.csv").write_text("title,text\n", encoding="utf-8")
    (tree / ".hidden.txt").write_bytes(PAGE.encode("utf-8"))


if __name__ == "__main__":
    main()
