"""The scorer (kg.evaluate) and ``kg eval``, on small hand-written kg-gold/1 documents.

All names are fictional. The ``shared`` test scores the real gold files against
themselves and a perturbed copy.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from kg.errors import InputError
from kg.evaluate import CORE_KINDS, KINDS, Counts, load_document, score

DATA = Path(__file__).parent / "data" / "eval"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def doc(*articles: dict, aliases: dict | None = None) -> dict:
    return {"format": "kg-gold/1", "source": "t.txt", "org_aliases": aliases or {},
            "articles": list(articles)}


def article(title: str, persons: list, events: list) -> dict:
    return {"title": title, "authors": [], "persons": persons, "events": events}


def person(name: str, *posts: tuple[str, str], optional: bool = False) -> dict:
    p = {"name": name, "posts": [{"org": o, "title": t} for o, t in posts]}
    if optional:
        p["optional"] = True
    return p


def event(label: str, date: str | None, participants: list, organizations=(),
          location=None, organizer=None) -> dict:
    return {"label": label, "date": date, "location": location, "organizer": organizer,
            "participants": participants, "organizations": list(organizations)}


def part(name: str, *roles: str, optional: bool = False) -> dict:
    p = {"name": name, "roles": list(roles)}
    if optional:
        p["optional"] = True
    return p


def base() -> dict:
    """One article, two events, posts and unit roles: the gold most tests perturb."""
    return doc(
        article(
            "松原县举办种业论坛",
            [person("甲一鸣", ("松原县委", "书记")),
             person("乙二水", ("松原县", "副县长")),
             person("丙三川", ("松原县农业局", "局长"))],
            [event("种业论坛", "2031-05-04",
                   [part("甲一鸣", "spoke"), part("乙二水", "presided"),
                    part("丙三川", "attended")],
                   [{"name": "松原县农业局", "roles": ["attended"]}],
                   location="松原会堂", organizer="松原县"),
             event("调研种子企业", "2031-05-05",
                   [part("甲一鸣", "led"), part("丙三川", "accompanied")])],
        ),
        aliases={"松原县委": ["中共松原县委"]},
    )


def counts(report, kind: str) -> tuple[int, int, int]:
    c = report.counts[kind]
    return c.tp, c.fp, c.fn


def assert_perfect(report) -> None:
    for kind in (*KINDS, "core"):
        c = report.counts[kind]
        assert (c.fp, c.fn) == (0, 0), (kind, report.to_dict()["articles"])
        assert c.precision == c.recall == c.f1 == 1.0, kind


# --- scores ------------------------------------------------------------------------------


def test_identity_scores_one_everywhere():
    report = score(base(), base())
    assert_perfect(report)
    assert counts(report, "posts") == (3, 0, 0)
    assert counts(report, "roles") == (5, 0, 0)
    assert counts(report, "events") == (2, 0, 0)
    assert report.core.tp == sum(report.counts[k].tp for k in CORE_KINDS)


def test_counts_definitions_when_empty():
    assert (Counts().precision, Counts().recall, Counts().f1) == (1.0, 1.0, 1.0)
    only_fn = Counts(0, 0, 3)
    assert (only_fn.precision, only_fn.recall, only_fn.f1) == (0.0, 0.0, 0.0)
    c = Counts(3, 1, 2)
    assert c.precision == 0.75 and c.recall == 0.6
    assert c.f1 == pytest.approx(2 * 0.75 * 0.6 / 1.35)


def test_missing_post_lowers_recall():
    pred = base()
    pred["articles"][0]["persons"][1]["posts"] = []
    report = score(base(), pred)
    assert counts(report, "posts") == (2, 0, 1)
    assert report.counts["posts"].precision == 1.0
    assert report.counts["posts"].recall == pytest.approx(2 / 3)
    assert report.false_negatives["posts"] == ["乙二水: 松原县副县长"]
    assert report.core.fn == 1


def test_extra_role_lowers_precision():
    pred = base()
    pred["articles"][0]["events"][0]["participants"][0]["roles"].append("attended")
    report = score(base(), pred)
    assert counts(report, "roles") == (5, 1, 0)
    assert report.counts["roles"].recall == 1.0
    assert report.counts["roles"].precision == pytest.approx(5 / 6)
    assert report.articles[0].false_positives["roles"] == ["甲一鸣 attended @ 种业论坛"]
    assert counts(report, "participants") == (5, 0, 0)


def test_org_aliases_normalise_posts_units_and_locations():
    gold = base()
    gold["org_aliases"]["松原会堂"] = ["松原县会堂"]
    pred = base()
    pred["org_aliases"] = {}
    pred["articles"][0]["persons"][0]["posts"] = [{"org": "中共松原县委", "title": "书记"}]
    pred["articles"][0]["events"][0]["location"] = "松原县会堂"
    assert_perfect(score(gold, pred))


def test_prediction_aliases_merge_but_cannot_join_two_gold_units():
    pred = base()
    # the prediction's own alias maps its spelling onto the gold unit: accepted
    pred["org_aliases"] = {"松原县农业局": ["松原农业局"]}
    pred["articles"][0]["events"][0]["organizations"][0]["name"] = "松原农业局"
    assert_perfect(score(base(), pred))
    # declaring two gold units the same does not make a wrong post right
    pred = base()
    pred["org_aliases"] = {"松原县委": ["松原县农业局"]}
    pred["articles"][0]["persons"][2]["posts"] = [{"org": "松原县委", "title": "局长"}]
    report = score(base(), pred)
    assert counts(report, "posts") == (2, 1, 1)


def test_post_compares_org_and_title_joined():
    gold = doc(article("甲村换届", [person("丁四海", ("甲村党支部", "书记"))], []))
    pred = doc(article("甲村换届", [person("丁四海", ("甲村", "党支部书记"))], []))
    assert counts(score(gold, pred), "posts") == (1, 0, 0)


def test_post_prefix_alias_applies_after_joining():
    aliases = {"东乡镇甲村党支部": ["甲村党支部"]}
    gold = doc(article("甲村换届", [person("丁四海", ("东乡镇甲村党支部", "书记"))], []),
               aliases=aliases)
    pred = doc(article("甲村换届", [person("丁四海", ("甲村", "党支部书记"))], []))
    assert counts(score(gold, pred), "posts") == (1, 0, 0)


def test_names_are_nfkc_and_whitespace_free():
    pred = base()
    pred["articles"][0]["persons"][0]["name"] = "甲 一鸣"
    pred["articles"][0]["events"][0]["participants"][0]["name"] = "甲\u3000一鸣"
    pred["articles"][0]["title"] = " 松原县举办 种业论坛 "
    report = score(base(), pred)
    assert_perfect(report)
    assert report.articles[0].matched_by == "title"


def test_optional_items_are_unscored_both_ways():
    gold = base()
    gold_art = gold["articles"][0]
    gold_art["persons"].append(person("戊五岳", ("松原日报", "记者"), optional=True))
    gold_art["persons"][1]["posts"].append({"org": "松原县", "title": "党组成员",
                                            "optional": True})
    ev = gold_art["events"][0]
    ev["participants"].append(part("戊五岳", optional=True))              # presence optional
    ev["participants"].append(part("甲一鸣", "attended", optional=True))  # extra role optional
    ev["organizations"].append({"name": "有关部门", "roles": ["attended"], "optional": True})

    # predicted without the optional items: nothing is missing
    assert_perfect(score(gold, base()))

    # predicted with all of them: nothing is extra, and they are not true positives either
    pred = copy.deepcopy(gold)
    for p in pred["articles"][0]["persons"]:
        p.pop("optional", None)
        for post in p["posts"]:
            post.pop("optional", None)
    report = score(gold, pred)
    assert_perfect(report)
    assert counts(report, "persons") == (3, 0, 0)
    assert counts(report, "posts") == (3, 0, 0)
    assert counts(report, "participants") == (5, 0, 0)
    assert counts(report, "roles") == (5, 0, 0)
    assert counts(report, "org_roles") == (1, 0, 0)


def test_optional_participant_entry_does_not_excuse_required_presence():
    gold = base()
    gold["articles"][0]["events"][0]["participants"].append(part("甲一鸣", "attended",
                                                                 optional=True))
    pred = base()
    pred["articles"][0]["events"][0]["participants"].pop(0)
    report = score(gold, pred)
    assert counts(report, "participants") == (4, 0, 1)
    assert counts(report, "roles") == (4, 0, 1)


def test_prediction_optional_flags_are_ignored():
    pred = base()
    pred["articles"][0]["events"][0]["participants"].append(part("己六合", "spoke",
                                                                 optional=True))
    assert counts(score(base(), pred), "participants") == (5, 1, 0)


def test_unknown_year_dates_compare_month_and_day():
    gold = base()
    gold["articles"][0]["events"][0]["date"] = "XXXX-05-04"
    assert counts(score(gold, base()), "dates") == (2, 0, 0)
    pred = base()
    pred["articles"][0]["events"][0]["date"] = "2031-05-06"
    assert counts(score(gold, pred), "dates") == (1, 1, 1)
    # a prediction that drops a year the gold knows is wrong
    assert counts(score(base(), gold), "dates") == (1, 1, 1)


def test_null_dates_and_locations_are_not_facts():
    gold = base()
    gold["articles"][0]["events"][0]["date"] = None
    gold["articles"][0]["events"][0]["location"] = None
    report = score(gold, gold)
    assert counts(report, "dates") == (1, 0, 0)
    assert counts(report, "locations") == (0, 0, 0)
    assert report.counts["locations"].f1 == 1.0
    pred = base()
    assert counts(score(gold, pred), "locations") == (0, 1, 0)


def test_events_aligned_regardless_of_order():
    pred = base()
    pred["articles"][0]["events"].reverse()
    report = score(base(), pred)
    assert_perfect(report)
    pairs = {(e["gold"], e["pred"]) for e in report.articles[0].events}
    assert pairs == {("种业论坛", "种业论坛"), ("调研种子企业", "调研种子企业")}


def test_events_aligned_by_participants_not_labels():
    pred = base()
    evs = pred["articles"][0]["events"]
    evs[0]["label"], evs[1]["label"] = "会议", "调研"
    evs.reverse()
    report = score(base(), pred)
    for kind in ("participants", "roles", "org_roles", "dates", "locations", "events"):
        assert report.counts[kind].fp == report.counts[kind].fn == 0, kind


def test_unaligned_events_count_as_errors():
    pred = base()
    pred["articles"][0]["events"].pop(1)
    pred["articles"][0]["events"].append(
        event("植树活动", "2031-05-09", [part("庚七星", "attended")]))
    report = score(base(), pred)
    assert counts(report, "events") == (1, 1, 1)
    assert counts(report, "participants") == (3, 1, 2)
    assert counts(report, "dates") == (1, 1, 1)
    fn = report.articles[0].false_negatives
    assert "甲一鸣 led @ 调研种子企业" in fn["roles"]
    assert report.articles[0].false_positives["participants"] == ["庚七星 @ 植树活动"]


def test_article_matched_by_people_when_titles_differ():
    other = article("北岭乡修路", [person("辛八方", ("北岭乡", "乡长"))],
                    [event("通车仪式", "2031-06-01", [part("辛八方", "spoke")])])
    gold = base()
    gold["articles"].append(copy.deepcopy(other))
    pred = base()
    pred["articles"][0]["title"] = "种业论坛在松原举行"
    other["title"] = "北岭新路通车"
    pred["articles"].insert(0, other)
    report = score(gold, pred)
    assert_perfect(report)
    assert [a.matched_by for a in report.articles] == ["people", "people"]
    assert [(a.gold_index, a.pred_index) for a in report.articles] == [(0, 1), (1, 0)]


def test_unmatched_articles_are_all_errors():
    gold = base()
    pred = doc(article("无关新闻", [person("壬九州")],
                       [event("展览", None, [part("壬九州", "attended")])]))
    report = score(gold, pred)
    assert counts(report, "events") == (0, 1, 2)
    assert counts(report, "roles") == (0, 1, 5)
    assert [a.matched_by for a in report.articles] == [None, None]
    d = report.to_dict()
    assert d["matching"] == {"by_title": 0, "by_people": 0, "gold_unmatched": 1,
                             "pred_unmatched": 1}


def test_to_dict_is_json_ready():
    d = score(base(), base()).to_dict()
    assert set(d["kinds"]) == {*KINDS, "core"}
    assert d["kinds"]["core"]["f1"] == 1.0
    json.dumps(d, ensure_ascii=False)


def test_malformed_documents_raise_input_error():
    with pytest.raises(InputError, match="format"):
        score({"format": "other"}, base())
    bad = base()
    bad["articles"][0]["events"][0]["participants"] = "甲一鸣"
    with pytest.raises(InputError, match=r"articles\[0\]\.events\[0\]\.participants"):
        score(base(), bad)


def test_load_document_errors():
    with pytest.raises(InputError, match="no such file"):
        load_document(DATA / "absent.json")
    with pytest.raises(InputError, match="not valid JSON"):
        load_document(DATA / "broken.json")
    with pytest.raises(InputError, match="not a kg-gold/1 document"):
        load_document(DATA / "not_gold.json")


def test_data_files_score_as_expected():
    report = score(load_document(DATA / "gold.json"), load_document(DATA / "pred.json"))
    assert counts(report, "persons") == (3, 0, 0)
    assert counts(report, "posts") == (1, 0, 1)  # the reporter's post is optional
    assert counts(report, "roles") == (2, 1, 0)
    assert counts(report, "org_roles") == (0, 0, 1)
    assert counts(report, "locations") == (0, 0, 1)
    assert counts(report, "core") == (5, 1, 1)


# --- CLI ---------------------------------------------------------------------------------


def run_eval(*args: str):
    """Invoke ``kg eval``; while ``eval`` is the app's only command typer runs it bare."""
    from kg.cli import app

    prefix = ["eval"] if hasattr(get_command(app), "commands") else []
    return CliRunner().invoke(app, [*prefix, *args])


def test_cli_prints_table_with_core_line():
    result = run_eval(str(DATA / "gold.json"), str(DATA / "pred.json"))
    assert result.exit_code == 0, result.output
    core = [line for line in result.stdout.splitlines() if "core" in line]
    assert len(core) == 1
    assert core[0].split() == ["core", "5", "1", "1", "0.833", "0.833", "0.833"]
    for kind in KINDS:
        assert any(line.split()[:1] == [kind] for line in result.stdout.splitlines()), kind


def test_cli_json_parses():
    result = run_eval(str(DATA / "gold.json"), str(DATA / "pred.json"), "--json")
    assert result.exit_code == 0, result.output
    d = json.loads(result.stdout)
    assert d["kinds"]["core"]["tp"] == 5
    assert "周若溪: 青山区副区长" in d["document"]["false_negatives"]["posts"]


def test_cli_details_lists_errors():
    result = run_eval(str(DATA / "gold.json"), str(DATA / "pred.json"), "--details")
    assert result.exit_code == 0, result.output
    assert "missing posts: 周若溪: 青山区副区长" in result.stdout
    assert "extra   roles: 陈明远 attended @ 春耕工作会议" in result.stdout


@pytest.mark.parametrize("name", ["absent.json", "broken.json", "not_gold.json"])
def test_cli_bad_input_exits_2_with_one_line(name):
    result = run_eval(str(DATA / name), str(DATA / "pred.json"))
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kg: error:")
    assert "Traceback" not in result.output


# --- the shared gold files ---------------------------------------------------------------


def shared_gold_files() -> list[Path]:
    return sorted((SHARED / "gold").glob("*.gold.json")) if SHARED.is_dir() else []


@pytest.mark.shared
@pytest.mark.skipif(not shared_gold_files(), reason="../shared/gold not present")
@pytest.mark.parametrize("path", shared_gold_files() or [None],
                         ids=lambda p: p.name if p else "none")
def test_shared_gold_scores_itself_perfectly_and_a_lost_post_shows(path):
    gold = load_document(path)
    assert_perfect(score(gold, copy.deepcopy(gold)))

    # drop one required post held by a person who has no other copy of it
    pred = copy.deepcopy(gold)
    for art in pred["articles"]:
        for person_ in art["persons"]:
            required = [p for p in person_.get("posts", []) if not p.get("optional")]
            if required and not person_.get("optional"):
                person_["posts"].remove(required[0])
                # also remove the same post elsewhere (posts are counted per document)
                for other in pred["articles"]:
                    for q in other["persons"]:
                        if q["name"] == person_["name"]:
                            q["posts"] = [p for p in q["posts"]
                                          if (p["org"], p["title"]) !=
                                          (required[0]["org"], required[0]["title"])]
                break
        else:
            continue
        break
    report = score(gold, pred)
    assert report.counts["posts"].recall < 1.0
    assert report.counts["posts"].precision == 1.0
    assert report.core.recall < 1.0
