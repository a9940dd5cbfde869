"""AnnualReport → plain text, in the shapes copied reports take:

- ``plain``: one line per table row, cells separated by spaces (a web page copied);
- ``pdf``: text copied out of a PDF — hard line wraps, often a blank line between
  lines, long labels wrapped with the numbers after them, merged labels broken into
  short pieces and table C's headers printed one character per line;
- ``docx``: a DOCX export with one cell per line, each led by a tab, rows separated
  by blank lines, merged cells left empty;
- ``tabbed``: one row per line, cells separated by tabs.

Used by the demo, the tests (render → extract must give the model back) and the
benchmarks' generated corpus.
"""

from __future__ import annotations

import random
import textwrap
from dataclasses import dataclass

from ..report.catalog import (
    LEGACY_TITLE,
    TABLE_A_HEADER,
    TABLE_B_APPLICANT_GROUP,
    TABLE_B_COLUMNS,
    TABLE_B_LEGAL_GROUP,
    TABLE_B_NOTE,
    TABLE_C_GROUPS,
    TABLE_C_LITIGATION,
    TABLE_C_OUTCOMES,
)
from ..report.model import AnnualReport
from .layout import a_groups, b_rows, blocks, cell_text, legacy_label_of

SHAPES = ("plain", "pdf", "docx", "tabbed")

@dataclass
class TextStyle:
    shape: str = "plain"
    width: int = 34  # pdf: characters per line
    double_spaced: bool = True  # pdf: a blank line after every line
    half_width: bool = False  # （） printed as ()
    page_numbers: bool = False  # "— N —" lines every so often
    arabic_first_heading: bool = False  # "1、总体情况"
    vertical_headers: bool = True  # pdf: table C headers one character per line
    short_normative_label: bool = False  # 规范性文件 for 行政规范性文件

    @classmethod
    def random(cls, rng: random.Random, shape: str | None = None) -> "TextStyle":
        return cls(shape=shape or rng.choice(SHAPES), width=rng.randint(18, 44), double_spaced=rng.random() < 0.6,
                   half_width=rng.random() < 0.3, page_numbers=rng.random() < 0.4,
                   arabic_first_heading=rng.random() < 0.15, vertical_headers=rng.random() < 0.6,
                   short_normative_label=rng.random() < 0.2)


class _Writer:
    def __init__(self, style: TextStyle):
        self.style = style
        self.lines: list[str] = []
        self.page = 1

    def fix(self, text: str) -> str:
        return text.replace("（", "(").replace("）", ")") if self.style.half_width else text

    def line(self, text: str = "") -> None:
        self.lines.append(self.fix(text))
        if self.style.shape == "pdf" and self.style.double_spaced and text:
            self.lines.append("")
        if self.style.page_numbers and len(self.lines) // 45 >= self.page:
            self.page += 1
            self.lines += ["", f"— {self.page - 1} —", ""]

    def paragraph(self, text: str) -> None:
        if self.style.shape == "pdf":
            for part in textwrap.wrap(text, self.style.width) or [""]:
                self.line(part)
        else:
            self.line(text)
        if self.style.shape != "pdf":
            self.line("")

    def row(self, labels: list[str], values: list[str]) -> None:
        """One table row: label cells (empty = merged from above), then values."""
        shape = self.style.shape
        if shape == "docx":
            for cell in labels + values:
                self.lines.append("\t" + self.fix(cell))
            self.lines.append("")
        elif shape == "tabbed":
            self.line("\t".join(labels + values))
        elif shape == "plain":
            self.line(" ".join([c for c in labels if c] + values))
        else:
            self._pdf_row([c for c in labels if c], values)

    def _pdf_row(self, labels: list[str], values: list[str]) -> None:
        width = max(8, self.style.width // 2)
        *groups, own = labels or [""]
        for group in groups:  # merged group labels break into short pieces
            for piece in textwrap.wrap(group, max(2, len(group) // 3 + 1)):
                self.line(piece)
        pieces = textwrap.wrap(own, width) or [""]
        if len(pieces) == 1:
            self.line(" ".join([pieces[0]] + values).strip())
        else:
            for piece in pieces:
                self.line(piece)
            self.line(" ".join(values))

    def header(self, cells: list[str], vertical: bool = False) -> None:
        """Header cells of a table."""
        if self.style.shape in ("docx", "tabbed"):
            self.row(cells, [])
        elif vertical and self.style.shape == "pdf" and self.style.vertical_headers:
            for cell in cells:
                for ch in cell:
                    self.line(ch)
        else:
            self.line(" ".join(c for c in cells if c))


def render_text(report: AnnualReport, style: TextStyle | None = None) -> str:
    style = style or TextStyle()
    w = _Writer(style)
    titles = [b.text for b in blocks(report) if b.kind == "title"]
    w.line("".join(titles))
    w.line("")
    for block in blocks(report):
        if block.kind == "para":
            w.paragraph(block.text)
        elif block.kind == "heading":
            _heading(w, block.text)
        elif block.kind == "table_a":
            _table_a(w, report)
        elif block.kind == "table_b":
            _table_b(w, report)
        elif block.kind == "table_c":
            _table_c(w, report)
        elif block.kind == "legacy":
            _legacy_table(w, report)
        elif block.kind == "sign":
            w.line(block.text)
    return "\n".join(w.lines).rstrip("\n") + "\n"


def _heading(w: _Writer, text: str) -> None:
    number, _, title = text.partition("、")
    if number == "一" and w.style.arabic_first_heading:
        text = f"1、{title}"
    w.line(text)
    if w.style.shape != "pdf":
        w.line("")


def _table_a(w: _Writer, r: AnnualReport) -> None:
    for caption, specs in a_groups(r):
        w.header([caption])
        w.header([TABLE_A_HEADER] + [c.label for c in specs[0].columns])
        for spec in specs:
            label = spec.label
            if spec.key == "normative_documents" and w.style.short_normative_label:
                label = "规范性文件"
            cells = r.table_a[spec.key]
            w.row([label], [cell_text(cells.get(c.key)) for c in spec.columns])


def _b_labels(r: AnnualReport) -> list[tuple[str, list[str]]]:
    """Label cells of each table B row: merged cells are empty below their first row."""
    out, seen = [], set()
    for spec, label, level2 in b_rows(r):
        cells = []
        if spec.level1:
            cells.append("" if spec.level1 in seen else spec.level1)
            seen.add(spec.level1)
            if level2:
                cells.append("" if level2 in seen else level2)
                seen.add(level2)
        cells.append(label)
        out.append((spec.key, cells))
    return out


def _table_b(w: _Writer, r: AnnualReport) -> None:
    cols = [c.label for c in TABLE_B_COLUMNS]
    if w.style.shape in ("docx", "tabbed"):
        w.header([TABLE_B_NOTE, TABLE_B_APPLICANT_GROUP])
        w.header(["", cols[0], TABLE_B_LEGAL_GROUP, cols[6]])
        w.header(["", ""] + cols[1:6] + [""])
    else:
        w.paragraph(TABLE_B_NOTE) if w.style.shape == "pdf" else w.line(TABLE_B_NOTE)
        w.header([TABLE_B_APPLICANT_GROUP])
        w.header([cols[0], TABLE_B_LEGAL_GROUP, cols[6]] + cols[1:6])
    for key, labels in _b_labels(r):
        w.row(labels, [cell_text(v) for v in r.table_b[key]])


def _table_c(w: _Writer, r: AnnualReport) -> None:
    outcomes = [o.label for o in TABLE_C_OUTCOMES]
    review, direct, after = (g.label for g in TABLE_C_GROUPS)
    w.header([review, TABLE_C_LITIGATION])
    if w.style.shape in ("docx", "tabbed"):
        w.header(outcomes + [direct, after])
        w.header([""] * 5 + outcomes * 2)
    else:
        w.header(outcomes, vertical=True)
        w.header([direct, after])
        w.header(outcomes * 2, vertical=True)
    w.row([], [cell_text(v) for v in (r.table_c or [])])


def _legacy_table(w: _Writer, r: AnnualReport) -> None:
    w.line(LEGACY_TITLE)
    w.line(f"（{r.year}年度）")
    w.line(f"填报单位：{r.agency}")
    w.row(["统计指标"], ["单位", "统计数"])
    for item in r.legacy or []:
        w.row([legacy_label_of(item)], [item.unit or "——", cell_text(item.value)])
