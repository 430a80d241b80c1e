"""A newspaper page (plain text) → its articles: the segment stage for ``.txt`` inputs.

A page holds several articles, each laid out as::

    亮“信念” 赛“担当”            ← kicker (引题), optional
    青山区举办……论坛              ← title: the header line right before the body
    ——记……                       ← subtitle (副题, starts with a dash), optional
    本报讯(记者 林晓) 3月4日,……   ← body: starts at a lead (本报讯, 本报X月X日电, …)
    ……                          ← or at the first paragraph that is not a header line
    记者 林晓                     ← byline lines end the article
    青山日报 赵明 文/图

Lines, not sentences, are the unit: one non-blank line is one paragraph. Columns cut
paragraphs in the middle of a word (``作用发`` / blank lines / ``挥的好坏``), so a short line
after a blank line is a title only where the paragraph before it ended a sentence, and a
page is only ever split into articles at bylines and at leads.

``Article.text`` is a slice of the page text (``source_offset`` says where), from the body's
first character to its last: evidence offsets map back to the file unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date as Date

from kg.lexicon import lazy_regex
from kg.model import Article, content_id
from kg.text import to_simplified

# A paragraph ending in one of these ended a sentence; after anything else, the next
# paragraph continues it (a layout break), so it cannot be a title.
_FINAL = "。！？!?…”’」』)）"
_TITLE_MAX = 60  # characters; longer lines are body text
_ORPHAN_MIN = 50  # characters of untitled text worth keeping as an article of its own
_DIGIT = "0-9０-９"

_EOL = re.compile(r"\r\n|\r|\n")
# A line's content without surrounding blanks (full-width spaces and a stray BOM included).
_CONTENT = re.compile(r"[^\s\ufeff](?:.*[^\s\ufeff])?")
# Leads that open a body: 本报讯, 本报北京6月3日电, 新华社北京6月3日电, (记者 林晓), 央视网消息.
_LEAD = lazy_regex(
    rf"^(?:本报讯|本报[^\s，。,]{{0,12}}?[{_DIGIT}]{{1,2}}月[{_DIGIT}]{{1,2}}日(?:讯|电)"
    rf"|(?:{{page_words.txt:lead_agency}})[^\s，。,]{{0,12}}?[{_DIGIT}]{{1,2}}月[{_DIGIT}]{{1,2}}日电"
    r"|[(（]记者|央视网消息)"
)
# The byline inside a lead: 本报讯(记者 林晓 通讯员 王强).
_LEAD_BYLINE = re.compile(r"^[^(（]{0,20}?[(（]([^)）]{2,40})[)）]")

_NOISE = (
    re.compile(rf"^[-—－–─\s]*(?:第\s*)?[{_DIGIT}]{{1,3}}\s*(?:版|页)?[-—－–─\s]*$"),  # page numbers
    re.compile(rf"第\s*[{_DIGIT}一二三四五六七八九十]+\s*版"),  # 第2版 要闻 (short lines only)
    lazy_regex(r"^(?:{page_words.txt:editor})\s*[:：]"),
    re.compile(r"^[\W_]+$"),  # only punctuation, dashes, symbols
)
_NOISE_MAX = 40
# A page header date: 2020年6月5日 星期五 (with a weekday, alone on its line, or with 第X版).
_DATE = lazy_regex(
    rf"([{_DIGIT}]{{4}})\s*年\s*([{_DIGIT}]{{1,2}})\s*月\s*([{_DIGIT}]{{1,2}})\s*日"
    r"(\s*(?:{page_words.txt:weekday_word})[一二三四五六日天])?"
)

# Bylines: 记者 孙庆辉 / 本报记者 林晓 通讯员 王强 / 高新时报 方宝岭 文/图 / 赵明 摄.
_ROLE = lazy_regex(r"((?:{page_words.txt:role_prefix})?(?:{page_words.txt:role})|实习生)")
_CREDIT = lazy_regex(
    r"(?:\s+(?:文|图)|\s*(?:文\s*[/／]\s*图|图\s*[/／]\s*文|文\s*[/／]\s*摄|摄\s*[/／]\s*文|{page_words.txt:credit}))$"
)
_PUBLICATION = lazy_regex(
    r"^(?:[\u4e00-\u9fff]{1,12}(?:{page_words.txt:publication_ending})"
    r"|{page_words.txt:publication}|[\u4e00-\u9fff]{4,12}(?:{page_words.txt:publication_char}))$"
)
_NAME = re.compile(r"^[\u4e00-\u9fff]{2,4}(?:[·•．][\u4e00-\u9fff]{1,8})?$")
_SEPARATORS = re.compile(r"[\s、，,；;]+")
_BRACKETS = "()（）[]【】"
_BYLINE_MAX = 60
_PHOTO_CREDIT = re.compile(r"(?:摄影?|供图)$")


@dataclass(slots=True)
class _Para:
    """One non-blank line of the page: ``page[start:end] == text`` (surrounding blanks cut)."""

    start: int
    end: int
    text: str
    kind: str  # "noise" | "byline" | "lead" | "text"
    byline: tuple[list[str], str | None] | None = None  # (names, publication)

    @property
    def title_like(self) -> bool:
        """Could be a title, kicker or subtitle: a short line that is no sentence."""
        return (
            self.kind == "text"
            and len(self.text) <= _TITLE_MAX
            and "。" not in self.text
            and self.text[-1] not in "，、；：,;:"
        )

    @property
    def ends_sentence(self) -> bool:
        return self.kind in ("byline", "noise") or self.text[-1] in _FINAL


@dataclass(slots=True)
class _Draft:
    header: list[_Para]
    body: list[_Para]
    bylines: list[_Para] = field(default_factory=list)


def segment_page(text: str, source: str, publication: str | None = None) -> list[Article]:
    """Split a decoded page into articles, in page order.

    ``publication`` is the paper's name when no byline on the page states it (a byline
    like ``高新时报 方宝岭 文/图`` does). ``Article.date`` is set only when the page
    header states a full date (``2020年6月5日 星期五``). Substantial text with no title
    of its own (continued from another page) comes out with ``title == ""``; page
    furniture (page numbers, 第X版, 责任编辑, rules) is never an article.
    """
    # Classify on a simplified view so that traditional pages (Big5) match the same
    # patterns (記者 → 记者); to_simplified keeps one character per character, so
    # offsets are shared. Titles and text are sliced from the page as written; author
    # and publication names come from the view, the form the extractor's names take.
    view = to_simplified(text)
    paras = list(_paragraphs(view, publication))
    page_date = _page_date(paras)
    drafts = _segment([p for p in paras if p.kind != "noise"])
    page_publication = (
        next((p.byline[1] for d in drafts for p in d.bylines if p.byline and p.byline[1]), None)
        or publication
    )
    return [_article(text, draft, source, page_date, page_publication) for draft in drafts]


def _article(
    page: str, draft: _Draft, source: str, day: str | None, publication: str | None
) -> Article:
    header = list(draft.header)
    subtitle = (
        _as_written(page, header.pop()) if header and header[-1].text.startswith(("—", "--", "－")) else None
    )
    title = _as_written(page, header[-1]) if header else ""
    kicker = _as_written(page, header[-2]) if len(header) >= 2 else None
    authors: list[str] = []
    lead_byline = _LEAD_BYLINE.match(draft.body[0].text) if draft.body[0].kind == "lead" else None
    parsed = [_parse_byline(lead_byline.group(1))] if lead_byline else []
    parsed += [p.byline for p in draft.bylines]
    own_publication = None
    for names_publication in parsed:
        if names_publication is None:
            continue
        names, pub = names_publication
        authors += [n for n in names if n not in authors]
        own_publication = own_publication or pub
    start, end = draft.body[0].start, draft.body[-1].end
    publication = own_publication or publication
    return Article(
        id=content_id(title, page[start:end], day, publication),
        title=title,
        text=page[start:end],
        source=source,
        kicker=kicker,
        subtitle=subtitle,
        date=day,
        publication=publication,
        authors=tuple(authors),
        source_offset=start,
    )


def _as_written(page: str, para: _Para) -> str:
    return page[para.start : para.end]


def _paragraphs(text: str, publication: str | None):
    """Yield every non-blank line as a classified ``_Para``."""
    pos = 0
    bounds = []
    for m in _EOL.finditer(text):
        bounds.append((pos, m.start()))
        pos = m.end()
    bounds.append((pos, len(text)))
    for line_start, line_end in bounds:
        m = _CONTENT.search(text, line_start, line_end)
        if m:
            yield _classify(_Para(m.start(), m.end(), m.group(), "text"), publication)


def _classify(para: _Para, publication: str | None) -> _Para:
    t = para.text
    if len(t) <= _NOISE_MAX and (any(p.search(t) for p in _NOISE) or t == publication or _date_line(t)):
        para.kind = "noise"
    elif _LEAD.match(t):
        para.kind = "lead"
    elif (byline := _parse_byline(t)) is not None:
        para.kind, para.byline = "byline", byline
    return para


def _date_line(text: str) -> str | None:
    """The ISO date a page-header line states, or None for any other line."""
    m = _DATE.search(text)
    if not m or "。" in text or "，" in text or "," in text:
        return None
    alone = not text[: m.start()].strip() and not text[m.end() :].strip()
    if not (m.group(4) or alone or "版" in text):
        return None
    try:
        return Date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
    except ValueError:
        return None


def _page_date(paras: list[_Para]) -> str | None:
    for p in paras:
        if p.kind == "noise" and (day := _date_line(p.text)):
            return day
    return None


def _parse_byline(line: str) -> tuple[list[str], str | None] | None:
    """``(names, publication)`` when the whole line is a byline, else None.

    A byline needs a role (记者, 通讯员, …) or a credit (文/图, 摄, …) and otherwise only
    names (2-4 characters, or minority names with ·) and at most one publication first.
    """
    s = line.strip().strip(_BRACKETS).strip()
    if not s or len(s) > _BYLINE_MAX:
        return None
    has_role = False
    credit = _CREDIT.search(s)
    if credit:
        has_role, s = True, s[: credit.start()].strip()
    parts = _ROLE.split(s)  # [before, role, names, role, names, …]
    has_role = has_role or len(parts) > 1
    publication = None
    names: list[str] = []
    for i, chunk in enumerate(parts[0::2]):
        tokens = [t for t in _SEPARATORS.split(chunk) if t]
        if i == 0 and tokens and _PUBLICATION.match(tokens[0]) and (len(tokens) > 1 or len(parts) > 1):
            publication = tokens.pop(0)
        if i == 0 and tokens == ["本报"]:
            tokens = []
        if not all(_NAME.match(t) for t in tokens):
            return None
        names += tokens
    if not has_role or not names:
        return None
    return names, publication


def _segment(paras: list[_Para]) -> list[_Draft]:
    """Group paragraphs into articles: first at byline runs, then at leads inside a group."""
    groups: list[tuple[list[_Para], list[_Para]]] = []
    current: list[_Para] = []
    bylines: list[_Para] = []
    for p in paras:
        if p.kind == "byline":
            bylines.append(p)
            continue
        if bylines:
            groups.append((current, bylines))
            current, bylines = [], []
        current.append(p)
    groups.append((current, bylines))

    drafts: list[_Draft] = []
    carried: tuple[list[_Para], list[_Para]] = ([], [])
    after_photo_credit = False  # the previous byline run was only photo credits (X 摄)
    for group_paras, group_bylines in groups:
        group_paras = carried[0] + group_paras
        if all(p.title_like for p in group_paras):
            # Only header lines before these bylines (本报记者 X under a title): they
            # belong to the body that follows.
            carried = (group_paras, carried[1] + group_bylines)
            continue
        orphans, found = _split_group(group_paras)
        if orphans:
            _place_orphans(orphans, drafts, after_photo_credit)
        if found:
            found[0].bylines = carried[1] + found[0].bylines
            found[-1].bylines += group_bylines
        elif drafts:
            drafts[-1].bylines += carried[1] + group_bylines
        drafts += found
        carried = ([], [])
        after_photo_credit = all(_PHOTO_CREDIT.search(p.text) for p in group_bylines)
    return drafts


def _split_group(paras: list[_Para]) -> tuple[list[_Para], list[_Draft]]:
    """Articles in the paragraphs between two byline runs, and the leading paragraphs
    that belong to none (``orphans``)."""
    starts: list[tuple[int, int]] = []  # (header start, body start)
    leads = [i for i, p in enumerate(paras) if p.kind == "lead"]
    if leads:
        for n, body in enumerate(leads):
            floor = starts[-1][1] + 1 if starts else 0
            head = body
            while head > floor and paras[head - 1].title_like:
                head -= 1
            # A title never follows an unfinished paragraph: that line continues it.
            while head < body and head > 0 and not paras[head - 1].ends_sentence:
                head += 1
            if n == 0 or head < body:
                starts.append((head, body))
    else:
        body = 0
        while body < len(paras) and paras[body].title_like:
            body += 1
        if 0 < body < len(paras):
            starts.append((0, body))
    if not starts:
        return paras, []
    drafts = []
    for k, (head, body) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else len(paras)
        drafts.append(_Draft(paras[head:body], paras[body:end]))
    return paras[: starts[0][0]], drafts


def _place_orphans(orphans: list[_Para], drafts: list[_Draft], after_photo_credit: bool) -> None:
    """Text with no title of its own: the rest of the previous article when only a photo
    credit came between or that article stopped mid-sentence, else an untitled article
    if long enough to matter (short ones are captions and page furniture)."""
    text = [p for p in orphans if not p.title_like]
    if not text:
        return
    if drafts and (after_photo_credit or not drafts[-1].body[-1].ends_sentence):
        drafts[-1].body += orphans
    elif sum(len(p.text) for p in orphans) >= _ORPHAN_MIN:
        drafts.append(_Draft([], orphans))
