"""``bench/separately.py`` (分别会见: one event per guest) on fictional sentences and a
fictional two-item corpus: the guests each cue names and the counts it reports."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _separately():
    spec = importlib.util.spec_from_file_location("separately", ROOT / "bench" / "separately.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("separately", module)  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(("sentence", "kind", "guests"), [
    ("国家主席王明远在北京分别会见乍得总统阿巴卡、阿联酋总统莫兰迪，就双边关系交换意见。",
     "分别会见|会晤|会谈", "乍得总统阿巴卡、阿联酋总统莫兰迪"),
    ("王明远还分别同乍得总统阿巴卡和阿联酋总统莫兰迪通电话。", "分别与/同…会谈|会见|通电话", "乍得总统阿巴卡和阿联酋总统莫兰迪"),
    ("与阿巴卡、莫兰迪分别会谈时，王明远说。", "与/同…分别会谈", "阿巴卡、莫兰迪"),
])
def test_separately_reads_the_guests_of_each_cue(sentence, kind, guests):
    [(found_kind, start, end)] = _separately().guest_spans(sentence)
    assert (found_kind, sentence[start:end]) == (kind, guests)


def test_separately_counts_items_sentences_and_guests(tmp_path):
    corpus = tmp_path / "fictional.jsonl"
    items = [
        {"id": "f-1", "title": "会见", "date": "2024-03-04",
         "text": "新华社北京3月4日电 国家主席王明远4日在人民大会堂分别会见乍得总统阿巴卡、阿联酋总统莫兰迪。"},
        {"id": "f-2", "title": "调研", "date": "2024-03-04", "text": "青山区委书记周明远到松岭社区调研。"},
    ]
    corpus.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items), encoding="utf-8")
    run = subprocess.run([sys.executable, str(ROOT / "bench" / "separately.py"), str(corpus), "--json"],
                         capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert run.returncode == 0, run.stderr[-2000:]
    report = json.loads(run.stdout)
    assert (report["articles"], report["items"], report["sentences"]) == (2, 1, 1)
    assert report["guest_list_items"] == 2 and report["guests_named"] == 2
    assert report["guests_with_own_event"] + 2 * report["events_with_several_guests"] <= 2
