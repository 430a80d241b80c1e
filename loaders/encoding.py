"""Bytes to text for Chinese news files: UTF-8 (with or without BOM), UTF-16/32 with a
BOM, GB18030/GBK/GB2312 and Big5.

Offsets into the decoded text are evidence positions, so nothing here rewrites the text
(no newline normalisation, no NFKC): only a leading BOM is dropped.
"""

from __future__ import annotations

import codecs
import re
import warnings
from itertools import islice

from kg.errors import InputError

# Longest BOMs first: the UTF-32-LE BOM starts with the UTF-16-LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# The only legacy encodings Chinese government news comes in, by script family. GB18030
# is a superset of GBK and GB2312, cp950 and big5hkscs of Big5: a rare character beyond
# the common subset then does not fail the whole file.
_FAMILIES: dict[str, tuple[str, ...]] = {
    "gb": ("gb18030",),
    "big5": ("big5", "cp950", "big5hkscs"),
}
# How to tell a right decoding from a wrong one that happens to be valid: nearly all
# ideographs of real text are level-1 ("common") characters of their own standard, while
# the other family's bytes land all over the code table. GB2312 level 1 is lead bytes
# B0-D7 (3,755 characters); Big5 level 1 is lead bytes A4-C6 (5,401 characters).
_COMMON = {"gb": ("gb2312", 0xB0, 0xD7), "big5": ("big5", 0xA4, 0xC6)}
_SAMPLE = 5000  # ideographs scored per decoding; plenty to separate the two families
_TIE = 0.05
_MIN_IDEOGRAPHS = 12  # fewer ideographs than this: too few to judge a decoding by them
_MIN_COMMON_SHARE = 0.5  # of the ideographs level-1 in their standard (real text: > 0.9)

# C0/C1 control characters other than \t \n \v \f \r.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_C0_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_IDEOGRAPH = re.compile(r"[\u4e00-\u9fff]")
_CJK = re.compile(
    r"[\u4e00-\u9fff\u3400-\u4dbf\u3000-\u303f\uff00-\uffef\u2000-\u206f"
    r"\uf900-\ufaff\U00020000-\U0003134f\u00b7\u00d7\u00b0]"
)
_MAX_CONTROL_SHARE = 0.01  # more than 1% control characters: not a text file
_MIN_CJK_SHARE = 0.7  # of the non-ASCII characters, for a legacy-encoding guess


def decode(data: bytes, source: str, *, lenient: bool = True) -> tuple[str, str]:
    """Decode a whole file; return ``(text, encoding name)``.

    Order: a BOM decides; else strict UTF-8; else charset-normalizer restricted to the
    Chinese encodings, with a plausibility check (mostly CJK characters) on its answer.
    Raises ``kg.errors.InputError`` with one line for empty, binary or undecodable input.
    With ``lenient``, text that fails only in a few places (one damaged region) is
    read with U+FFFD there and a warning naming the file and the first bad byte.
    """
    if not data:
        raise InputError(source, "empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as err:
                raise InputError(
                    source, f"not valid {encoding} despite its byte-order mark (byte {err.start})"
                ) from None
            _check_text(text, source)
            return text, encoding
    if b"\x00" in data:
        # UTF-16 without a BOM also lands here: it cannot be told from binary reliably.
        raise InputError(source, "binary file, not text (it contains NUL bytes)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        _check_text(text, source)
        return text, "utf-8"
    try:
        text, encoding = _decode_chinese(data, source)
    except InputError:
        damaged = _decode_damaged(data) if lenient else None
        if damaged is None:
            raise
        text, encoding, bad, first = damaged
        warnings.warn(f"{source}: {bad} undecodable byte sequence(s) in otherwise {encoding} text (the first at "
                      f"byte {first}), read as U+FFFD", UserWarning, stacklevel=2)
    _check_text(text, source)
    return text, encoding


_MAX_DAMAGE = 0.001  # undecodable sequences per character: one bad region, not another encoding


def _decode_damaged(data: bytes) -> tuple[str, str, int, int] | None:
    """Text with a few damaged bytes (a bad sector, a truncated copy, one stray byte):
    the decoding (UTF-8, GB18030, Big5) that needs the fewest U+FFFD replacements,
    when that is at most 1 in 1,000 characters (at least 8 allowed) and the rest reads
    as Chinese text. Returns (text, encoding, replacements, first bad byte), or None:
    one bad region never loses the whole file, but Latin-1 or Shift-JIS still fail."""
    best: tuple[str, str, int, int] | None = None
    for encoding in ("utf-8", "gb18030", "big5"):
        try:
            data.decode(encoding)
            continue  # decodes whole: the strict path already judged it
        except UnicodeDecodeError as err:
            first = err.start
        text = data.decode(encoding, errors="replace")
        native = data.count("\ufffd".encode()) if encoding == "utf-8" else 0  # U+FFFD already in the text
        bad = text.count("\ufffd") - native
        if bad > max(8, _MAX_DAMAGE * len(text)) or not _plausible(text):
            continue
        family = "gb" if encoding == "gb18030" else "big5"
        if encoding != "utf-8" and not _typical(text, family):
            continue
        if best is None or bad < best[2]:
            best = (text, encoding, bad, first)
    return best


def _decode_chinese(data: bytes, source: str) -> tuple[str, str]:
    """The most plausible decoding among the GB and Big5 families."""
    found: dict[str, tuple[str, str]] = {}
    for family, encodings in _FAMILIES.items():
        for encoding in encodings:
            text = _strict(data, encoding)
            if text is not None:
                if _plausible(text):
                    found[family] = (text, encoding)
                break
    # Shift-JIS (Japanese) also decodes as GB18030 into plausible-looking ideographs,
    # but hardly any of them common ones: real Chinese text scores above 0.9.
    found = {f: v for f, v in found.items() if _typical(v[0], f)}
    if not found:
        # C0 control bytes only: 0x80-0x9F are ordinary in every legacy multibyte encoding
        if _count(_C0_CONTROL, data.decode("latin-1")) > _MAX_CONTROL_SHARE * len(data):
            raise InputError(source, "binary file, not text (too many control bytes)")
        raise InputError(source, "cannot decode: not UTF-8, GB18030/GBK or Big5 text")
    if len(found) == 1:
        return next(iter(found.values()))
    gb, big5 = _common_share(found["gb"][0], "gb"), _common_share(found["big5"][0], "big5")
    if abs(gb - big5) > _TIE:
        return found["gb"] if gb > big5 else found["big5"]
    if not _IDEOGRAPH.search(found["gb"][0]) and not _IDEOGRAPH.search(found["big5"][0]):
        return found["gb"]  # punctuation only (—, “”): nothing to judge by; GB is far more common
    # Too close to call (very short input): ask charset-normalizer; mainland news is
    # GB far more often, so GB wins when the detector has no opinion either.
    return found["big5"] if _detector_family(data) == "big5" else found["gb"]


def _common_share(text: str, family: str) -> float:
    """Share of the (first ``_SAMPLE``) ideographs that are level-1 in ``family``."""
    encoding, low, high = _COMMON[family]
    ideographs = [m.group() for m in islice(_IDEOGRAPH.finditer(text), _SAMPLE)]
    if not ideographs:
        return 0.0
    common = 0
    for ch in ideographs:
        try:
            lead = ch.encode(encoding)[0]
        except UnicodeEncodeError:
            continue
        common += low <= lead <= high
    return common / len(ideographs)


def _typical(text: str, family: str) -> bool:
    """Are the ideographs of ``text`` mostly common ones of ``family`` (or too few to tell)?"""
    if sum(1 for _ in islice(_IDEOGRAPH.finditer(text), _MIN_IDEOGRAPHS)) < _MIN_IDEOGRAPHS:
        return True
    return _common_share(text, family) >= _MIN_COMMON_SHARE


def _detector_family(data: bytes) -> str | None:
    """charset-normalizer's first guess among the Chinese encodings, as a family."""
    import charset_normalizer  # imported lazily: UTF-8 input never needs it

    try:
        best = charset_normalizer.from_bytes(data, cp_isolation=["gb18030", "big5"]).best()
    except Exception:  # noqa: BLE001 - a detector failure only means "no opinion"
        return None
    if best is None:
        return None
    return "big5" if best.encoding in ("big5", "cp950", "big5hkscs") else "gb"


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _plausible(text: str) -> bool:
    """A wrong legacy decoding yields kana, Cyrillic, box drawing, private use: few of
    its non-ASCII characters are CJK (ideographs, CJK/full-width/general punctuation
    such as “”…—·). Also reject text full of control characters."""
    if _control_share(text) > _MAX_CONTROL_SHARE:
        return False
    non_ascii = _count(_NON_ASCII, text)
    if not non_ascii:
        return True
    return _count(_CJK, text) / non_ascii >= _MIN_CJK_SHARE


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    return _count(_CONTROL, text) / len(text)


def _count(pattern: re.Pattern[str], text: str) -> int:
    """Characters of ``text`` matching a one-character class (no list of matches built)."""
    return len(text) - len(pattern.sub("", text))


def _check_text(text: str, source: str) -> None:
    if not text.strip():
        raise InputError(source, "empty file (only whitespace)")
    if _control_share(text) > _MAX_CONTROL_SHARE:
        raise InputError(source, "binary file, not text (too many control characters)")
