"""AnnualReport → Markdown: headings, paragraphs and pipe tables. Merged cells of
the statutory tables print their label in the first row they cover and stay empty
below, as a person copying the table would."""

from __future__ import annotations

import html

from ..report.catalog import LEGACY_TITLE
from ..report.model import AnnualReport
from . import grid
from .grid import Grid, flat
from .layout import blocks


def _text(text) -> str:
    """Text as Markdown shows it: a report's own `<script>` or `<img onerror>` is shown,
    never run, by whatever turns the Markdown into a page."""
    return html.escape(str(text), quote=False)


def _row(cells) -> str:
    return "| " + " | ".join(_text(c).replace("|", "｜") for c in cells) + " |"


def _table(header, rows) -> list[str]:
    return [_row(header), _row(["---"] * len(header))] + [_row(r) for r in rows] + [""]


def _grid(g: Grid) -> list[str]:
    out: list[str] = []
    for run in flat(g):
        if run.caption:
            out += [f"**{_text(run.caption)}**", ""]
        if run.note:
            out += [_text(run.note), ""]
        out += _table(["·".join(h) for h in run.heads], [["" if c is None else c.text for c in row] for row in run.rows])
    return out


def render_markdown(report: AnnualReport, draft: bool = False) -> str:
    out: list[str] = ["> **草稿**", ""] if draft else []
    titles = [b.text for b in blocks(report) if b.kind == "title"]
    out += [f"# {_text(''.join(titles))}", ""]
    for block in blocks(report):
        if block.kind == "heading":
            out += [f"## {_text(block.text)}", ""]
        elif block.kind in ("para", "sign"):
            out += [_text(block.text), ""]
        elif block.kind == "legacy":
            out += [f"**{LEGACY_TITLE}（{report.year}年度）**", "", f"填报单位：{_text(report.agency)}", ""]
            out += _grid(grid.legacy(report))
        elif block.kind != "title":
            out += _grid({"table_a": grid.table_a, "table_b": grid.table_b, "table_c": grid.table_c}[block.kind](report))
    return "\n".join(out).rstrip("\n") + "\n"
