"""AnnualReport → a self-contained, accessible HTML page: real <table>s with
<th scope>, rowspan/colspan as in the statutory format, no external assets — ready
to paste into a government site's CMS."""

from __future__ import annotations

from html import escape

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
from .layout import a_groups, a_spans, b_rows, blocks, cell_text, legacy_label_of

_CSS = """
body{font-family:"FangSong","仿宋","仿宋_GB2312",serif;font-size:16pt;line-height:1.75;max-width:52em;margin:2em auto;padding:0 1em;color:#000}
h1{font-family:"方正小标宋简体","SimSun","宋体",serif;font-size:22pt;text-align:center;font-weight:normal;line-height:1.5}
h2{font-family:"SimHei","黑体",sans-serif;font-size:16pt;font-weight:normal;margin:1em 0 .3em}
p{text-indent:2em;margin:0}
table{border-collapse:collapse;margin:.5em auto 1em;font-family:"SimSun","宋体",serif;font-size:10.5pt;line-height:1.4}
th,td{border:1px solid #000;padding:2px 4px;text-align:center;vertical-align:middle}
th{font-weight:normal}
td.n{min-width:2.5em}
th.l{text-align:left}
caption{caption-side:top;font-size:10.5pt;padding:2px}
.sign{text-align:right;text-indent:0}
@media (max-width:640px){body{font-size:13pt}table{font-size:9pt;display:block;overflow-x:auto}}
""".strip()


def _cell(tag: str, text: str, rowspan: int = 1, colspan: int = 1, scope: str | None = None, cls: str | None = None) -> str:
    attrs = ""
    if rowspan > 1:
        attrs += f' rowspan="{rowspan}"'
    if colspan > 1:
        attrs += f' colspan="{colspan}"'
    if scope:
        attrs += f' scope="{scope}"'
    if cls:
        attrs += f' class="{cls}"'
    return f"<{tag}{attrs}>{escape(text)}</{tag}>"


def render_html(report: AnnualReport, draft: bool = False) -> str:
    title = ("（草稿）" if draft else "") + f"{report.agency or ''}{report.year}年度政府信息公开工作年度报告"
    out = ['<!DOCTYPE html>', '<html lang="zh-CN">', "<head>", '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">', f"<title>{escape(title)}</title>",
           f"<style>{_CSS}</style>", "</head>", "<body>", "<main>"]
    if draft:
        out.append('<p class="draft" style="text-align:center;font-size:22pt;font-weight:bold;color:#b00">草稿</p>')
    titles = []
    for block in blocks(report):
        if block.kind == "title":
            titles.append(escape(block.text))
            continue
        if titles:
            out.append(f"<h1>{'<br>'.join(titles)}</h1>")
            titles = []
        if block.kind == "heading":
            out.append(f"<h2>{escape(block.text)}</h2>")
        elif block.kind == "para":
            out.append(f"<p>{escape(block.text)}</p>")
        elif block.kind == "sign":
            out.append(f'<p class="sign">{escape(block.text)}</p>')
        else:
            out += {"table_a": _table_a, "table_b": _table_b, "table_c": _table_c, "legacy": _legacy}[block.kind](report)
    out += ["</main>", "</body>", "</html>"]
    return "\n".join(out) + "\n"


def _table_a(r: AnnualReport) -> list[str]:
    out = []
    for caption, specs in a_groups(r):
        spans = a_spans(len(specs[0].columns))
        head = "".join(_cell("th", c.label, colspan=n, scope="col") for c, n in zip(specs[0].columns, spans))
        out += ["<table>", f"<caption>{escape(caption)}</caption>",
                f"<thead><tr>{_cell('th', TABLE_A_HEADER, scope='col')}{head}</tr></thead>", "<tbody>"]
        for spec in specs:
            cells = "".join(_cell("td", cell_text(r.table_a[spec.key].get(c.key)), colspan=n, cls="n")
                            for c, n in zip(spec.columns, spans))
            out.append(f"<tr>{_cell('th', spec.label, scope='row', cls='l')}{cells}</tr>")
        out.append("</tbody></table>")
    return out


def _table_b(r: AnnualReport) -> list[str]:
    cols = [c.label for c in TABLE_B_COLUMNS]
    out = ["<table>", "<thead>",
           "<tr>" + _cell("th", TABLE_B_NOTE, rowspan=3, colspan=3) + _cell("th", TABLE_B_APPLICANT_GROUP, colspan=7,
                                                                              scope="colgroup") + "</tr>",
           "<tr>" + _cell("th", cols[0], rowspan=2, scope="col") + _cell("th", TABLE_B_LEGAL_GROUP, colspan=5,
                                                                          scope="colgroup")
           + _cell("th", cols[6], rowspan=2, scope="col") + "</tr>",
           "<tr>" + "".join(_cell("th", c, scope="col") for c in cols[1:6]) + "</tr>", "</thead>", "<tbody>"]
    rows = b_rows(r)
    seen1, seen2 = set(), set()
    for spec, label, level2 in rows:
        cells = ""
        if not spec.level1:
            cells += _cell("th", label, colspan=3, scope="row", cls="l")
        else:
            if spec.level1 not in seen1:
                seen1.add(spec.level1)
                cells += _cell("th", spec.level1, rowspan=sum(1 for s, _, _ in rows if s.level1 == spec.level1),
                               scope="rowgroup")
            if level2:
                if level2 not in seen2:
                    seen2.add(level2)
                    cells += _cell("th", level2, rowspan=sum(1 for _, _, l2 in rows if l2 == level2), scope="rowgroup")
                cells += _cell("th", label, scope="row", cls="l")
            else:
                cells += _cell("th", label, colspan=2, scope="row", cls="l")
        cells += "".join(_cell("td", cell_text(v), cls="n") for v in r.table_b[spec.key])
        out.append(f"<tr>{cells}</tr>")
    out += ["</tbody>", "</table>"]
    return out


def _table_c(r: AnnualReport) -> list[str]:
    review, direct, after = (g.label for g in TABLE_C_GROUPS)
    outcomes = [o.label for o in TABLE_C_OUTCOMES]
    return ["<table>", "<thead>",
            "<tr>" + _cell("th", review, colspan=5, scope="colgroup") + _cell("th", TABLE_C_LITIGATION, colspan=10,
                                                                               scope="colgroup") + "</tr>",
            "<tr>" + "".join(_cell("th", o, rowspan=2, scope="col") for o in outcomes)
            + _cell("th", direct, colspan=5, scope="colgroup") + _cell("th", after, colspan=5, scope="colgroup") + "</tr>",
            "<tr>" + "".join(_cell("th", o, scope="col") for o in outcomes * 2) + "</tr>", "</thead>",
            "<tbody><tr>" + "".join(_cell("td", cell_text(v), cls="n") for v in r.table_c or []) + "</tr></tbody>",
            "</table>"]


def _legacy(r: AnnualReport) -> list[str]:
    out = ["<table>", f"<caption>{LEGACY_TITLE}（{r.year}年度）填报单位：{escape(r.agency or '')}</caption>",
           "<thead><tr>" + "".join(_cell("th", h, scope="col") for h in ("统计指标", "单位", "统计数")) + "</tr></thead>",
           "<tbody>"]
    for item in r.legacy or []:
        out.append("<tr>" + _cell("th", legacy_label_of(item), scope="row", cls="l")
                   + _cell("td", item.unit or "——") + _cell("td", cell_text(item.value), cls="n") + "</tr>")
    out += ["</tbody>", "</table>"]
    return out
