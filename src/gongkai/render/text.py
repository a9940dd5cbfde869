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
    FORMAT_2019, FORMAT_LEGACY, LEGACY_ROW, LEGACY_TITLE, SECTIONS, TABLE_A, TABLE_A_HEADER,
    TABLE_B_APPLICANT_GROUP, TABLE_B_COLUMNS, TABLE_B_LEGAL_GROUP, TABLE_B_NOTE, TABLE_B_OTHER_2019_LABEL,
    TABLE_B_ROWS, TABLE_C_GROUPS, TABLE_C_LITIGATION, TABLE_C_OUTCOMES, chinese_numeral,
)
from ..report.model import AnnualReport, Value

SHAPES = ("plain", "pdf", "docx", "tabbed")

# Sentences for the narrative sections; each report draws its own selection.
_PROSE = (
    "坚持以公开为常态、不公开为例外，推动政府信息公开工作制度化、规范化。",
    "围绕年度重点工作，及时发布政策文件、规划计划和工作动态。",
    "严格落实信息发布审核制度，做到先审后发、谁发布谁负责。",
    "完善政府信息公开指南和目录，方便公众查询获取信息。",
    "加强政策解读，通过图文、问答等形式解读重要政策文件。",
    "健全依申请公开工作机制，规范受理、办理、答复全流程。",
    "加强与申请人的沟通，准确把握申请需求，提高答复质量。",
    "做好政府信息公开平台日常维护，确保平台安全稳定运行。",
    "优化门户网站栏目设置，提升信息检索和查阅的便利度。",
    "将政府信息公开工作纳入年度工作考核，压实工作责任。",
    "组织开展业务培训，提升工作人员的政策水平和业务能力。",
    "畅通公众意见建议渠道，及时回应社会关切。",
    "规范行政规范性文件的制发、备案和公开工作。",
    "推进重点领域信息公开，持续加大财政预决算等信息的公开力度。",
    "强化保密审查，确保公开内容准确、完整、安全。",
    "定期开展自查自纠，对发现的问题及时整改到位。",
)
_PROBLEMS = (
    "公开内容的全面性和及时性仍有提升空间。",
    "政策解读的形式较为单一，图解、音视频等方式运用不多。",
    "依申请公开答复文书的规范性需进一步加强。",
    "政务新媒体的互动功能发挥不够充分。",
    "工作人员业务能力与新形势新要求还有差距。",
    "下一步将加强统筹协调，完善工作机制，提升公开质量。",
    "下一步将加大培训力度，提高答复的规范化水平。",
)


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


def _num(v: Value | None) -> str:
    if v is None or v.value is None:
        return "" if v is None or v.raw is None else v.raw
    n = v.value
    return str(int(n)) if isinstance(n, float) and n.is_integer() and "." not in (v.raw or "") else str(n)


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
    year = report.year
    agency = report.agency or ""
    w.line(f"{agency}{year}年度政府信息公开工作年度报告")
    w.line("")
    parts = narrative(report)
    w.paragraph(parts["intro"])
    if report.format_version == FORMAT_LEGACY:
        _legacy_report(w, report, parts)
    else:
        _statutory_report(w, report, parts)
    if report.published:
        y, m, d = report.published.split("-")
        w.line(agency)
        w.line(f"{int(y)}年{int(m)}月{int(d)}日")
    return "\n".join(w.lines).rstrip("\n") + "\n"


def _figure(report: AnnualReport, kind: str):
    return next((f.value for f in report.figures if f.kind == kind), None)


def _heading(w: _Writer, n: int, title: str) -> None:
    number = "1" if n == 1 and w.style.arabic_first_heading else chinese_numeral(n)
    w.line(f"{number}、{title}")
    if w.style.shape != "pdf":
        w.line("")


def narrative(r: AnnualReport) -> dict:
    """The report's prose, shared by every writer: intro, overview (with the figures
    the tables also count), its five sub-items, problems, and other matters."""
    year, agency = r.year, r.agency or ""
    intro = (f"本报告根据《中华人民共和国政府信息公开条例》要求编制。报告中所列数据的统计期限自{year}年1月1日起"
             f"至{year}年12月31日止。")
    if r.contact:
        bits = []
        if "phone" in r.contact:
            bits.append(f"电话：{r.contact['phone']}")
        if "postcode" in r.contact:
            bits.append(f"邮编：{r.contact['postcode']}")
        intro += f"如对本报告有疑问，请与{agency}办公室联系（{'，'.join(bits)}）。"
    rng = random.Random(f"{r.agency}{r.year}")
    if r.format_version == FORMAT_LEGACY:
        return {"intro": intro,
                "overview": "本年度，本机关按照《中华人民共和国政府信息公开条例》要求，认真做好政府信息公开工作。",
                "problems": "信息公开的及时性和规范性有待加强，下一步将完善工作机制。"}
    text = "本年度，本机关认真贯彻落实政府信息公开各项工作要求，持续推进政务公开标准化规范化。"
    published = _figure(r, "items_published")
    if published is not None:
        text += f"全年主动公开政府信息{published}条。"
    received = _figure(r, "applications_received")
    if received is not None:
        text += f"本年共收到政府信息公开申请{received}件"
        forward = _figure(r, "applications_carried_forward")
        text += "。" if forward is None else f"，结转下年度继续办理{forward}件。"
    in_force = _figure(r, "normative_documents_in_force")
    if in_force is not None:
        text += f"截至年底，现行有效规范性文件{in_force}件。"
    items = [f"（{chinese_numeral(n)}）{topic}方面。" + "".join(rng.sample(_PROSE, rng.randint(2, 6)))
             for n, topic in enumerate(("主动公开", "依申请公开", "政府信息管理", "平台建设", "监督保障"), 1)]
    fee = _figure(r, "processing_fee_yuan")
    return {"intro": intro, "overview": text, "overview_items": items,
            "problems": "".join(rng.sample(_PROBLEMS, rng.randint(2, 5))),
            "other": f"本年度共收取信息处理费{fee}元。" if fee else "本年度未收取信息处理费。"}


def _statutory_report(w: _Writer, r: AnnualReport, parts: dict) -> None:
    titles = {s.key: s.label.split("、", 1)[1] for s in SECTIONS}
    _heading(w, 1, titles["overview"])
    w.paragraph(parts["overview"])
    for item in parts["overview_items"]:
        w.paragraph(item)
    _heading(w, 2, titles["proactive"])
    _table_a(w, r)
    _heading(w, 3, titles["requests"])
    _table_b(w, r)
    _heading(w, 4, titles["reviews"])
    _table_c(w, r)
    _heading(w, 5, titles["problems"])
    w.paragraph(parts["problems"])
    _heading(w, 6, titles["other"])
    w.paragraph(parts["other"])


def _table_a(w: _Writer, r: AnnualReport) -> None:
    specs = TABLE_A[r.format_version or "2021"]
    caption = None
    for spec in specs:
        if spec.key not in (r.table_a or {}):
            continue
        if spec.caption != caption:
            caption = spec.caption
            w.header([caption])
            w.header([TABLE_A_HEADER] + [c.label for c in spec.columns])
        label = spec.label
        if spec.key == "normative_documents" and w.style.short_normative_label:
            label = "规范性文件"
        cells = r.table_a[spec.key]
        w.row([label], [_num(cells.get(c.key)) for c in spec.columns])


def _b_labels(r: AnnualReport) -> list[tuple[str, list[str]]]:
    out, seen_l1, seen_l2 = [], set(), set()
    for spec in TABLE_B_ROWS:
        row = (r.table_b or {}).get(spec.key)
        if row is None:
            continue
        label = spec.label
        level2 = spec.level2
        if spec.key == "other_other" and r.format_version == FORMAT_2019:
            label, level2 = TABLE_B_OTHER_2019_LABEL, ""
        cells = []
        if spec.level1:
            cells.append("" if spec.level1 in seen_l1 else spec.level1)
            seen_l1.add(spec.level1)
            if level2:
                cells.append("" if level2 in seen_l2 else level2)
                seen_l2.add(level2)
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
        w.row(labels, [_num(v) for v in r.table_b[key]])


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
    w.row([], [_num(v) for v in (r.table_c or [])])


def _legacy_report(w: _Writer, r: AnnualReport, parts: dict) -> None:
    _heading(w, 1, "概述")
    w.paragraph(parts["overview"])
    _heading(w, 2, "主动公开政府信息情况")
    w.paragraph("主动公开的政府信息通过政府网站、政府公报等渠道及时发布。")
    _heading(w, 3, "存在的主要问题和改进措施")
    w.paragraph(parts["problems"])
    w.line(LEGACY_TITLE)
    w.line(f"（{r.year}年度）")
    w.line(f"填报单位：{r.agency}")
    w.row(["统计指标"], ["单位", "统计数"])
    for item in r.legacy or []:
        spec = LEGACY_ROW.get(item.key) if item.key else None
        label = spec.label if spec else item.label
        unit = item.unit or "——"
        w.row([label], [unit, _num(item.value)])
