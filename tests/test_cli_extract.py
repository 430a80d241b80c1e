"""``kg extract`` through typer's CliRunner: gold and full JSON output, rejected lines,
unusable files; messages on stderr are one line each, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.evaluate import score
from kg.records import extraction_from_dict

DATA = Path(__file__).parent / "data"
GAOXIN = DATA / "extract" / "yunxi-gaoxin-2021-06.txt"
NATIONAL = DATA / "extract" / "national-2021.jsonl"

runner = CliRunner()

GOOD_1 = {"title": "青山区召开会议", "text": "4月8日，青山区召开经济运行分析会，区长周明远主持会议。", "date": "2021-04-09"}
GOOD_3 = {"title": "松岭市委召开会议", "text": "4月9日，松岭市委召开常委会会议，市委书记高建国主持。", "date": "2021-04-10"}


def extract(*args: str, input: str | None = None):
    return runner.invoke(app, ["extract", *args], input=input)


def no_traceback(result) -> None:
    assert "Traceback" not in result.stdout + result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception


def test_gold_output_to_a_file(tmp_path):
    out = tmp_path / "out.json"
    result = extract(str(GAOXIN), "--format", "gold", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == ["kg: 2 articles extracted, 0 rejected"]
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["format"] == "kg-gold/1"
    assert doc["source"] == GAOXIN.name
    assert doc["publication"] == {"name": "云溪高新时报", "year": 2021}
    assert [a["title"] for a in doc["articles"]] == ["云溪高新区召开科技创新推进会", "吴海波走访看望科技人才"]
    assert score(doc, doc).core.f1 == 1.0  # a valid kg-gold/1 document for kg eval


def test_gold_is_the_default_format_and_goes_to_stdout():
    result = extract(str(NATIONAL))
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["format"] == "kg-gold/1"
    assert len(doc["articles"]) == 7


def test_json_output_has_full_records_with_valid_evidence(tmp_path):
    out = tmp_path / "full.json"
    result = extract(str(GAOXIN), str(NATIONAL), "--format", "json", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["format"] == "kg-extraction/1"
    assert len(doc["articles"]) == 2 + 7
    spans = 0
    for record in doc["articles"]:
        e = extraction_from_dict(record)  # the records round-trip into the model
        text = e.article.text
        for ev in [*(h.evidence for h in e.holds), *(p.evidence for p in e.participations),
                   *(x.evidence for x in e.events), *(a.evidence for a in e.authorships)]:
            assert 0 <= ev.start <= ev.end <= len(text), ev
            assert text[ev.start : ev.end] == ev.quote
            spans += 1
    assert spans > 50
    first = extraction_from_dict(doc["articles"][0])
    assert first.article.source_offset > 0
    page = GAOXIN.read_text(encoding="utf-8")
    assert page[first.article.source_offset :].startswith(first.article.text)


def test_year_option(tmp_path):
    src = tmp_path / "undated.jsonl"
    src.write_text(json.dumps({"title": "t", "text": GOOD_1["text"]}, ensure_ascii=False) + "\n", encoding="utf-8")
    result = extract(str(src), "--year", "2019")
    assert result.exit_code == 0, result.stderr
    (article,) = json.loads(result.stdout)["articles"]
    assert article["events"][0]["date"] == "2019-04-08"
    assert json.loads(result.stdout)["publication"]["year"] == 2019


def test_stdin_input():
    line = json.dumps(GOOD_1, ensure_ascii=False)
    result = extract("-", input=line + "\n")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert [a["title"] for a in doc["articles"]] == ["青山区召开会议"]


def test_broken_line_between_two_good_lines(tmp_path):
    src = tmp_path / "three.jsonl"
    lines = [json.dumps(GOOD_1, ensure_ascii=False), '{"title": broken', json.dumps(GOOD_3, ensure_ascii=False)]
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out.json"
    result = extract(str(src), "-o", str(out))
    assert result.exit_code == 1
    no_traceback(result)
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert [a["title"] for a in doc["articles"]] == ["青山区召开会议", "松岭市委召开会议"]
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"kg: rejected: {src}:2: invalid JSON")
    assert lines[1] == "kg: 2 articles extracted, 1 rejected"


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.jsonl", b"", "empty file"),
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b" \n\t\n\xe3\x80\x80\n", "empty file"),
        ("binary.txt", (DATA / "bad" / "binary.txt").read_bytes(), "binary file"),
        ("binary.jsonl", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary file"),
    ],
)
def test_unusable_file_gives_one_line_and_a_non_zero_exit(tmp_path, name, content, reason):
    src = tmp_path / name
    src.write_bytes(content)
    out = tmp_path / "out.json"
    result = extract(str(src), "-o", str(out))
    assert result.exit_code != 0
    no_traceback(result)
    errors = [line for line in result.stderr.splitlines() if line.startswith("kg: rejected: ")]
    assert len(errors) == 1, result.stderr
    assert errors[0].startswith(f"kg: rejected: {src}: {reason}")
    assert result.stderr.strip().splitlines() == [errors[0], "kg: 0 articles extracted, 1 rejected"]


def test_missing_file(tmp_path):
    result = extract(str(tmp_path / "nope.txt"))
    assert result.exit_code == 1
    no_traceback(result)
    assert f"kg: rejected: {tmp_path / 'nope.txt'}: no such file or directory" in result.stderr


def test_unknown_format_is_a_usage_error():
    result = extract(str(NATIONAL), "--format", "xml")
    assert result.exit_code == 2
    assert "--format must be gold or json" in result.stdout + result.stderr
