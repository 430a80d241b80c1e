"""What a word pointing back means: ``该公司``, ``该村``, a bare ``村党支部`` or
``基金会`` names the unit or village the article named last of that kind.

``Referents`` is told each sentence before its chains are read; it remembers the last
village (X村) and the last unit of each kind (…有限公司, …基金会, …大学) named, with
their whole names (the left edge of an organization, ``kg.extract.boundaries``).
"""

from __future__ import annotations

import re

CJK = "\u3400-\u9fff"
# the kinds of unit a bare or 该-word may name again, longest first
UNIT_KINDS = ("有限公司", "公司", "基金会", "集团", "大学", "学院", "学校", "中学", "小学", "医院")
_UNIT = re.compile("|".join(UNIT_KINDS))
_VILLAGE = re.compile(f"([{CJK}]{{2,4}}?村)(?![委民两级庄落])")
_ANY_UNIT = re.compile("公司|基金会|集团|大学|学院|学校|医院")
# what a 该/本 word of each kind stands for (该校: the school or university)
_ALIAS_KIND = {"校": ("大学", "学院", "学校", "中学", "小学"), "院": ("医院", "学院"), "司": ("公司",)}
_NOT_A_VILLAGE = ("乡村", "农村", "各村", "全村", "该村", "本村", "每村", "新村", "山村", "村村")


class Referents:
    """The last village and unit of each kind an article named, sentence by sentence."""

    def __init__(self) -> None:
        self.village: str | None = None
        self.units: dict[str, str] = {}

    def read(self, sentence: str, edges) -> None:
        """Remember the villages and units ``sentence`` names (called before its chains)."""
        for m in _VILLAGE.finditer(sentence) if "村" in sentence else ():
            start = edges.start(sentence, m.end(1), 0)[1]
            name = sentence[start : m.end(1)]
            if len(name) > 8 or "村" in name[:-1] or edges.lex.title_re.search(name):
                name = m.group(1)  # (a clause the edge ran into: the pattern's own few characters)
            if self._clean(name, edges) and not name.endswith(_NOT_A_VILLAGE):
                self.village = name
        for m in _UNIT.finditer(sentence) if _ANY_UNIT.search(sentence) else ():
            start = edges.start(sentence, m.end(), 0)[1]
            name = sentence[start : m.end()]
            kind = m.group(0)
            if len(name) > len(kind) + 1 and self._clean(name, edges):
                self.units[kind] = name
                if kind == "有限公司":
                    self.units["公司"] = name

    @staticmethod
    def _clean(name: str, edges) -> bool:
        """A name read back from its kind starts with no pointing word and no verb."""
        return not name.startswith(("该", "本", "各", "全", "其")) and name[:2] not in edges.verbs

    def resolve(self, org: str) -> str:
        """``org`` with a leading 该/本 word or a bare unit kind replaced by what it names."""
        rest = org
        pointing = org[:1] in ("该", "本")
        if pointing:
            rest = org[1:]
        for kind in sorted([*UNIT_KINDS, *_ALIAS_KIND], key=len, reverse=True):
            if not rest.startswith(kind):
                continue
            if not pointing and rest != kind:
                return org  # 大学生, 公司化: only the bare word or 该X points back
            for k in _ALIAS_KIND.get(kind, (kind,)):
                if k in self.units:
                    return self.units[k] + rest[len(kind) :]
            return org
        if rest.startswith("村") and self.village and (pointing or rest[1:2] in ("党", "委", "两", "民", "主")):
            # 村党支部 -> 钢铁村党支部, 村委会 -> 钢铁村村委会
            return self.village + (rest if rest.startswith(("村委会", "村民委员会", "村两委")) else rest[1:])
        return org
