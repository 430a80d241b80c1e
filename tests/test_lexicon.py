"""The lexicon files: every one parses, no entry is given two meanings, and a broken line
is reported once, naming the file and the line."""

from __future__ import annotations

import ast
import collections
import os
import re
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
    # one column count a file, but where the last column may be left out (full<TAB>short forms,
    # a name stop's tags, a title's endings)
    optional_last = {"countries.txt", "name_stops.txt", "single_holder_titles.txt"}
    for name in lexicon_files():
        counts = {line.count("\t") + 1 for _, line in lexicon_module._numbered_lines(name)}
        assert len(counts) == 1 or (name in optional_last and len(counts) == 2), (name, counts)
        if counts == {2}:
            assert lexicon_module.lexicon_list(name, "*")  # a kind<TAB>word file reads as one
    assert lexicon_module.name_stop_tags()["将"] == frozenset({"follows", "adverb"})


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


# --- no word list in the code -------------------------------------------------------

_CJK = "\u3400-\u9fff"
_NUMERALS = set("〇零一二三四五六七八九十百千万")  # digits of a number pattern are syntax, no list
_ALTERNATION = re.compile(f"[{_CJK}]+(?:\\|[{_CJK}]+){{2,}}")
_CHAR_CLASS = re.compile(r"\[([^\]]*)\]")

# What may stay in the code although it looks like a list: (file, text on the line) -> why.
# Keep it short. Not counted at all (the code's grammar, not lists): one or two Chinese
# words or characters (的, 在 as anchors, (?:还有|有)), the digits of number patterns, and
# docstrings.
_ALLOWED: dict[tuple[str, str], str] = {}


def _cjk_count(text: str) -> int:
    return sum(1 for c in text if f"{_CJK[0]}" <= c <= f"{_CJK[-1]}" and c not in _NUMERALS)


def _word_lists(path: Path) -> list[tuple[int, str]]:
    """(line, why) of every word list written in a Python module: a collection of three or
    more Chinese strings, a regex alternation or character class of three or more Chinese
    words, or a string of three or more characters used as a set of characters."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                  if isinstance(n, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
                  and n.body and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
    chinese = lambda n: (isinstance(n, ast.Constant) and isinstance(n.value, str)  # noqa: E731
                         and id(n) not in docstrings and _cjk_count(n.value) > 0)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Tuple, ast.List, ast.Set)) and sum(map(chinese, node.elts)) >= 3:
            found.append((node.lineno, "a collection of Chinese words"))
        elif isinstance(node, ast.Dict) and max(sum(map(chinese, node.keys)), sum(map(chinese, node.values))) >= 3:
            found.append((node.lineno, "a dict of Chinese words"))
        elif isinstance(node, ast.Call) and getattr(node.func, "id", "") in ("set", "frozenset") \
                and node.args and chinese(node.args[0]) and _cjk_count(node.args[0].value) >= 3:
            found.append((node.lineno, "a set of Chinese characters"))
        elif isinstance(node, ast.Compare) and not isinstance(node.left, ast.Constant) \
                and isinstance(node.ops[0], (ast.In, ast.NotIn)) \
                and chinese(node.comparators[0]) and _cjk_count(node.comparators[0].value) >= 3:
            found.append((node.lineno, "a string of Chinese characters read as a set (x in \"的了和\")"))
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", "") in ("strip", "lstrip", "rstrip") \
                and node.args and chinese(node.args[0]) and _cjk_count(node.args[0].value) >= 3:
            found.append((node.lineno, "a set of Chinese characters stripped"))
        elif chinese(node):
            text = node.value
            if _ALTERNATION.search(text):
                found.append((node.lineno, f"a regex alternation of Chinese words: {_ALTERNATION.search(text).group(0)}"))
            elif any(_cjk_count(c) >= 3 for c in _CHAR_CLASS.findall(text)):
                found.append((node.lineno, "a regex character class of Chinese characters"))
    for node in ast.walk(tree):  # NAME = "的了和": a constant string of characters read as a set
        if isinstance(node, ast.Assign) and chinese(node.value) and _cjk_count(node.value.value) >= 3 \
                and all(isinstance(t, ast.Name) and t.id.lstrip("_").isupper() for t in node.targets) \
                and not re.search(r"[\\(\[?*+{|]", node.value.value):
            found.append((node.lineno, "a constant string of Chinese characters"))
    return sorted(set(found))


def test_no_word_list_is_written_in_the_code():
    root = Path(__file__).resolve().parents[1]
    lines_of: dict[Path, list[str]] = {}
    wrong = []
    for path in sorted([*(root / "kg").rglob("*.py"), *(root / "loaders").rglob("*.py")]):  # (kg.loaders)
        if path == root / "kg" / "lexicon.py":
            continue
        for number, why in _word_lists(path):
            lines = lines_of.setdefault(path, path.read_text(encoding="utf-8").splitlines())
            rel = path.relative_to(root).as_posix()
            if not any(rel == f and frag in lines[number - 1] for f, frag in _ALLOWED):
                wrong.append(f"{rel}:{number}: {why}")
    assert not wrong, "word lists belong in schema/lexicon/:\n" + "\n".join(wrong)


def _word_sets() -> dict[tuple[str, str | None], frozenset[str]]:
    """Every word list of the lexicon: (file, kind) -> its words (kind None for a file of
    one word per line; a kind<TAB>word file gives one list per kind)."""
    out: dict[tuple[str, str | None], frozenset[str]] = {}
    for name in lexicon_files():
        lines = [line for _, line in lexicon_module._numbered_lines(name)]
        if lines and not any("\t" in line for line in lines):
            out[(name, None)] = frozenset(w for line in lines for w in line.split())
        elif lines and all(line.count("\t") == 1 for line in lines):
            kinds = collections.defaultdict(set)
            for line in lines:
                kind, word = line.split("\t")
                kinds[kind].add(word)
            out.update({(name, kind): frozenset(words) for kind, words in kinds.items()})
    return out


# Lists with the same words on purpose: (file, kind) pairs -> why.
_SAME_WORDS = {
    frozenset({("event_nouns.txt", "inspection"), ("visit_verbs.txt", "inspection")}):
        "event_nouns types the event a noun names, visit_verbs is the visit pattern's verbs in the "
        "order it tries them; their visit halves differ (拜访; 走访看望, 看望慰问)",
}


def test_no_word_list_is_written_twice():
    by_words = collections.defaultdict(set)
    for key, words in _word_sets().items():
        if len(words) >= 2:
            by_words[words].add(key)
    twice = [sorted(keys, key=str) for keys in by_words.values() if len(keys) > 1 and frozenset(keys) not in _SAME_WORDS]
    assert not twice, f"the same words listed in two places: {twice}"


def test_every_kind_the_code_asks_for_exists(fresh_lexicon):
    root = Path(__file__).resolve().parents[1]
    asked = set()
    for path in [*(root / "kg").rglob("*.py"), *(root / "loaders").rglob("*.py")]:
        if path.name == "lexicon.py":
            continue  # (its docstrings show the syntax)
        text = path.read_text(encoding="utf-8")
        asked |= set(re.findall(r"\{([a-z0-9_]+\.txt):([a-z0-9_-]+)\}", text))
        asked |= set(re.findall(r"lexicon_(?:list|set)\(\"([a-z0-9_]+\.txt)\", \"([a-z0-9_-]+)\"\)", text))
    assert len(asked) > 50
    for name, kind in sorted(asked):
        assert lexicon_module.lexicon_list(name, kind), (name, kind)


def test_a_kind_no_line_has_is_an_error(fresh_lexicon):
    with pytest.raises(LexiconError, match=r"schema/lexicon/role_words\.txt: no line of kind 'nothing'"):
        lexicon_module.lexicon_list("role_words.txt", "nothing")


def test_a_word_where_a_character_belongs_is_an_error(fresh_lexicon):
    assert lexicon_module.lexicon_chars("name_chars.txt", "motion") == "来去到赴抵访回飞"
    with pytest.raises(LexiconError, match=r"unit_references\.txt:\d+: one character per entry of 'unit_kind', got '有限公司'"):
        lexicon_module.lexicon_chars("unit_references.txt", "unit_kind")


def test_a_regex_template_takes_the_words_in_file_order(fresh_lexicon):
    pattern = lexicon_module.lexicon_regex("(?:{visit_verbs.txt:visit})[^，]{2,5}")
    assert pattern.pattern.startswith("(?:走访看望|走访|看望慰问|看望|")  # longer forms first, as listed
    assert pattern.match("走访看望困难群众").group(0) == "走访看望困难群众"
    assert lexicon_module.lexicon_regex("(?:{cue_targets.txt:*})").pattern.count("|") == 13


def test_a_name_stop_tag_is_checked(tmp_path, monkeypatch, fresh_lexicon):
    lexicon_module.name_stop_chars.cache_clear()
    lexicon_module.name_stop_tags.cache_clear()
    override = tmp_path / "lexicon"
    override.mkdir()
    (override / "name_stops.txt").write_text("# ours\n等\tfollows\n将\tfollows,adverb\n时\tfollowz\n", encoding="utf-8")
    monkeypatch.setenv("KG_LEXICON", str(override))
    try:
        with pytest.raises(LexiconError, match=r"name_stops\.txt:4: expected a word and tags"):
            lexicon_module.name_stop_tags()
    finally:
        lexicon_module.name_stop_chars.cache_clear()
        lexicon_module.name_stop_tags.cache_clear()


def test_lazy_values_are_read_on_first_use_only(tmp_path, monkeypatch):
    calls = []
    value = lexicon_module.Lazy(lambda: calls.append(1) or frozenset("的了"))
    assert not calls  # nothing read at import: a broken lexicon is reported by the CLI
    assert "的" in value and "和" not in value and len(value) == 2 and "的" in set(value)
    assert calls == [1]


def test_the_word_list_check_finds_each_form(tmp_path):
    module = tmp_path / "sample.py"
    module.write_text(
        '"""A docstring may name 甲乙, 丙丁, 戊己 freely."""\n'
        'import re\n'
        'WORDS = ("甲乙", "丙丁", "戊己")\n'
        'PATTERN = re.compile("(?:甲乙|丙丁|戊己)")\n'
        'CHARS = re.compile("[甲乙丙]")\n'
        'ENDS = "甲乙丙"\n'
        'def f(x):\n'
        '    return x in "甲乙丙" or x.strip("甲乙丙") or re.match("第[一二三]届|甲乙", x) or x in ("甲", "乙")\n',
        encoding="utf-8",
    )
    assert [line for line, _ in _word_lists(module)] == [3, 4, 5, 6, 8, 8]
