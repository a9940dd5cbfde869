"""AnnualReport → a self-contained, accessible HTML page: real <table>s with
<th scope>, rowspan/colspan as in the statutory format, no external assets — ready
to paste into a government site's CMS."""

from __future__ import annotations

from html import escape

from ..report.catalog import LEGACY_TITLE
from ..report.model import AnnualReport
from . import grid
from .grid import Grid
from .layout import blocks

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
            out += _TABLES[block.kind](report)
    out += ["</main>", "</body>", "</html>"]
    return "\n".join(out) + "\n"


def _grid(g: Grid, caption: str = "") -> list[str]:
    """A statutory table as laid out in `grid`: header rows in <thead>, each header cell
    a <th> with its scope, merged cells with their spans."""
    def row(cells) -> str:
        return "<tr>" + "".join(
            _cell("th", c.text, c.rowspan, c.colspan, c.scope, "l" if c.kind == "label" else None) if c.header
            else _cell("td", c.text, c.rowspan, c.colspan, cls="n" if c.kind == "value" else None)
            for c in cells) + "</tr>"

    out = ["<table>"] + ([f"<caption>{escape(caption)}</caption>"] if caption else [])
    if g.head:
        out += ["<thead>"] + [row(r) for r in g.head_rows] + ["</thead>"]
    return out + ["<tbody>"] + [row(r) for r in g.body_rows] + ["</tbody>", "</table>"]


_TABLES = {"table_a": lambda r: _grid(grid.table_a(r)), "table_b": lambda r: _grid(grid.table_b(r)),
           "table_c": lambda r: _grid(grid.table_c(r)),
           "legacy": lambda r: _grid(grid.legacy(r), f"{LEGACY_TITLE}（{r.year}年度）填报单位：{r.agency or ''}")}
