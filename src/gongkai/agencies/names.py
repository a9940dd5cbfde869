"""How agency names vary, and finding an agency by a name as someone types or prints it.

The same agency is printed 台州市科技局 and 台州市科学技术局, 区政府办 and 区人民政府办公室:
`canonical()` spells a name's common short forms out, so that both read the same. `candidates()`
ranks the known names for a query — the same canonical name first (a certain match), then
the names that contain the query (a region: 台州), then those close to it by edit distance —
each with its score, for a person to choose from: a name is never taken by a guess."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz.distance import Indel

from ..report.catalog import fold

# short forms in use → the full words (longest first where one contains another)
_SHORT = (
    ("文广旅体局", "文化广电旅游体育局"), ("发改委", "发展和改革委员会"), ("发改局", "发展和改革局"),
    ("人社局", "人力资源和社会保障局"), ("住建局", "住房和城乡建设局"), ("市场监管局", "市场监督管理局"), ("市监局", "市场监督管理局"),
    ("卫健委", "卫生健康委员会"), ("卫健局", "卫生健康局"), ("医保局", "医疗保障局"), ("应急局", "应急管理局"),
    ("城管局", "城市管理局"), ("资规局", "自然资源和规划局"), ("教体局", "教育体育局"), ("文旅局", "文化和旅游局"),
    ("退役军人局", "退役军人事务局"), ("科技局", "科学技术局"), ("交通局", "交通运输局"), ("工信局", "工业和信息化局"),
    ("统战部", "统一战线工作部"), ("管委会", "管理委员会"), ("高新区", "高新技术产业开发区"),
    ("经开区", "经济技术开发区"), ("自贸区", "自由贸易试验区"),
)
# 市政府 → 市人民政府, 区政府办 → 区人民政府办公室 (a level word before 政府, 人民 missing)
_GOVERNMENT = re.compile(r"(?<=[省市县区旗州盟镇乡])政府(办公室|办)?")

MATCH = 1.0  # the same name once the short forms are spelled out
CONTAINS = 0.9  # the query stands whole in the name (a region, a department's words)
CLOSE = 0.75  # edit similarity of the canonical names at least this: listed as a candidate


def canonical(name: str) -> str:
    """The name with its short forms spelled out, folded (no spaces, full-width forms)."""
    text = fold(name or "")
    for short, full in _SHORT:
        if short in text and full not in text:
            text = text.replace(short, full)
    return _GOVERNMENT.sub(lambda m: "人民政府" + ("办公室" if m.group(1) else ""), text)


@dataclass(frozen=True)
class Candidate:
    name: str
    score: float  # 1.0: the same name; below: for a person to confirm
    why: str


def candidates(query: str, names, limit: int = 10) -> list[Candidate]:
    """The known `names` a query may mean, best first (at most `limit`)."""
    want = canonical(query)
    if not want:
        return []
    found: list[Candidate] = []
    for name in dict.fromkeys(names):
        have = canonical(name)
        if have == want:
            found.append(Candidate(name, MATCH, "简称与全称相同" if fold(name) != fold(query) else "名称相同"))
        elif want in have:
            found.append(Candidate(name, CONTAINS, f"名称中含“{query}”"))
        else:
            score = Indel.normalized_similarity(want, have)
            if score >= CLOSE:
                found.append(Candidate(name, round(score, 2), "名称相近"))
    found.sort(key=lambda c: (-c.score, c.name))
    return found[:limit]


__all__ = ["canonical", "candidates", "Candidate", "MATCH", "CONTAINS", "CLOSE"]
