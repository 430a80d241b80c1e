"""``kg conflicts``: single-holder posts stated for several people at once."""

from __future__ import annotations

from typer.testing import CliRunner

from kg.cli import app
from kg.conflicts import find_conflicts
from kg.model import Article
from kg.pipeline import process_article
from kg.resolve import resolve


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


def _dated(texts: list[str]) -> list:
    days = ("2021-03-01", "2021-04-01", "2021-05-01", "2021-06-01", "2021-07-01", "2021-08-01")
    return [_extract(f"本报讯 {t}", days[i], source="x", aid=f"d{i}") for i, t in enumerate(texts)]


def test_members_of_a_secretariat_are_no_conflict():
    records = _dated([
        "中共中央政治局委员、中央书记处书记周明远出席会议。",
        "中央书记处书记陈雅出席会议。",
        "中央书记处书记周明远主持会议。",
    ])
    assert find_conflicts(records) == []
    # a committee's secretary is still one person at a time
    records = _dated(["青山区委书记周明远出席。", "青山区委书记陈雅出席。", "青山区委书记周明远主持。"])
    assert len(find_conflicts(records)) == 1


def test_first_secretaries_of_two_bodies_are_two_posts():
    records = _dated([
        "云岭省总工会党组书记、书记处第一书记周明远出席。",
        "云岭省妇女联合会党组书记、书记处第一书记陈雅出席。",
        "云岭省总工会党组书记、书记处第一书记周明远主持。",
    ])
    assert find_conflicts(records) == []


def test_presidents_of_countries_sharing_a_word_are_two_posts():
    # 尼日利亚 and 阿尔及利亚 both end in 利亚; 埃及 and 澳大利亚 both have a 众议长
    records = _dated([
        "尼日利亚总统卡兰多表示欢迎。",
        "阿尔及利亚总统维斯特表示欢迎。",
        "尼日利亚总统卡兰多出席。",
        "会见了埃及众议长萨米尔和澳大利亚众议长布鲁纳。",
        "会见了埃及众议长萨米尔。",
    ])
    assert find_conflicts(records) == []


def test_a_foreign_leaders_honorific_is_not_the_premiers_post():
    records = resolve(_dated([
        "印度总理莫兰迪出席峰会。",
        "国务院总理王明远出席会议。",
        "莫兰迪总理表示愿意合作。",
        "国务院总理王明远会见客人。",
    ]))
    assert find_conflicts(records) == []


def test_an_abbreviated_given_name_is_the_same_holder():
    records = _dated([
        "枫原国总统谢尔达尔·马尔科维出席。",
        "枫原国总统谢·马尔科维出席。",
        "枫原国总统谢尔达尔·马尔科维主持。",
    ])
    assert find_conflicts(records) == []


def _on(days_names: list[tuple[str, str]], template: str = "本报讯 枫原国总理{}出席会议。") -> list:
    return [_extract(template.format(name), day, source="x", aid=f"i{i}") for i, (day, name) in enumerate(days_names)]


def test_an_interim_holder_between_two_terms_is_no_conflict():
    records = _on([
        ("2021-01-05", "马尔科维"), ("2021-02-05", "马尔科维"),
        ("2021-04-05", "索林达"), ("2021-05-05", "索林达"), ("2021-06-05", "索林达"),  # caretaker
        ("2021-09-05", "马尔科维"), ("2021-10-05", "马尔科维"),
    ])
    assert find_conflicts(records) == []


def test_reports_that_mix_in_time_conflict():
    mixed = _on([("2021-01-05", "马尔科维"), ("2021-02-05", "索林达"), ("2021-03-05", "马尔科维"),
                 ("2021-04-05", "索林达")])
    assert len(find_conflicts(mixed)) == 1
    # one report amid another holder's tenure shows no tenure of its own: still reported
    single = _on([("2021-01-05", "马尔科维"), ("2021-02-05", "索林达"), ("2021-03-05", "马尔科维")])
    assert len(find_conflicts(single)) == 1
    # both on one day (two 主任 in one report) conflict
    same_day = _on([("2021-01-05", "马尔科维"), ("2021-01-05", "索林达"), ("2021-03-05", "马尔科维"),
                    ("2021-03-05", "索林达")])
    assert len(find_conflicts(same_day)) == 1


def test_two_spellings_of_a_transliteration_are_one_holder():
    records = _on([("2021-01-05", "帕兰尼扬"), ("2021-02-05", "帕朗尼扬"), ("2021-03-05", "帕兰尼扬")])
    assert find_conflicts(records) == []
    # Chinese names one character apart are two people
    template = "本报讯 白石县县长{}出席会议。"
    records = _on([("2021-01-05", "赵立"), ("2021-02-05", "赵力"), ("2021-03-05", "赵立")], template)
    assert len(find_conflicts(records)) == 1
