"""kg.extract.extract_article on fictional articles in the style of Chinese local and
national government news (tests/data/extract/): persons, posts as (org, title), events
with date, location, organizer and participant roles, bylines, and evidence that quotes
the original text.

Snapshot files: ``tests/data/extract/<fixture>.snapshot.json`` hold what ``kg extract --format
gold`` writes for each fixture, so any change in extraction output shows up as a diff.
After an intended change, regenerate them and review the diff before committing::

    KG_UPDATE_SNAPSHOTS=1 pytest tests/test_extract.py -k snapshot
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.gold import article_to_gold
from kg.loaders import load_inputs
from kg.model import Article, Extraction
from kg.pipeline import process_article

DATA = Path(__file__).parent / "data" / "extract"
GAOXIN = DATA / "yunxi-gaoxin-2021-06.txt"
QINGSHAN_BIG5 = DATA / "qingshan-2021-03.big5.txt"
NATIONAL = DATA / "national-2021.jsonl"
FIXTURES = [GAOXIN, QINGSHAN_BIG5, NATIONAL]


# --- helpers ----------------------------------------------------------------------------------


def run(text: str, *, title: str = "标题", date: str | None = None, year: int | None = None,
        authors: tuple[str, ...] = ()) -> Extraction:
    return process_article(Article(id="t", title=title, text=text, date=date, authors=authors, year=year))


def load(path: Path) -> list[Extraction]:
    out = []
    for item in load_inputs([str(path)]):
        assert isinstance(item, Article), item
        out.append(process_article(item))
    return out


def posts(e: Extraction) -> dict[str, set[tuple[str, str]]]:
    """Every person of the article with the set of (org, title) posts they hold."""
    return {p["name"]: {(x["org"], x["title"]) for x in p["posts"]} for p in article_to_gold(e)["persons"]}


def events(e: Extraction) -> list[dict]:
    """Events as plain dicts, participants as {name: set of roles}."""
    return [
        {
            "label": ev["label"],
            "date": ev["date"],
            "location": ev["location"],
            "organizer": ev["organizer"],
            "people": {p["name"]: set(p["roles"]) for p in ev["participants"]},
            "units": {u["name"]: set(u["roles"]) for u in ev["organizations"]},
        }
        for ev in article_to_gold(e)["events"]
    ]


def all_evidence(e: Extraction):
    yield from (h.evidence for h in e.holds)
    yield from (p.evidence for p in e.participations)
    yield from (ev.evidence for ev in e.events)
    yield from (a.evidence for a in e.authorships)


def assert_evidence_valid(e: Extraction) -> None:
    text = e.article.text
    for ev in all_evidence(e):
        assert 0 <= ev.start <= ev.end <= len(text), ev
        assert text[ev.start : ev.end] == ev.quote, ev
        assert ev.article_id == e.article.id


def holds_quote(e: Extraction, name: str) -> list[str]:
    person = next(p for p in e.persons if p.name == name)
    return [h.evidence.quote for h in e.holds if h.person_id == person.id]


# --- a 高新区 paper: prefix inheritance, 兼, lists, units, bylines, layout break ----------------


@pytest.fixture(scope="module")
def gaoxin() -> list[Extraction]:
    return load(GAOXIN)


def test_gaoxin_page_articles(gaoxin):
    assert [e.article.title for e in gaoxin] == ["云溪高新区召开科技创新推进会", "吴海波走访看望科技人才"]
    first, second = gaoxin
    assert first.article.kicker == "聚焦创新驱动 激发发展活力"
    assert first.article.date == second.article.date == "2021-06-05"
    assert first.article.publication == "云溪高新时报"
    assert first.article.authors == ("林晓", "何平")
    assert second.article.authors == ("赵明",)


def test_gaoxin_meeting_persons_and_posts(gaoxin):
    assert posts(gaoxin[0]) == {
        "林晓": set(),
        "何平": set(),
        "吴海波": {("云溪高新区党工委", "书记"), ("云溪高新区管委会", "主任")},
        "郑华": {("云溪高新区党工委", "副书记"), ("云溪高新区管委会", "常务副主任")},
        "刘洋": {("云溪高新区党工委", "委员"), ("云溪高新区管委会", "副主任")},
        "宋佳": {("云溪高新区党工委", "委员"), ("云溪高新区管委会", "副主任")},
        "韩雪": {("云溪高新区科技创新领导小组", "副组长"), ("云溪高新区科技创新领导小组办公室", "主任")},
    }


def test_gaoxin_meeting_event(gaoxin):
    (ev,) = events(gaoxin[0])
    assert ev == {
        "label": "科技创新推进会",
        "date": "2021-06-03",
        "location": None,
        "organizer": "云溪高新区",
        "people": {
            "吴海波": {"attended", "spoke"},
            "郑华": {"presided"},
            "刘洋": {"attended"},
            "宋佳": {"attended"},
            "韩雪": {"spoke"},
        },
        "units": {
            "云溪高新区科技局": {"attended"},
            "云溪高新区财政局": {"attended"},
            "松岭社区": {"attended"},
        },
    }
    (event,) = gaoxin[0].events
    assert (event.type, event.part_of_day, event.date_inferred) == ("meeting", "morning", False)


def test_gaoxin_participation_order_is_order_of_mention(gaoxin):
    e = gaoxin[0]
    order = {}
    for p in e.participations:
        order.setdefault(p.participant_name, p.order)
    assert sorted(order, key=order.get)[:4] == ["吴海波", "郑华", "刘洋", "宋佳"]


def test_gaoxin_visit_event(gaoxin):
    (ev,) = events(gaoxin[1])
    assert ev == {
        "label": "走访看望科技人才",
        "date": "2021-06-04",
        "location": "松岭社区",
        "organizer": None,
        "people": {"吴海波": {"led"}, "刘洋": {"accompanied"}, "孙雷": {"accompanied"}},
        "units": {},
    }
    assert gaoxin[1].events[0].type == "visit"


@pytest.mark.xfail(
    strict=True,
    reason="gap: OrgContext is built per article, so in the page's second article (which never "
    "names the district) 区党工委/管委会/区科技局 keep no prefix; the gold README says 区 is the paper's district",
)
def test_gaoxin_second_article_uses_the_papers_district(gaoxin):
    assert posts(gaoxin[1]) == {
        "吴海波": {("云溪高新区党工委", "书记")},
        "刘洋": {("云溪高新区党工委", "委员"), ("云溪高新区管委会", "副主任")},
        "孙雷": {("云溪高新区科技局", "局长")},
        "赵明": set(),
    }


def test_gaoxin_evidence(gaoxin):
    first = gaoxin[0]
    for e in gaoxin:
        assert_evidence_valid(e)
    assert set(holds_quote(first, "吴海波")) == {"区党工委书记、管委会主任吴海波"}
    assert set(holds_quote(first, "韩雪")) == {"区科技创新领导小组副组长兼办公室主任韩雪"}
    spoke = next(p for p in first.participations if p.participant_name == "吴海波" and p.role == "spoke")
    assert spoke.evidence.quote == "区党工委书记、管委会主任吴海波出席并讲话"
    assert spoke.evidence.sentence == "区党工委书记、管委会主任吴海波出席并讲话，区党工委副书记、管委会常务副主任郑华主持会议。"
    (event,) = first.events
    assert event.evidence.quote == "云溪高新区召开科技创新推进会"
    # the evidence maps back into the page file too
    page = GAOXIN.read_text(encoding="utf-8")
    at = first.article.source_offset + event.evidence.start
    assert page[at : at + len(event.evidence.quote)] == event.evidence.quote


def test_gaoxin_layout_break_is_inside_the_article_text(gaoxin):
    text = gaoxin[0].article.text
    assert "充分发\n\n挥企业" in text  # the page's column break stays in the original text


def test_gaoxin_authorships(gaoxin):
    first, second = gaoxin
    names = {p.id: p.name for p in first.persons}
    assert [(names[a.person_id], a.evidence.quote) for a in first.authorships] == [("林晓", "林晓"), ("何平", "何平")]
    assert first.article.text[first.authorships[0].evidence.start :].startswith("林晓 通讯员 何平")
    # 赵明's byline is below the body: no span in the text, an empty quote at its end
    (a,) = second.authorships
    assert (a.evidence.start, a.evidence.end, a.evidence.quote) == (len(second.article.text),) * 2 + ("",)


def test_a_reporter_in_the_news_is_no_author():
    """记者 after a country or an adjective names a journalist in the story, not the byline."""
    e = run("本报北京3月2日电（记者赵明远）另一位美国记者约翰·史密斯日前在一场活动中提问。")
    names = {p.id: p.name for p in e.persons}
    assert [names[a.person_id] for a in e.authorships] == ["赵明远"]


def test_one_sentence_per_evidence_span():
    """Two facts on one span share one evidence (the RDF export makes one node of it)."""
    e = run("本报讯（记者赵明远）3月2日，市委书记周明远主持召开会议。", authors=("赵明远",))
    sentences: dict[tuple[int, int], set[str]] = {}
    for ev in all_evidence(e):
        sentences.setdefault((ev.start, ev.end), set()).add(ev.sentence)
    assert all(len(s) == 1 for s in sentences.values()), sentences
    (a,) = e.authorships
    assert a.evidence.sentence.startswith("本报讯") and "周明远" not in a.evidence.quote


# --- a traditional-script page in Big5 ---------------------------------------------------------


@pytest.fixture(scope="module")
def big5() -> Extraction:
    (e,) = load(QINGSHAN_BIG5)
    return e


def test_big5_article_is_read_as_written(big5):
    a = big5.article
    assert a.title == "青山區召開鄉村振興推進會"
    assert a.text.startswith("本報訊(記者 林曉) 3月4日上午，青山區召開")
    assert a.date == "2021-03-05"
    assert a.authors == ("林晓",)


def test_big5_facts_are_simplified(big5):
    assert posts(big5) == {
        "林晓": set(),
        "周明远": {("青山区委", "书记"), ("青山区政府", "区长")},
        "陈雅": {("青山区委", "副书记")},
        "赵立": {("青山区委", "常委")},
        "钱锋": {("青山区委", "常委")},
        "孙雷": {("青山区委", "常委")},
        "何欣": {("云溪镇党委", "书记")},
        "许文博": {("云岭农业大学", "教授")},
    }
    (ev,) = events(big5)
    assert ev == {
        "label": "乡村振兴推进会",
        "date": "2021-03-04",
        "location": None,
        "organizer": "青山区",
        "people": {
            "周明远": {"attended", "spoke"},
            "陈雅": {"presided"},
            "赵立": {"attended"},
            "钱锋": {"attended"},
            "孙雷": {"attended"},
            "何欣": {"spoke"},
        },
        "units": {"青山区财政局": {"attended"}, "青山区农业农村局": {"attended"}},
    }


def test_big5_evidence_quotes_the_traditional_text(big5):
    assert_evidence_valid(big5)
    assert set(holds_quote(big5, "周明远")) == {"青山區委書記、區長周明遠"}
    assert set(holds_quote(big5, "陈雅")) == {"區委副書記陳雅"}
    (event,) = big5.events
    assert event.evidence.quote == "青山區召開鄉村振興推進會"
    presided = next(p for p in big5.participations if p.role == "presided")
    assert presided.evidence.quote == "區委副書記陳雅主持"
    # and the article's text is the decoded file at source_offset
    page = QINGSHAN_BIG5.read_bytes().decode("big5")
    a = big5.article
    assert page[a.source_offset : a.source_offset + len(a.text)] == a.text


def test_big5_honorific_evidence(big5):
    assert holds_quote(big5, "许文博") == ["雲嶺農業大學許文博教授"]


def test_big5_authorship_evidence(big5):
    (a,) = big5.authorships
    assert a.evidence.quote == "林曉"


# --- national news (JSONL): 会见, 会谈, multi-event, relative dates, year rollback, op-ed ----


@pytest.fixture(scope="module")
def national() -> dict[str, Extraction]:
    return {e.article.id: e for e in load(NATIONAL)}


def test_national_every_evidence_is_valid(national):
    assert len(national) == 7
    for e in national.values():
        assert_evidence_valid(e)


def test_meeting_led_counterpart_attended(national):
    e = national["nat-1"]
    assert posts(e) == {
        "林国栋": {("国家", "主席")},
        "韦斯特": {("青岚共和国", "总统")},
        "方志诚": {("外交部", "部长")},
    }
    (ev,) = events(e)
    assert ev["date"] == "2021-03-08"
    assert ev["location"] == "人民大会堂"
    assert ev["people"] == {"林国栋": {"led"}, "韦斯特": {"counterpart"}, "方志诚": {"attended"}}
    assert (e.events[0].type, e.events[0].part_of_day) == ("talks", "afternoon")


def test_talks_with_local_time(national):
    e = national["nat-2"]
    assert posts(e) == {"钱立平": {("国务院", "总理")}, "韦斯特": {("青岚共和国", "总理")}}
    (ev,) = events(e)
    assert ev == {
        "label": "同青岚共和国总理韦斯特举行会谈",
        "date": "2021-06-25",
        "location": "云港",
        "organizer": None,
        "people": {"钱立平": {"led"}, "韦斯特": {"counterpart"}},
        "units": {},
    }


def test_two_events_in_one_article(national):
    e = national["nat-3"]
    assert posts(e) == {
        "高建国": {("松岭市委", "书记")},
        "冯志远": {("松岭市政府", "市长")},
        "周明远": {("青山区委", "书记")},
        "何欣": {("云溪镇党委", "书记")},
    }
    forum, tour = events(e)
    assert forum == {
        "label": "第三届云岭数字经济论坛",
        "date": "2021-07-01",
        "location": "青山区",
        "organizer": None,
        "people": {"高建国": {"attended", "spoke"}, "冯志远": {"attended", "spoke"}},
        "units": {},
    }
    assert tour == {
        "label": "调研数字产业发展情况",
        "date": "2021-07-02",
        "location": "云溪镇",
        "organizer": None,
        "people": {"高建国": {"led"}, "周明远": {"accompanied"}, "何欣": {"accompanied"}},
        "units": {},
    }
    first, second = e.events
    assert (first.type, first.end_date) == ("forum", "2021-07-02")
    assert (second.type, second.end_date, second.part_of_day) == ("inspection", None, "afternoon")


def test_riqian_gives_no_date_but_the_event_and_units(national):
    e = national["nat-4"]
    assert posts(e) == {"赵立": {("青山区委", "常委"), ("青山区政府", "常务副区长")}}
    (ev,) = events(e)
    assert ev == {
        "label": "防汛工作调度会",
        "date": None,
        "location": None,
        "organizer": "青山区",
        "people": {"赵立": {"presided"}},
        "units": {"青山区应急管理局": {"attended"}, "青山区水利局": {"attended"}, "云溪镇政府": {"attended"}},
    }


def test_year_rolls_back_for_a_december_event_in_a_january_paper(national):
    e = national["nat-5"]
    (ev,) = events(e)
    assert ev["date"] == "2021-12-30"
    assert ev["people"] == {"高建国": {"presided", "spoke"}, "冯志远": {"attended"}}
    assert e.events[0].date_inferred is False


def test_city_posts_after_the_city_holds_a_meeting(national):
    assert posts(national["nat-5"]) == {
        "高建国": {("松岭市委", "书记")},
        "冯志远": {("松岭市委", "副书记"), ("松岭市政府", "市长")},
    }


def test_opinion_piece_has_no_events_and_no_people(national):
    e = national["nat-6"]
    assert e.events == ()
    assert e.participations == ()
    assert e.persons == ()


def test_year_stated_in_the_title_dates_an_undated_item(national):
    e = national["nat-7"]
    assert e.article.date is None
    (ev,) = events(e)
    assert ev["date"] == "2021-04-08"
    assert e.events[0].date_inferred is True
    assert posts(e) == {
        "周明远": {("青山区政府", "区长")},
        "钱锋": {("青山区政府", "副区长")},
        "孙雷": {("青山区政府", "副区长")},
    }
    assert ev["people"] == {"周明远": {"presided", "spoke"}, "钱锋": {"attended"}, "孙雷": {"attended"}}


# --- year inference and relative dates on inline articles ---------------------------------------

MEETING = "4月8日，青山区召开经济运行分析会，区长周明远主持会议。"


def test_year_from_the_article_date():
    (ev,) = run(MEETING, date="2021-04-09").events
    assert (ev.date, ev.date_inferred) == ("2021-04-08", False)


def test_year_from_the_year_option():
    (ev,) = run(MEETING, year=2019).events
    assert (ev.date, ev.date_inferred) == ("2019-04-08", True)


def test_the_article_date_wins_over_the_year_option():
    (ev,) = run(MEETING, date="2021-04-09", year=2019).events
    assert (ev.date, ev.date_inferred) == ("2021-04-08", False)


def test_year_stated_in_the_text():
    (ev,) = run("4月8日，青山区召开2020年度经济运行分析会，区长周明远主持会议。").events
    assert (ev.date, ev.date_inferred) == ("2020-04-08", True)


def test_no_year_anywhere_keeps_month_and_day_with_the_year_unknown():
    (ev,) = run(MEETING).events
    assert ev.date is not None and ev.date.startswith("XXXX-")
    assert not ev.date_inferred


def test_rollback_across_the_new_year_with_local_time():
    e = run("当地时间30日，国家主席林国栋在云港会见青岚共和国总统韦斯特。", date="2021-01-02")
    (ev,) = e.events
    assert ev.date == "2020-12-30"


def test_same_day_second_event_keeps_the_date():
    e = run(
        "3月4日上午，青山区召开乡村振兴推进会，区委书记周明远出席并讲话。"
        "当天下午，周明远到云溪镇调研乡村振兴工作，镇党委书记何欣陪同。",
        date="2021-03-06",
    )
    meeting, tour = e.events
    assert (meeting.date, meeting.type) == ("2021-03-04", "meeting")
    assert (tour.date, tour.type, tour.location) == ("2021-03-04", "inspection", "云溪镇")


def test_new_date_starts_a_second_meeting():
    e = run(
        "3月4日，青山区召开乡村振兴推进会，区委书记周明远出席并讲话，区委副书记陈雅主持。"
        "3月5日，青山区召开人才工作座谈会，区委副书记陈雅出席并讲话。",
        date="2021-03-06",
    )
    got = events(e)
    assert [(x["label"], x["date"]) for x in got] == [("乡村振兴推进会", "2021-03-04"), ("人才工作座谈会", "2021-03-05")]
    assert got[0]["people"] == {"周明远": {"attended", "spoke"}, "陈雅": {"presided"}}
    assert got[1]["people"] == {"陈雅": {"attended", "spoke"}}


def test_plans_are_not_events():
    e = run("青山区将于3月10日召开乡村振兴推进会，区委书记周明远将出席。", date="2021-03-05")
    assert e.events == ()


def test_full_width_digits_and_layout_break_inside_a_cue():
    text = "３月４日上午，青山区召开作风建设推进会。区委副书记陈雅主\n\n持会议。"
    e = run(text, date="2021-03-05")
    (ev,) = e.events
    assert ev.date == "2021-03-04"
    (p,) = e.participations
    assert (p.participant_name, p.role) == ("陈雅", "presided")
    assert p.evidence.quote == "区委副书记陈雅主\n\n持"
    assert_evidence_valid(e)


# --- regressions and known bugs on inline articles --------------------------------------------------------------


def test_author_name_inside_a_longer_name():
    e = run("3月4日，青山区召开人才工作座谈会。会上，林晓峰、王海先后发言。", date="2021-03-05", authors=("林晓",))
    (ev,) = events(e)
    assert ev["people"] == {"林晓峰": {"spoke"}, "王海": {"spoke"}}


def test_honorific_in_a_later_sentence_has_its_own_evidence():
    e = run("3月4日，青山区召开人才工作座谈会。会上，云岭大学林晓峰教授作报告。", date="2021-03-05")
    (p,) = e.participations
    assert (p.participant_name, p.role) == ("林晓峰", "spoke")
    assert p.evidence.quote == "云岭大学林晓峰教授作报告"


def test_honorific_post_evidence_includes_the_title():
    e = run("3月4日，青山区召开人才工作座谈会。会上，云岭大学林晓峰教授作报告。", date="2021-03-05")
    assert holds_quote(e, "林晓峰") == ["云岭大学林晓峰教授"]


HASH_PROBE = """
import json
from kg.model import Article
from kg.pipeline import process_article
from kg.gold import article_to_gold
text = "3月4日，青山区召开人才工作座谈会。会上，云岭大学林晓峰教授作报告。"
e = process_article(Article(id="t", title="t", text=text, date="2021-03-05", authors=("林晓",)))
print(json.dumps(article_to_gold(e), ensure_ascii=False, sort_keys=True))
"""


def test_extraction_does_not_depend_on_the_hash_seed():
    outputs = set()
    for seed in ("0", "1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-c", HASH_PROBE], env=env, capture_output=True, text=True, check=True)
        outputs.add(done.stdout)
    assert len(outputs) == 1, outputs
    (event,) = json.loads(outputs.pop())["events"]
    assert event["participants"] == [{"name": "林晓峰", "roles": ["spoke"]}]  # never the author 林晓


def test_two_character_name_before_zongli_has_valid_evidence():
    e = run("钱立总理出席会议并讲话。", date="2021-03-05")
    assert_evidence_valid(e)
    assert {p.evidence.quote for p in e.participations} == {"钱立总理出席", "钱立总理出席会议并讲话"}


def test_crlf_layout_break_inside_a_cue():
    e = run("3月4日，青山区召开作风建设推进会。\r\n区委副书记陈雅主\r\n\r\n持会议。", date="2021-03-05")
    assert [(p.participant_name, p.role) for p in e.participations] == [("陈雅", "presided")]


def test_visited_person_is_the_counterpart():
    e = run("3月9日，区委书记周明远到松岭社区走访看望老党员李德山。", date="2021-03-10")
    (ev,) = events(e)
    assert ev["people"] == {"周明远": {"led"}, "李德山": {"counterpart"}}


def test_presided_by_after_you():
    e = run("3月4日，区委理论学习中心组举行集体学习会。会议由区委常委钱锋主持。", date="2021-03-05")
    assert posts(e) == {"钱锋": {("区委", "常委")}}


# --- snapshot files ------------------------------------------------------------------------------


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.name)
def test_snapshot(fixture: Path, tmp_path: Path):
    """``kg extract --format gold`` on each fixture equals its snapshot file."""
    snapshot = DATA / (fixture.name.split(".")[0] + ".snapshot.json")
    out = tmp_path / "out.json"
    result = CliRunner().invoke(app, ["extract", str(fixture), "--format", "gold", "-o", str(out)])
    assert result.exit_code == 0, result.output
    got = json.loads(out.read_text(encoding="utf-8"))
    if os.environ.get("KG_UPDATE_SNAPSHOTS") == "1":
        snapshot.write_text(json.dumps(got, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert snapshot.exists(), f"{snapshot.name} missing: run with KG_UPDATE_SNAPSHOTS=1"
    want = json.loads(snapshot.read_text(encoding="utf-8"))
    assert got == want, f"extraction of {fixture.name} changed; review and regenerate with KG_UPDATE_SNAPSHOTS=1"


def test_a_feature_reports_an_event_stated_as_news_deep_inside():
    # no dateline; the event is the fourth sentence, opened by a time as news states it
    text = ("艳阳高照，青山农场里凤梨长势正好。“这是哪里引进的品种？”“农民有多少收益？”"
            "8月上旬，青山大学校长林晓峰率调研组赴白鹿县开展乡村振兴考察调研，副校长周明远参加。")
    e = process_article(Article(id="f", title="凤梨的故事", text=text, date="2020-09-02"))
    got = {(p.participant_name, p.role) for p in e.participations}
    assert {("林晓峰", "led"), ("周明远", "attended")} <= got


def test_a_feature_reports_an_event_whose_day_follows_its_subject():
    # 市委书记X8月5日晚赶到…: the day stands right after the person, in the first clause
    text = ("艳阳高照，青山农场里凤梨长势正好。“这是哪里引进的品种？”“农民有多少收益？”"
            "白鹿市委书记林晓峰8月5日晚赶到青山县参加防汛调度会督战。")
    e = process_article(Article(id="f", title="凤梨的故事", text=text, date="2020-09-02"))
    assert [(ev.label, ev.date) for ev in e.events] == [("防汛调度会", "2020-08-05")]
    # a day later in the sentence, not after its subject, is no such opening
    text = text.replace("林晓峰8月5日晚赶到青山县", "林晓峰赶到青山县,8月5日晚")
    assert not process_article(Article(id="f", title="凤梨的故事", text=text, date="2020-09-02")).events


def test_a_feature_recalling_an_old_visit_reports_no_event():
    text = ("初冬的青山湖。到过青山的人，都会有这样的感受。这里山水秀丽。"
            "2015年5月26日，青山省委书记林晓峰在白鹿县考察，周明远陪同。")
    e = process_article(Article(id="g", title="青山的文明", text=text, date="2017-12-01"))
    assert not e.events


def test_we_in_quotes_makes_no_op_ed():
    text = ("“我们的凤梨卖得好，我们也有了收入，我们很高兴。”农场主说。"
            "8月5日，青山县委书记林晓峰出席凤梨节开幕式并讲话。")
    e = process_article(Article(id="q", title="凤梨节", text=text, date="2020-08-06"))
    assert e.events
