"""The lexicon files: every one parses, no entry is given two meanings, and a broken line
is reported once, naming the file and the line."""

from __future__ import annotations

import collections
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kg import lexicon as lexicon_module
from kg.lexicon import LexiconError, lexicon_files


@pytest.fixture
def fresh_lexicon():
    """The cached lexicon dropped before and after the test, so a test's override is read
    and never leaks into the next test."""
    lexicon_module.lexicon.cache_clear()
    yield
    lexicon_module.lexicon.cache_clear()


def test_every_lexicon_file_parses(fresh_lexicon):
    lex = lexicon_module.lexicon()
    assert lex.titles and lex.role_cues and lex.event_nouns and lex.countries
    # every file is read by some reader: the full-table loaders do not raise on any
    for name in lexicon_files():
        assert lexicon_module._numbered_lines(name) is not None


def test_no_word_has_two_meanings_in_one_table():
    for name in ("role_cues.txt", "event_nouns.txt", "honorifics.txt"):
        rows = lexicon_module._rows(name, 2)
        key = 0 if name == "honorifics.txt" else 1
        twice = [w for w, n in collections.Counter(r[key] for r in rows).items() if n > 1]
        assert not twice, f"{name}: {twice} listed twice"
    for name in lexicon_files():
        entries = [line for _, line in lexicon_module._numbered_lines(name)]
        twice = [w for w, n in collections.Counter(entries).items() if n > 1]
        assert not twice, f"{name}: the same line twice: {twice}"


def _broken_copy(tmp_path: Path) -> tuple[Path, int]:
    """A lexicon override whose role_cues.txt has one tab replaced by a space."""
    src = lexicon_files()["role_cues.txt"]
    lines = src.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines, 1) if "\t" in line and not line.startswith("#"))
    lines[number - 1] = lines[number - 1].replace("\t", " ", 1)
    override = tmp_path / "lexicon"
    override.mkdir()
    (override / "role_cues.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return override, number


def test_a_broken_line_names_its_file_and_line(tmp_path, monkeypatch, fresh_lexicon):
    override, number = _broken_copy(tmp_path)
    monkeypatch.setenv("KG_LEXICON", str(override))
    with pytest.raises(LexiconError, match=rf"role_cues\.txt:{number}: expected 2 tab-separated columns"):
        lexicon_module.lexicon()


def test_the_cli_reports_a_broken_lexicon_in_one_line(tmp_path):
    override, number = _broken_copy(tmp_path)
    page = tmp_path / "feed.jsonl"
    page.write_text(
        '{"title": "青山区召开会议", "text": "区委书记周明远主持会议。"}\n'
        '{"title": "云溪镇举行仪式", "text": "镇长林晓出席。"}\n',
        encoding="utf-8",
    )
    kg = Path(sys.executable).with_name("kg")
    env = {**os.environ, "KG_LEXICON": str(override)}
    done = subprocess.run([str(kg if kg.exists() else shutil.which("kg")), "extract", str(page)],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert f"role_cues.txt:{number}:" in lines[0] and lines[0].startswith("kg: error:")
    assert "Traceback" not in done.stderr


def test_an_override_replaces_only_its_own_file(tmp_path, monkeypatch, fresh_lexicon):
    override = tmp_path / "lexicon"
    override.mkdir()
    (override / "honorifics.txt").write_text("# ours\n馆长\t云溪博物馆\n", encoding="utf-8")
    monkeypatch.setenv("KG_LEXICON", str(override))
    lex = lexicon_module.lexicon()
    assert lex.honorifics == {"馆长": "云溪博物馆"}
    assert "书记" in lex.titles  # the packaged files are still read
