"""docs/rules.md: generated from the rule lists, kept current, every rule's example true."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kg.extract import rules_doc
from kg.extract.rules_doc import DOC, STAGES, render, rule_doc

ALL_RULES = [(stage, name, rule) for stage in STAGES for name, rule in stage.rules]


def test_the_committed_document_is_current():
    assert DOC.read_text(encoding="utf-8") == render(), "docs/rules.md is stale: run python -m kg.extract.rules_doc"


def test_every_rule_of_every_list_is_in_the_document():
    text = render()
    assert len(ALL_RULES) == len(rules_doc.name_patterns.RULES) + len(rules_doc.events.TRIGGER_RULES) >= 14
    for stage, name, _ in ALL_RULES:
        assert f"| `{name}` |" in text.split(f"## {stage.name}")[1].split("## ")[0]


def test_rule_names_are_unique_within_a_stage():
    for stage in STAGES:
        names = [name for name, _ in stage.rules]
        assert len(names) == len(set(names)), stage.name


@pytest.mark.parametrize(("stage", "name", "rule"), ALL_RULES, ids=[f"{s.name}-{n}" for s, n, _ in ALL_RULES])
def test_each_example_finds_what_its_docstring_says(stage, name, rule):
    doc = rule_doc(name, rule)
    assert doc.example and doc.finds
    assert stage.run(rule, doc.example) == doc.finds


def test_a_rule_without_an_example_is_refused():
    def bare(x):
        """Finds something."""

    with pytest.raises(ValueError, match="Example: <sentence> -> <what it finds>"):
        rule_doc("bare", bare)


def test_check_fails_on_a_stale_file_and_writing_makes_it_current(tmp_path):
    out = tmp_path / "rules.md"
    out.write_text("# old\n", encoding="utf-8")
    run = [sys.executable, "-m", "kg.extract.rules_doc", "-o", str(out)]
    stale = subprocess.run([*run, "--check"], capture_output=True, text=True, timeout=120)
    assert stale.returncode == 1 and "out of date" in stale.stderr and len(stale.stderr.splitlines()) == 1
    assert subprocess.run(run, capture_output=True, text=True, timeout=120).returncode == 0
    assert out.read_text(encoding="utf-8") == render()
    assert subprocess.run([*run, "--check"], capture_output=True, text=True, timeout=120).returncode == 0


def test_help_says_what_it_writes():
    done = subprocess.run([sys.executable, "-m", "kg.extract.rules_doc", "--help"], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0 and "docs/rules.md" in done.stdout and "--check" in done.stdout
