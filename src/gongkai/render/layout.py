"""The report laid out once, for every writer: a sequence of blocks (title, headings,
paragraphs, the tables, the signature) and the table helpers they share.

The paragraphs are the report's own text only (`report.texts`: read from a published
report, written in an authoring file or the builder); a section with none stays empty
— and `check` says so. Generated prose belongs to the sample generator alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..report.catalog import (
    CONTACT_FIELDS,
    FORMAT_LEGACY,
    LEGACY_ROW,
    SECTIONS,
    SINGLE_OTHER_ROW,
    TABLE_B_OTHER_2019_LABEL,
    TABLE_B_ROW,
    TABLE_B_ROWS,
)

OTHER_GROUP = TABLE_B_ROW["other_other"].level2  # （六）其他处理
from ..report.model import AnnualReport, Value


@dataclass
class Block:
    kind: str  # title, para, heading, table_a, table_b, table_c, legacy, sign
    text: str = ""
    level: int = 1  # headings: 1 一、…; paragraphs: 2 when they open with （一）


def _paragraphs(text: str) -> list[Block]:
    return [Block("para", p, 2 if p.startswith(("（", "(")) else 1) for p in text.split("\n") if p.strip()]


def blocks(r: AnnualReport, extra_paragraphs: int = 0) -> list[Block]:
    """The whole report in reading order. `extra_paragraphs` lengthens 五 (benchmarks)."""
    texts = r.texts  # the report's own words only: nothing is written that no one wrote
    out = [Block("title", r.agency or ""), Block("title", f"{r.year}年度政府信息公开工作年度报告")]
    out += _paragraphs(texts.get("intro", ""))
    contact = contact_line(r)
    if contact:
        out.append(Block("para", contact))
    if r.format_version == FORMAT_LEGACY:
        # the old reports had no fixed parts: keep the report's own, where it has them
        parts = [(s.canonical or f"section{s.ordinal}", f"{s.number}、{s.title}") for s in r.sections]
        for key, heading in parts:
            out.append(Block("heading", heading))
            out += _paragraphs(texts.get(key, ""))
        out.append(Block("legacy"))
    else:
        statutory = {s.key for s in SECTIONS}
        extra = "\n".join(v for k, v in texts.items() if k not in statutory and k != "intro")
        for spec in SECTIONS:
            out.append(Block("heading", spec.label))
            if spec.key == "proactive":
                out.append(Block("table_a"))
            elif spec.key == "requests":
                out.append(Block("table_b"))
            elif spec.key == "reviews":
                out.append(Block("table_c"))
            out += _paragraphs(texts.get(spec.key, ""))
            if spec.key == "problems":
                filler = [p.text for p in _paragraphs(texts.get("overview", ""))]  # the report's own, repeated
                out += [Block("para", filler[k % len(filler)]) for k in range(extra_paragraphs if filler else 0)]
            if spec.key == "other" and extra:
                out += _paragraphs(extra)
    if r.published:
        y, m, d = r.published.split("-")
        out += [Block("sign", r.agency or ""), Block("sign", f"{int(y)}年{int(m)}月{int(d)}日")]
    return out


def contact_line(r: AnnualReport) -> str:
    """The report's contact details as one line after its opening — unless its own
    opening already gives every one of them (then nothing is added)."""
    intro = r.texts.get("intro", "")
    given = [(name, r.contact[key]) for key, name in CONTACT_FIELDS if r.contact.get(key)]
    if not given or all(value in intro for _, value in given):
        return ""
    return "联系方式：" + "；".join(f"{name}：{value}" for name, value in given) + "。"


# --- table helpers ----------------------------------------------------------------

def cell_text(v: Value | None) -> str:
    """A value as printed: the number, or what was printed in its place ("" for blank)."""
    if v is None or v.value is None:
        return "" if v is None or v.raw is None else v.raw
    n = v.value
    return str(int(n)) if isinstance(n, float) and n.is_integer() and "." not in (v.raw or "") else str(n)


def a_groups(r: AnnualReport) -> list[tuple[str, list]]:
    """Table A's printed rows grouped by caption (第二十条第（X）项)."""
    groups: list[tuple[str, list]] = []
    for spec in r.format.table_a:
        if spec.key not in (r.table_a or {}):
            continue
        if not groups or groups[-1][0] != spec.caption:
            groups.append((spec.caption, []))
        groups[-1][1].append(spec)
    return groups


def a_spans(n: int) -> list[int]:
    """How n value columns spread over table A's three value columns."""
    return {1: [3], 2: [1, 2], 3: [1, 1, 1]}[n]


def b_rows(r: AnnualReport, unprinted: bool = False) -> list[tuple]:
    """Table B's printed rows: (spec, label, level-2 group label), the 2019 single
    其他处理 row labelled as printed in 2019 (and across both label columns). With
    `unprinted`, the rows of the format the report does not print as well."""
    out = []
    fmt = r.format
    single = single_other_row(r)
    for spec in TABLE_B_ROWS:
        if (r.table_b or {}).get(spec.key) is None:
            # a row the report leaves out; the 2019 single row stands for all of （六）
            if not (unprinted and fmt.has_row("B", spec.key)) or single and spec.level2 == OTHER_GROUP:
                continue
        label, level2 = fmt.label("B", spec.key), spec.level2
        if spec.key == "other_other" and (label != spec.label or single):
            label, level2 = TABLE_B_OTHER_2019_LABEL, ""
        out.append((spec, label, level2))
    return out


def single_other_row(r: AnnualReport) -> bool:
    """A report that prints （六）其他处理 as the one row of the 2019 format."""
    return SINGLE_OTHER_ROW in r.labels


def legacy_label_of(item) -> str:
    spec = LEGACY_ROW.get(item.key) if item.key else None
    return spec.label if spec else item.label
