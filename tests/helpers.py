"""What several test modules share to run the real ``kg`` console script on crafted
input: the script and how to call it, the crafted bad files and what each should give
(tests/data/bad, made by make_bad.py), and a synthetic corpus of small fictional articles."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

BAD = Path(__file__).parent / "data" / "bad"
KG = shutil.which("kg") or str(Path(sys.executable).with_name("kg"))
GB = 1 << 30

sys.path.insert(0, str(BAD))
import make_bad  # noqa: E402


# name -> (articles kept, {line (None: the whole file): words of the one-line message})
BAD_FILES: dict[str, tuple[int, dict[int | None, str]]] = {
    # refused whole
    "empty.txt": (0, {None: "empty file"}),
    "empty.jsonl": (0, {None: "empty file"}),
    "blank.txt": (0, {None: "empty file (only whitespace)"}),
    "binary.txt": (0, {None: "binary file, not text (it contains NUL bytes)"}),
    "binary.jsonl": (0, {None: "binary file, not text (it contains NUL bytes)"}),
    "controls.txt": (0, {None: "binary file, not text (too many control characters)"}),
    "latin1.txt": (0, {None: "cannot decode: not UTF-8, GB18030/GBK or Big5 text"}),
    "shift-jis.txt": (0, {None: "cannot decode: not UTF-8, GB18030/GBK or Big5 text"}),
    "utf16-no-bom.txt": (0, {None: "binary file, not text (it contains NUL bytes)"}),
    "no-article.txt": (0, {None: "no article found on the page"}),
    "not-an-array.json": (0, {None: "expected a JSON array of articles, got a string"}),
    "broken.json": (0, {4: "invalid JSON: Expecting value"}),
    # some lines rejected, the others kept
    "broken-line.jsonl": (2, {2: "invalid JSON"}),
    "truncated.jsonl": (1, {2: "invalid JSON: Unterminated string"}),
    "mixed-records.json": (2, {None: "article 2: missing 'text'"}),
    "early-nul.jsonl": (100, {2: "a NUL byte at column 31"}),
    # a 5,000-digit number on line 2 (a warning names it), every article kept
    "huge-int.jsonl": (100, {}),
    "malformed.jsonl": (4, {
        2: "expected a JSON object, got an array",
        3: "missing 'title'",
        4: "missing 'text'",
        5: "'title' must be a string, got a number",
        6: 'invalid date "2021-13-45"',
        7: "invalid JSON: Unterminated string",
        8: "invalid JSON: Expecting value (column 1)",
        11: "'authors' must be a list of names",
        12: "invalid JSON: nested too deeply",
        13: "'id' must be a string, got an object",
        14: "invalid JSON: Invalid control character",
        16: "not valid utf-8 text (byte 11 of the line)",
    }),
    # unusual but fine
    "bom-crlf.jsonl": (2, {}),
    "cr-only.jsonl": (3, {}),
    "mixed-encoding.jsonl": (3, {}),
    "gbk.jsonl": (3, {}),
    "big5.jsonl": (1, {}),
    "whitespace.jsonl": (4, {}),
    "no-chinese.jsonl": (2, {}),
    "hostile.jsonl": (5, {}),
    "page-cr.txt": (1, {}),
    "page-fullwidth.txt": (1, {}),
}


GOOD_TITLES = [make_bad.GOOD_1["title"], make_bad.GOOD_2["title"], make_bad.GOOD_3["title"]]


def kg(*args: str | Path, input: bytes | None = None, timeout: float = 600, **kw) -> subprocess.CompletedProcess:
    """The real console script, as a user runs it."""
    return subprocess.run([KG, *map(str, args)], input=input, capture_output=True, timeout=timeout, **kw)


def stderr_lines(result: subprocess.CompletedProcess) -> list[str]:
    text = result.stderr.decode("utf-8")
    assert "Traceback" not in text and "Traceback" not in result.stdout.decode("utf-8", "replace")
    return text.strip().splitlines()


_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"


_GIVEN = "明建海志文立雅欣锋远国华平军晓红伟强磊洋"


_ORGS = {"青山区委": ["书记", "副书记"], "青山区政府": ["区长", "副区长"], "松岭市委": ["书记", "副书记"],
         "云溪镇党委": ["书记"], "青山区科技局": ["局长"], "松岭市发改委": ["主任"],
         "云溪高新区管委会": ["主任", "副主任"]}


_NOUNS = ["经济运行分析会", "安全生产工作会议", "乡村振兴推进会", "防汛工作会议", "项目建设调度会"]


def _name(i: int) -> str:
    return _SURNAMES[i % 20] + _GIVEN[(i // 20) % 20] + _GIVEN[(i // 400) % 20]


def synthetic_article(i: int) -> dict:
    orgs = list(_ORGS)
    o1, o2 = orgs[i % 7], orgs[(i * 3 + 1) % 7]
    t1, t2 = _ORGS[o1][i % len(_ORGS[o1])], _ORGS[o2][0]
    m, d = i % 12 + 1, i % 28 + 1
    text = (f"{m}月{d}日，{o1}召开{_NOUNS[i % 5]}。{o1}{t1}{_name(i * 7 % 997)}主持会议，"
            f"{o2}{t2}{_name(i * 13 % 991 + 3)}出席并讲话。会议要求，各部门要压实责任，确保各项工作落到实处。")
    return {"id": f"syn-{i:05d}", "title": f"{o1}召开{_NOUNS[i % 5]}（第{i}期）", "date": f"2021-{m:02d}-{d:02d}",
            "publication": "青山日报", "text": text}


def both_engines(falkor_session, data):
    """Yield (FalkorDB session, in-memory Oxigraph store) holding ``data``; cleared after."""
    from kg.stores.base import open_store

    falkor_session.clear()
    falkor_session.write(data)
    rdf = open_store("oxigraph")  # in memory
    rdf.write(data)
    yield falkor_session, rdf
    rdf.close()
    falkor_session.clear()
