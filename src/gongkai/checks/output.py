"""Findings for a person (grouped by section, worst first, evidence quoted) and
for programs (the JSON contract of `gongkai check --format json`)."""

from __future__ import annotations

from typing import Any

from ..report.catalog import SECTION_BY_KEY, TABLE_SECTIONS
from ..report.model import AnnualReport
from .evidence import label
from .rules import RULES, SEVERITY_RANK, SEVERITY_ZH, Finding


def to_json(path: str, report: AnnualReport, findings: list[Finding]) -> dict[str, Any]:
    return {"file": path, "agency": report.agency, "year": report.year,
            "findings": [f.to_dict() for f in findings]}


def _group(report: AnnualReport, f: Finding) -> tuple[int, str]:
    """(order, heading) of the part of the report a finding belongs to."""
    if f.table == "legacy":
        return (90, "政府信息公开情况统计表")
    key = TABLE_SECTIONS.get(f.table or "")
    section = report.section(key) if key else report.section_at(f.line)
    if section is not None:
        return (section.ordinal, f"{section.number}、{section.title}")
    if key:
        spec = SECTION_BY_KEY[key]
        return (spec.number, spec.label)
    return (0, "报告整体")


def to_text(path: str, report: AnnualReport, findings: list[Finding]) -> str:
    counts = {s: sum(1 for f in findings if f.severity == s) for s in ("error", "warning", "notice")}
    head = f"{path}：{report.agency or '（未识别机关）'} {report.year or '????'}年度"
    if not findings:
        return f"{head}\n  未发现问题。\n"
    lines = [head, "  " + "，".join(f"{SEVERITY_ZH[s]} {n} 项" for s, n in counts.items() if n)]
    groups: dict[tuple[int, str], list[Finding]] = {}
    for f in findings:
        groups.setdefault(_group(report, f), []).append(f)
    for key in sorted(groups, key=lambda g: (min(SEVERITY_RANK[f.severity] for f in groups[g]), g[0])):
        lines.append(f"\n  【{key[1]}】")
        for f in sorted(groups[key], key=lambda f: (SEVERITY_RANK[f.severity], f.line or 0)):
            rule = RULES[f.rule]
            lines.append(f"  {SEVERITY_ZH[f.severity]}：{f.message}〔{f.rule}〕")
            for e in f.evidence[:8]:
                name = label(report, e["path"]) if e.get("path") else ""
                where = f"第{e['line']}行" if e.get("line") else ""
                if where and e.get("column") is not None:  # an authoring file: where to type
                    where += f"第{e['column'] + 1}列"
                where = f"{where}（{name}）" if where and name else where or name
                if e.get("report") == "previous":
                    where = "上年度报告" + where
                text = e.get("text")
                lines.append(f"      {where}：“{text}”" if text not in (None, "") else f"      {where}：（空白）")
            lines.append(f"      依据：{rule.basis}")
    return "\n".join(lines) + "\n"
