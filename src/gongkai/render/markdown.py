"""AnnualReport → Markdown: headings, paragraphs and pipe tables. Merged cells of
the statutory tables print their label in the first row they cover and stay empty
below, as a person copying the table would."""

from __future__ import annotations

from ..report.catalog import (
    LEGACY_TITLE,
    TABLE_A_HEADER,
    TABLE_B_COLUMNS,
    TABLE_B_LEGAL_GROUP,
    TABLE_B_NOTE,
    TABLE_C_GROUPS,
    TABLE_C_OUTCOMES,
)
from ..report.model import AnnualReport
from .layout import a_groups, b_rows, blocks, cell_text, legacy_label_of


def _row(cells) -> str:
    return "| " + " | ".join(str(c).replace("|", "｜") for c in cells) + " |"


def _table(header, rows) -> list[str]:
    return [_row(header), _row(["---"] * len(header))] + [_row(r) for r in rows] + [""]


def render_markdown(report: AnnualReport, draft: bool = False) -> str:
    out: list[str] = ["> **草稿**", ""] if draft else []
    titles = [b.text for b in blocks(report) if b.kind == "title"]
    out += [f"# {''.join(titles)}", ""]
    for block in blocks(report):
        if block.kind == "heading":
            out += [f"## {block.text}", ""]
        elif block.kind == "para":
            out += [block.text, ""]
        elif block.kind == "sign":
            out += [block.text, ""]
        elif block.kind == "table_a":
            for caption, specs in a_groups(report):
                out += [f"**{caption}**", ""]
                out += _table([TABLE_A_HEADER] + [c.label for c in specs[0].columns],
                              [[s.label] + [cell_text(report.table_a[s.key].get(c.key)) for c in s.columns]
                               for s in specs])
        elif block.kind == "table_b":
            out += [TABLE_B_NOTE, ""]
            cols = [c.label for c in TABLE_B_COLUMNS]
            header = ["", "", ""] + [cols[0]] + [f"{TABLE_B_LEGAL_GROUP}·{c}" for c in cols[1:6]] + [cols[6]]
            rows, seen = [], set()
            for spec, label, level2 in b_rows(report):
                cells = ["", "", ""]
                if not spec.level1:
                    cells[0] = label
                else:
                    cells[0] = "" if spec.level1 in seen else spec.level1
                    seen.add(spec.level1)
                    if level2:
                        cells[1] = "" if level2 in seen else level2
                        seen.add(level2)
                        cells[2] = label
                    else:
                        cells[1] = label
                rows.append(cells + [cell_text(v) for v in report.table_b[spec.key]])
            out += _table(header, rows)
        elif block.kind == "table_c":
            header = [f"{g.label}·{o.label}" for g in TABLE_C_GROUPS for o in TABLE_C_OUTCOMES]
            out += _table(header, [[cell_text(v) for v in report.table_c or []]])
        elif block.kind == "legacy":
            out += [f"**{LEGACY_TITLE}（{report.year}年度）**", "", f"填报单位：{report.agency}", ""]
            out += _table(["统计指标", "单位", "统计数"],
                          [[legacy_label_of(it), it.unit or "——", cell_text(it.value)] for it in report.legacy or []])
    return "\n".join(out).rstrip("\n") + "\n"
