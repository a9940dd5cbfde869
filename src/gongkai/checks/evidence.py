"""Evidence for findings: what was printed, where."""

from __future__ import annotations

from typing import Any

from ..report.catalog import TABLE_B_COLUMNS, TABLE_B_ROW, TABLE_C_GROUPS, TABLE_C_OUTCOMES
from ..report.formats import C_GROUP, CellRef
from ..report.model import AnnualReport, number_text


def cell(report: AnnualReport, path: str, **extra: Any) -> dict[str, Any]:
    """Evidence for the value at `path`: its number, and the line and text it was read from."""
    v = report.value_at(path)
    out: dict[str, Any] = {"path": path, "value": None if v is None else v.value}
    if v is not None and v.source is not None:
        out["line"] = v.source.line
        if v.source.page is not None:
            out["page"] = v.source.page
        out["text"] = v.source.text
    elif v is not None and v.raw is not None:
        out["text"] = v.raw
    out.update(extra)
    return out


def line(number: int | None, text: str, **extra: Any) -> dict[str, Any]:
    return {"line": number, "text": text, **extra}


def b_column(i: int) -> str:
    return TABLE_B_COLUMNS[i].label


def b_row(key: str) -> str:
    """A row's label short enough to quote: without its note, at most 16 characters."""
    label = TABLE_B_ROW[key].label
    note = label.find("（", 2)
    if note > 0:
        label = label[:note]
    return label if len(label) <= 16 else label[:15] + "…"


def c_cell(i: int) -> str:
    g, o = divmod(i, C_GROUP)
    return f"{TABLE_C_GROUPS[g].label}·{TABLE_C_OUTCOMES[o].label}"


def label(report: AnnualReport, path: str) -> str:
    """A cell's name for people: "表二 三（四）1. 本机关不掌握相关政府信息 · 自然人",
    "表一 规章 · 本年制发件数", "统计表·主动公开政府信息数"."""
    parts = path.split(".")
    if parts[0] == "legacy":
        v = report.legacy[int(parts[1])]  # type: ignore[index]
        return f"统计表·{v.label}" + ("（累计）" if parts[2] == "cumulative" else "")
    try:
        return report.format.cell_name(CellRef.parse(path))
    except (ValueError, KeyError, IndexError):
        return path


def number(n) -> str:
    if n is None:
        return "空白"
    return number_text(n)
