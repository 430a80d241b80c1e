"""What a word pointing back means: ``该公司``, ``该村``, a bare ``村党支部`` or
``基金会`` names the unit or village the article named last of that kind.

``Referents`` is told each sentence before its chains are read; it remembers the last
village (X村) and the last unit of each kind (…有限公司, …基金会, …大学) named, with
their whole names (the left edge of an organization, ``kg.extract.boundaries``).
"""

from __future__ import annotations

from kg.lexicon import Lazy, lazy_regex, lexicon_list, lexicon_rows, lexicon_set

CJK = "\u3400-\u9fff"
_WORDS = "unit_references.txt"
# the kinds of unit a bare or 该-word may name again, longest first
UNIT_KINDS = Lazy(lambda: lexicon_list(_WORDS, "unit_kind"))
_UNIT = lazy_regex("{unit_references.txt:unit_kind}")
_VILLAGE = lazy_regex(f"([{CJK}]{{2,4}}?村)(?!{{unit_references.txt:village_next}})")
_ANY_UNIT = lazy_regex("{unit_references.txt:any_unit}")


def _alias_kinds() -> dict[str, tuple[str, ...]]:
    kinds: dict[str, tuple[str, ...]] = {}
    for alias, kind in lexicon_rows("unit_aliases.txt", 2):
        kinds[alias] = (*kinds.get(alias, ()), kind)
    return kinds


# what a 该/本 word of each kind stands for (该校: the school or university)
_ALIAS_KIND = Lazy(_alias_kinds)
_NOT_A_VILLAGE = Lazy(lambda: lexicon_list(_WORDS, "not_village"))


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
            if self._clean(name, edges) and not name.endswith(_NOT_A_VILLAGE.value):
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
        return not name.startswith(lexicon_list(_WORDS, "not_named_start")) and name[:2] not in edges.verbs

    def resolve(self, org: str) -> str:
        """``org`` with a leading 该/本 word or a bare unit kind replaced by what it names."""
        rest = org
        pointing = org[:1] in lexicon_set(_WORDS, "pointing")
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
        if rest.startswith("村") and self.village and (pointing or rest[1:2] in lexicon_set(_WORDS, "village_unit_start")):
            # 村党支部 -> 钢铁村党支部, 村委会 -> 钢铁村村委会
            return self.village + (rest if rest.startswith(lexicon_list(_WORDS, "village_committee")) else rest[1:])
        return org
