"""The clean stage: a normalised view of an article's text that remembers where each
character came from.

Extraction reads ``CleanText.text`` (NFKC, simplified script, layout breaks repaired);
every span it finds is mapped back through ``CleanText.offsets`` into the original
``Article.text``, so evidence always quotes the source exactly.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from kg.model import Article

# Characters after which a paragraph may legitimately end. A blank line after any other
# character inside a body is a layout break (a word or sentence cut across columns).
SENTENCE_END = "。！？!?；;：:”’」』)）…—"
_CJK = r"\u3400-\u9fff\uf900-\ufaff"
# A run of line breaks (with optional blanks) that contains at least one empty line,
# between a CJK character/closing quote that does not end a sentence and a CJK character.
# A line end is \r\n, \n, a lone \r (old Mac pages) or a Unicode line/paragraph
# separator; a lone \r must not be followed by \n, or one CRLF would count as two.
_LINE_END = r"(?:\r\n|\r(?!\n)|[\n\u2028\u2029])"
_LAYOUT_BREAK = re.compile(rf"(?<=[{_CJK}\w“”（(、，,])(?:[ \t\u3000]*{_LINE_END}[ \t\u3000]*){{2,}}(?=[{_CJK}“（(])")
# A reading in pinyin after a character (縣長(zhǎng), 協(xié)): some pages annotate every
# rare character so; the reading is dropped like a layout break. It holds a tone mark, so
# an abbreviation in brackets (CBD) is never taken for one.
_TONE = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_PINYIN = re.compile(rf"(?<=[{_CJK}])[(（](?=[a-zü{_TONE} ]*[{_TONE}])[a-zü{_TONE} ]{{1,12}}[)）]")
_DROPPED = re.compile(f"{_LAYOUT_BREAK.pattern}|{_PINYIN.pattern}")
# Line ends other than \n, which the rules never need to tell apart from \n
# (str.splitlines counts them all as line boundaries).
_OTHER_LINE_ENDS = "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


@dataclass(frozen=True, slots=True)
class CleanText:
    """Normalised text plus, for each of its characters, the index in the raw text."""

    text: str
    offsets: tuple[int, ...]  # len(text) + 1 entries; the last is the raw end

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a clean span [start, end) to the raw span that covers it."""
        if end <= start:
            raw = self.offsets[start]
            return raw, raw
        return self.offsets[start], self.offsets[end - 1] + 1


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional to simplified Chinese with OpenCC, keeping one character per character.

    OpenCC converts phrase by phrase; its result almost always has the same length.
    When it does not, fall back to converting character by character so that offsets
    stay one-to-one.
    """
    converted = _t2s().convert(text)
    if len(converted) == len(text):
        return converted
    chars = []
    for ch in text:
        c = _t2s().convert(ch)
        chars.append(c if len(c) == 1 else ch)
    return "".join(chars)


def _nfkc_char(ch: str) -> str:
    n = unicodedata.normalize("NFKC", ch)
    return n if len(n) == 1 else ch


class _NFKCTable(dict):
    """``str.translate`` table computed lazily: each code point's NFKC form, kept only
    when it is one character (so offsets stay one-to-one)."""

    def __missing__(self, codepoint: int) -> str:
        value = _nfkc_char(chr(codepoint))
        self[codepoint] = value
        return value


_NFKC_TABLE = _NFKCTable()


def nfkc_same_length(text: str) -> str:
    """NFKC per character, leaving characters whose NFKC form is longer untouched.

    Full-width punctuation and digits become ASCII (``，`` → ``,``, ``６`` → ``6``),
    CJK stays CJK: never to ASCII transliteration.
    """
    if text.isascii():
        return text
    return text.translate(_NFKC_TABLE)


def clean_title(title: str) -> str:
    """A title as extraction reads it: NFKC and simplified script (no offsets needed)."""
    return to_simplified(nfkc_same_length(title))


def clean(article: Article) -> CleanText:
    """Normalise an article's text for extraction (the pipeline's clean stage)."""
    return clean_text(article.text)


def clean_text(raw: str) -> CleanText:
    """Repair layout breaks, drop pinyin readings, NFKC, simplify; keep a map back to ``raw``."""
    kept: list[int] = []
    pieces: list[str] = []
    pos = 0
    for m in _DROPPED.finditer(raw):
        pieces.append(raw[pos : m.start()])
        kept.extend(range(pos, m.start()))
        pos = m.end()
    pieces.append(raw[pos:])
    kept.extend(range(pos, len(raw)))
    joined = "".join(pieces)
    normalised = to_simplified(nfkc_same_length(joined))
    # NFKC turns U+3000 into a plain space but leaves \r, U+2028 and U+2029 alone: map
    # every line end to \n so that rules only ever see \n (a U+2029 glued before 市委
    # would otherwise become part of an organization name).
    for ch in _OTHER_LINE_ENDS:
        if ch in normalised:  # (a search per character is far cheaper than translate)
            normalised = normalised.replace(ch, "\n")
    kept.append(len(raw))
    return CleanText(normalised, tuple(kept))

