"""Agency names: the administrative division a name starts with, and names
printed without one (a bare 市科学技术局); and the day an agency's report is due."""

from __future__ import annotations

import re
from datetime import date

_NAME_CHARS = r"[^\W\d_省市县区旗镇乡]"  # a place name's own characters
_REGION_LEVELS = (
    re.compile(rf"{_NAME_CHARS}{{2,6}}?(?:省|自治区|特别行政区)"),
    re.compile(rf"{_NAME_CHARS}{{1,6}}?(?:自治州|市|州(?!市)|地区|盟)"),
    re.compile(rf"{_NAME_CHARS}{{1,6}}?(?:自治县|县|区|旗)"),
    re.compile(rf"{_NAME_CHARS}{{1,6}}?(?:街道|镇|乡)"),
)
# words of department names that end like a place name (城乡, 社区, 园区 …)
_NOT_PLACE = ("城乡", "政府", "人民", "管理", "委员", "社区", "建设", "局", "办", "厅")
_BARE_LEVEL = re.compile(r"^(?:省|市|县|区|州|镇|乡|街道)")


def region_of(agency: str) -> str | None:
    """The administrative division an agency's name starts with: 浙江省台州市, 平湖市."""
    pos = 0
    for level in _REGION_LEVELS:
        m = level.match(agency, pos)
        if m and not any(w in m.group() for w in _NOT_PLACE):
            pos = m.end()
    return agency[:pos] or None


def bare_name(agency: str) -> bool:
    """True for a name that starts with a level word but no place: 市科学技术局."""
    return bool(_BARE_LEVEL.match(agency))


def publication_deadline(agency: str | None, year: int) -> date:
    """The day by which the report on `year` must be published (条例第四十九条): 31 January
    for the departments, 31 March for a people's government's own report — and 31 March
    for every report before the 2019 条例 (old 第三十一条)."""
    government = (agency or "").endswith("人民政府")
    return date(year + 1, 3, 31) if government or year <= 2018 else date(year + 1, 1, 31)
