"""One register of agencies: each with its canonical name, its division by code (GB/T 2260),
its level (省/市/县/乡) and kind (政府 or 部门), its parent, and the other names it is
printed under (aliases) — and the agency a printed name means, with a score and why.

A name is the same agency, with certainty (score ≥ THRESHOLD), when
- it is the agency's name or a confirmed alias, once short forms are spelled out
  (台州市科技局 = 台州市科学技术局, 区政府办 = 区人民政府办公室) — 1.0;
- its place words name the same division by code, and the department's words are the same
  (浙江省台州市科学技术局 = 台州市科学技术局: the province left out) — 0.97;
- its place is a division renamed since, whose stem the same parent still carries, and the
  department's words are the same (临安市教育局 = 杭州市临安区教育局) — 0.93.
Anything else is a candidate for a person to confirm, never taken: a place several divisions
share (朝阳区), no place at all (市科学技术局), a zone the table has no code for, a name whose
front was left off (福州片区管理局 for 中国（福建）自由贸易试验区福州片区管理局), a name only close in
spelling. A confirmation is kept as an alias.

Kept as a CSV file an office edits in Excel (名称, 行政区划代码, 层级, 类别, 上级机关, 别名 —
aliases separated by ；), or built from the names a batch meets (`from_names`)."""

from __future__ import annotations

import csv
import io
import os
import tempfile
from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import Indel

from ..errors import GongkaiError
from ..report.catalog import fold
from . import regions
from .names import Candidate, canonical

THRESHOLD = 0.9  # a match at or above it is certain; below, for a person to confirm
SAME_NAME = 1.0
SAME_CODE = 0.97
RENAMED = 0.93
SHARED_PLACE = 0.8
CODELESS = 0.8
NO_PLACE = 0.7
CLOSE = 0.75  # spelling similarity from which a name is listed at all
SPELLING = 0.85  # a close spelling's similarity is scaled by this: never certain
PART = 0.75  # one name is the end of the other (福州片区管理局, 中国（福建）自由贸易试验区福州片区管理局)
TAIL = 5  # the shortest end of a name that counts

COLUMNS = ("名称", "行政区划代码", "层级", "类别", "上级机关", "别名")
LEVELS = ("省", "市", "县", "乡")
KINDS = ("政府", "部门")


class RegisterError(GongkaiError):
    code = "register"


@dataclass
class Agency:
    name: str
    code: str | None = None  # GB/T 2260, six digits
    level: str | None = None  # 省/市/县/乡
    kind: str | None = None  # 政府/部门
    parent: str | None = None  # the parent agency's name
    aliases: list[str] = field(default_factory=list)

    @property
    def region(self) -> str | None:
        return regions.full_name(self.code) if self.code else None


@dataclass(frozen=True)
class Match:
    agency: Agency | None  # the agency meant, when certain
    score: float
    why: str
    candidates: tuple[Candidate, ...] = ()  # when not certain: the names it may mean, best first

    @property
    def sure(self) -> bool:
        return self.agency is not None


def _key(name: str) -> tuple[str | None, str, regions.Place]:
    """(the division's code, the department's own words, the place) of a canonical name."""
    p = regions.place(name)
    return p.code, p.rest.lstrip("省市县区州镇乡") if not p.text else p.rest, p


def describe(name: str) -> tuple[str | None, str | None, str]:
    """(code, level, kind) a name shows by itself."""
    text = canonical(name)
    code, rest, p = _key(text)
    kind = "政府" if rest.endswith("人民政府") else "部门"
    level = None
    if code:
        level = regions.region(code).level
        if level == "县" and any(w in rest[:12] for w in ("街道", "镇", "乡")) and "人民政府" in rest:
            level = "乡"
    return code, level, kind


class Register:
    """The agencies, and the agency a printed name means."""

    def __init__(self, agencies=()):
        self.agencies: list[Agency] = []
        # canonical name → (agency, the name it is, its division's code, the department's words,
        # the divisions its place may be)
        self._by_name: dict[str, tuple[Agency, str, str | None, str, frozenset]] = {}
        self._by_key: dict[tuple[str | None, str], list[Agency]] = {}
        self._by_rest: dict[str, list[Agency]] = {}
        self._by_code: dict[str | None, list[str]] = {}  # code → the canonical names of its agencies
        self._by_tail: dict[str, list[str]] = {}  # the last 5–12 characters of a name → the names
        self._by_shared: dict[tuple[str, str], list[Agency]] = {}  # (a code its shared place may be, rest)
        for agency in agencies:
            self.add(agency)

    def __len__(self) -> int:
        return len(self.agencies)

    def __iter__(self):
        return iter(self.agencies)

    def get(self, name: str) -> Agency | None:
        hit = self._by_name.get(canonical(name))
        return hit[0] if hit else None

    def add(self, agency: Agency) -> Agency:
        if agency.code and regions.region(agency.code) is None:
            raise RegisterError(f"机关“{agency.name}”的行政区划代码 {agency.code} 不在 GB/T 2260 代码表中")
        if agency.code is None or agency.level is None or agency.kind is None:
            code, level, kind = describe(agency.name)
            agency.code = agency.code or code
            agency.level = agency.level or (regions.region(agency.code).level if agency.code and not level else level)
            agency.kind = agency.kind or kind
        self.agencies.append(agency)
        for name in (agency.name, *agency.aliases):
            self._index(agency, name)
        return agency

    def _index(self, agency: Agency, name: str) -> None:
        text = canonical(name)
        other = self._by_name.get(text)
        if other and other[0] is not agency:
            raise RegisterError(f"“{name}”已是机关“{other[0].name}”的名称或别名，不能再用于“{agency.name}”")
        code, rest, p = _key(text)
        code = code or agency.code
        if code is None and len(p.codes) > 1:  # 通州区水利局: under each division it may be in, as such
            for c in p.codes:
                found = self._by_shared.setdefault((c, rest), [])
                if not any(a is agency for a in found):
                    found.append(agency)
        if text not in self._by_name:
            self._by_code.setdefault(code, []).append(text)
            for n in range(TAIL, min(len(text) - 1, 12) + 1):
                self._by_tail.setdefault(text[-n:], []).append(text)
        self._by_name[text] = (agency, name, code, rest, frozenset((code,) if code else p.codes))
        for index, key in ((self._by_key, (code, rest)), (self._by_rest, rest)):
            if index is self._by_key and code is None and p.codes:
                continue  # a shared place is not no place
            found = index.setdefault(key, [])
            if not any(a is agency for a in found):
                found.append(agency)

    def confirm(self, name: str, agency: Agency) -> None:
        """A person's confirmation that `name` is `agency`: kept as its alias."""
        if canonical(name) == canonical(agency.name) or name in agency.aliases:
            return
        self._index(agency, name)
        agency.aliases.append(name)

    def match(self, name: str, limit: int = 5) -> Match:
        """The agency `name` means, with its score and why; when not certain, the candidates."""
        text = canonical(name)
        if not text:
            return Match(None, 0.0, "名称为空")
        hit = self._by_name.get(text)
        if hit:
            agency, as_named = hit[:2]
            why = "已确认的别名" if as_named in agency.aliases else \
                "名称相同" if fold(name) == fold(as_named) else "简称与全称相同"
            return Match(agency, SAME_NAME, why)
        code, rest, p = _key(text)
        found: list[Candidate] = []
        if code:
            same = self._by_key.get((code, rest), [])
            if len(same) == 1:
                if p.renamed:
                    return Match(same[0], RENAMED, f"行政区划更名：{p.renamed[0]} → {p.renamed[1]}（{code}）")
                return Match(same[0], SAME_CODE, f"行政区划相同（{code} {regions.full_name(code)}），机关名称相同")
            found += [Candidate(a.name, SHARED_PLACE, "同一行政区划下有多个同名机关") for a in same]
            found += [Candidate(a.name, SHARED_PLACE, "台账中的名称未写明是哪个同名区划")
                      for a in self._by_shared.get((code, rest), [])]
            found += [Candidate(a.name, CODELESS, "机关名称相同，所在区划无代码可核对")
                      for a in self._by_key.get((None, rest), [])]
        elif len(p.codes) > 1:
            names = "、".join(f"{c} {regions.full_name(c)}" for c in p.codes)
            found += [Candidate(a.name, SHARED_PLACE, f"“{p.text}”可指多个行政区划（{names}）")
                      for c in p.codes for a in self._by_key.get((c, rest), [])]
        elif rest:
            found += [Candidate(a.name, NO_PLACE, "未注明行政区划，机关名称相同") for a in self._by_rest.get(rest, [])]
        if not code and len(p.codes) < 2:  # a name with the front left off, or with more in front (片区管理局)
            tails = [t for n in range(TAIL, min(len(text) - 1, 12) + 1) if (t := text[-n:]) in self._by_name]
            for other in self._by_tail.get(text, []) + tails:
                agency, as_named = self._by_name[other][:2]
                found.append(Candidate(agency.name, PART, f"名称的后部相同（{as_named}）"))
        found = list({c.name: c for c in sorted(found, key=lambda c: -c.score)}.values())
        seen = {c.name for c in found}
        places = frozenset((code,) if code else p.codes)
        # another division's agency is never this one misspelt: only the names of the same division (or of none)
        names = self._by_code.get(code, []) + self._by_code.get(None, []) if code else list(self._by_name)
        for close, score, _ in process.extract(text, names, scorer=Indel.normalized_similarity,
                                               score_cutoff=CLOSE, limit=limit + len(seen) + 20):
            agency, as_named, _, their_rest, theirs = self._by_name[close]
            if agency.name in seen or (places and theirs and not places & theirs) \
                    or Indel.normalized_similarity(rest, their_rest) < CLOSE:
                continue  # another division's agency, or another department: not this one misspelt
            seen.add(agency.name)
            found.append(Candidate(agency.name, round(score * SPELLING, 2), f"名称相近（{as_named}）"))
        found.sort(key=lambda c: (-c.score, c.name))
        if not found:
            return Match(None, 0.0, "台账中没有相近的机关")
        return Match(None, found[0].score, "需人工确认：" + found[0].why, tuple(found[:limit]))

    def parent_of(self, agency: Agency) -> Agency | None:
        """The agency above: as the register says; else a department's own government, a
        government's the one of the division above."""
        if agency.parent:
            return self.get(agency.parent)
        if not agency.code:
            return None
        if agency.kind == "部门":
            up = self._by_key.get((agency.code, "人民政府"), [])
        else:
            parent = regions.region(agency.code).parent
            up = self._by_key.get((parent, "人民政府"), []) if parent else []
        return up[0] if len(up) == 1 and up[0] is not agency else None

    # files

    def save(self, path: str) -> None:
        """Written whole beside the old file, then swapped in: never half-written."""
        folder = os.path.dirname(os.path.abspath(path))
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".register-", suffix=".csv")
        with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as f:
            w = csv.writer(f)
            w.writerow(COLUMNS)
            for a in self.agencies:
                w.writerow([a.name, a.code or "", a.level or "", a.kind or "", a.parent or "", "；".join(a.aliases)])
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: str) -> Register:
        try:
            with open(path, "rb") as f:
                raw = f.read()
        except OSError as err:
            raise RegisterError(f"无法读取机关台账（cannot read the register）：{path}（{err.strerror}）") from err
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = raw.decode("gb18030")
            except UnicodeDecodeError:
                raise RegisterError(f"机关台账不是 UTF-8 或 GB18030 编码的 CSV 文件：{path}") from None
        rows = list(csv.reader(io.StringIO(text)))
        if not rows or rows[0][:1] != [COLUMNS[0]]:
            raise RegisterError(f"机关台账的第一行应为列名：{'，'.join(COLUMNS)}（{path}）")
        head = rows[0]
        register = cls()
        for n, row in enumerate(rows[1:], start=2):
            cells = dict(zip(head, (c.strip() for c in row)))
            if not any(cells.values()):
                continue
            name = cells.get("名称", "")
            if not name:
                raise RegisterError(f"机关台账第 {n} 行没有名称（{path}）")
            level, kind = cells.get("层级") or None, cells.get("类别") or None
            if level and level not in LEVELS:
                raise RegisterError(f"机关台账第 {n} 行的层级“{level}”应为 {'/'.join(LEVELS)} 之一（{path}）")
            if kind and kind not in KINDS:
                raise RegisterError(f"机关台账第 {n} 行的类别“{kind}”应为 {'/'.join(KINDS)} 之一（{path}）")
            aliases = [a.strip() for a in (cells.get("别名") or "").replace(";", "；").split("；") if a.strip()]
            try:
                register.add(Agency(name, cells.get("行政区划代码") or None, level, kind,
                                    cells.get("上级机关") or None, aliases))
            except RegisterError as err:
                raise RegisterError(f"机关台账第 {n} 行：{err}（{path}）") from None
        return register

    @classmethod
    def from_names(cls, names, known: Register | None = None) -> tuple[Register, list[tuple[str, Match]]]:
        """A register of the names met (in order), beside the `known` agencies (changed): a
        name certain to be an agency already there becomes its alias; any other, an agency
        of its own — with the names that may mean another agency listed for a person to
        confirm: (register, [(name, match)])."""
        register, unsure = known if known is not None else cls(), []
        for name in dict.fromkeys(n for n in names if n):
            m = register.match(name)
            if m.sure:
                if m.score == SAME_NAME and fold(name) == canonical(name) != fold(m.agency.name):
                    m.agency.aliases.append(m.agency.name)  # the name spelled out is the agency's name
                    m.agency.name = name
                    text = canonical(name)
                    register._by_name[text] = (m.agency, name, *register._by_name[text][2:])
                else:
                    register.confirm(name, m.agency)
                continue
            if m.candidates:
                unsure.append((name, m))
            register.add(Agency(name))
        return register, unsure


__all__ = ["Agency", "Match", "Register", "RegisterError", "THRESHOLD", "describe"]
