"""``kg conflicts``: single-holder posts stated for several people at once."""

from __future__ import annotations

from typer.testing import CliRunner

from kg.cli import app
from kg.conflicts import find_conflicts
from kg.model import Article
from kg.pipeline import process_article


def _extract(text: str, date: str | None, source: str = "page.txt", aid: str = "a"):
    return process_article(Article(id=aid, title="标题", text=text, date=date, source=source))


def test_two_secretaries_on_one_undated_page_conflict():
    a = _extract("本报讯 青山区召开会议。青山区委书记周明远出席。", None, aid="a1")
    b = _extract("本报讯 青山区召开会议。青山区委书记陈雅主持。", None, aid="a2")
    [c] = find_conflicts([a, b])
    assert (c.org, c.title) == ("青山区委", "书记")
    assert [h.person for h in c.holders] == ["周明远", "陈雅"]
    assert c.holders[0].evidence[0].quote.endswith("周明远")


def test_deputies_and_handovers_are_not_conflicts():
    a = _extract("本报讯 青山区委副书记周明远出席。青山区委副书记陈雅主持。", "2021-03-01", aid="a1")
    assert find_conflicts([a]) == []
    before = _extract("本报讯 青山区委书记周明远出席会议。", "2021-03-01", source="x", aid="b1")
    after = _extract("本报讯 青山区委书记陈雅出席会议。", "2021-06-01", source="x", aid="b2")
    assert find_conflicts([before, after]) == []  # one after the other: a handover


def test_a_full_foreign_name_and_its_short_form_are_no_conflict():
    def stated(name: str, aid: str) -> list:
        return [_extract(f"本报讯 枫原国总统{name}出席会议。", day, source="x", aid=f"{aid}{day}")
                for day in ("2021-03-01", "2021-03-10")]

    full, short, other = stated("安德烈·马尔科维", "f"), stated("马尔科维", "s"), stated("彼得·索林", "o")
    assert find_conflicts(full + short) == []
    [c] = find_conflicts(full + short + other)
    assert {h.person for h in c.holders} == {"安德烈·马尔科维", "马尔科维", "彼得·索林"}


def test_overlapping_periods_conflict():
    records = [
        _extract("本报讯 白石县县长赵立出席会议。", "2021-03-01", source="x", aid="c1"),
        _extract("本报讯 白石县县长钱锋出席会议。", "2021-04-01", source="x", aid="c2"),
        _extract("本报讯 白石县县长赵立主持会议。", "2021-05-01", source="x", aid="c3"),
    ]
    [c] = find_conflicts(records)
    assert c.title == "县长" and {h.person for h in c.holders} == {"赵立", "钱锋"}


def test_cli_reports_conflicts_from_a_workspace(tmp_path):
    data = tmp_path / "in.jsonl"
    data.write_text(
        '{"title": "一", "text": "本报讯 青山区召开会议。青山区委书记周明远出席。青山区委书记陈雅主持。"}\n',
        encoding="utf-8",
    )
    ws = tmp_path / "ws"
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(data), "--workspace", str(ws)]).exit_code == 0
    result = runner.invoke(app, ["conflicts", "--workspace", str(ws), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert '"title": "书记"' in result.output and "周明远" in result.output and "陈雅" in result.output
