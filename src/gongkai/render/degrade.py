"""Generated reports as real agencies and crawlers publish them: the classes of
variation seen in real files, applied to a rendered sample report.

`degrade(report, kind, rng)` gives the published form (text, or HTML bytes) and the
model a perfect reader would read from it (the same as the report, except where the
degradation changes what is printed: a row dropped, the 2019 single row （六）其他处理,
fees with six decimals). For the tests (property: every cell the reader does not flag
equals the expected one) and for `bench/degrade.py` (share exact / flagged / wrong per
class). The sample generator alone writes text no agency wrote.
"""

from __future__ import annotations

import copy
import json
import random
import re
from dataclasses import dataclass

from ..report.catalog import LEGACY_ROWS, SINGLE_OTHER_ROW, TABLE_B_COLUMNS, TABLE_B_OTHER_2019_LABEL, TABLE_B_ROWS
from ..report.formats import B_WIDTH
from ..report.model import AnnualReport, LegacyItem, Value
from ..report.sample import sample_report
from .html import render_html
from .layout import legacy_label_of
from .text import TextStyle, render_text

# the classes of the reader issue, by family
CLASSES = {
    "typos": "label variants", "numbering": "label variants", "spaced_labels": "label variants",
    "a_headers": "label variants",
    "single_other": "row structure", "missing_row": "row structure", "subtotal_row": "row structure",
    "fee_decimals": "row structure",
    "one_line": "crawler text", "glued": "crawler text", "irregular_c": "crawler text", "navigation": "crawler text",
    "legacy_glued": "crawler text",
    "html_editor": "web pages", "html_js": "web pages", "html_2019": "web pages",
    "pdf_breaks": "PDF text",
}
KINDS = tuple(CLASSES)


@dataclass
class Degraded:
    kind: str
    data: str | bytes
    expected: AnnualReport


def _v(n) -> Value:
    return Value(n, str(n))


def sample_for(kind: str, seed: int) -> AnnualReport:
    """A sample report of the version the degradation applies to."""
    rng = random.Random(seed)
    version = {"html_2019": "2019", "legacy_glued": "legacy"}.get(kind) or rng.choice(("2021", "2021", "2021", "2019"))
    if kind in ("single_other", "fee_decimals", "a_headers"):
        version = "2021"
    return sample_report(rng, version)


def degrade(report: AnnualReport, kind: str, rng: random.Random) -> Degraded:
    expected = copy.deepcopy(report)
    return Degraded(kind, _KINDS[kind](report, expected, rng), expected)


# --- helpers -------------------------------------------------------------------

_B_LABELS = [r.label for r in TABLE_B_ROWS]
_NAVIGATION = ("首页 > 政务公开 > 政府信息公开年报", "当前位置：首页 > 信息公开 > 年度报告", "【字体：大 中 小】 打印本页 关闭窗口",
               "网站地图 | 联系我们 | 网站声明", "主办单位：人民政府办公室 备案号：ICP备12345678号", "扫一扫在手机打开当前页")


def _plain(report: AnnualReport) -> str:
    return render_text(report, TextStyle(shape="plain"))


def _table_lines(text: str) -> set[int]:
    """Indexes of the lines of the three tables in a plain rendering."""
    lines = text.split("\n")
    inside, out = False, set()
    for i, line in enumerate(lines):
        if line.startswith(("二、主动公开", "第二十条第", "三、收到和处理", "四、政府信息公开行政复议", "统计指标")):
            inside = True
        if line.startswith(("五、", "三、存在")):
            inside = False
        if inside and line.strip():
            out.add(i)
    return out


def _typo(label: str, rng: random.Random) -> str:
    m = re.match(r"^((?:\d\.|（[一二三四五六七]）|[一二三四]、)?)(.*)$", label)
    prefix, body = m.group(1), m.group(2)
    if len(body) < 6:
        return label
    i = rng.randrange(1, len(body) - 1)
    return prefix + (body[:i] + body[i + 1:] if rng.random() < 0.6 else body[:i] + "止" + body[i + 1:])


# --- the classes ---------------------------------------------------------------

def _typos(r, expected, rng) -> str:
    text = _plain(r)
    for label in rng.sample(_B_LABELS, 3):
        text = text.replace(label + " ", _typo(label, rng) + " ", 1)
    return text


def _numbering(r, expected, rng) -> str:
    text = _plain(r)
    style = rng.choice(("、", "．", ". ", None))  # None: no number at all
    text = re.sub(r"(?m)^(\d)\.(?=\S)", lambda m: "" if style is None else m.group(1) + style, text)
    if rng.random() < 0.5:
        text = text.replace("（", "(").replace("）", ")")
    return text


def _spaced(r, expected, rng) -> str:
    text = _plain(r)
    for word in ("社会公益组织", "法律服务机构", "本年度办理结果", "不予公开", "本机关不掌握相关政府信息", "重复申请"):
        if rng.random() < 0.7:
            k = rng.randrange(1, len(word))
            text = text.replace(word, word[:k] + " " + word[k:], 1)
    return text


def _a_headers(r, expected, rng) -> str:
    text = _plain(r)
    return text.replace("本年废止件数", rng.choice(("本年度止件数", "本年废止数"))).replace(
        "本年制发件数", rng.choice(("本年制发数", "本年制发件数")))


def _single_other(r, expected, rng) -> str:
    """A 2021 report that keeps the 2019 single row （六）其他处理."""
    b = expected.table_b
    keys = ("other_overdue_correction", "other_overdue_fee", "other_other")
    total = [sum(b[k][i].value for k in keys) for i in range(B_WIDTH)]
    b["other_other"] = [_v(n) for n in total]
    b["other_overdue_correction"] = b["other_overdue_fee"] = None
    expected.labels[SINGLE_OTHER_ROW] = TABLE_B_OTHER_2019_LABEL
    return _plain(expected)


def _missing_row(r, expected, rng) -> str:
    key = rng.choice([s.key for s in TABLE_B_ROWS if s.level2 and expected.table_b.get(s.key) is not None])
    expected.table_b[key] = None
    return _plain(expected)


def _subtotal_row(r, expected, rng) -> str:
    text = _plain(r)
    lines = text.split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("8.属于行政查询事项"))
    lines.insert(at + 1, "小计 " + " ".join("0" for _ in range(B_WIDTH)))
    return "\n".join(lines)


def _fee_decimals(r, expected, rng) -> str:
    expected.table_a["fees"]["amount_10k_yuan"] = _v(round(rng.uniform(100, 9999), 6))
    return _plain(expected)


def _join_tables(text: str, sep: str) -> str:
    lines = text.split("\n")
    table = _table_lines(text)
    out, run = [], []
    for i, line in enumerate(lines):
        if i in table:
            run.append(line)
            continue
        if run:
            out.append(sep.join(run))
            run = []
        out.append(line)
    if run:
        out.append(sep.join(run))
    return "\n".join(out)


def _glue_values(line: str) -> str:
    """A crawler's flattened table row: every cell run together."""
    return re.sub(r"(?<=[\d/])\s+(?=[\d/])|(?<=[^\s\d])\s+(?=\d)", "", line)


def _one_line(r, expected, rng) -> str:
    text = _plain(r)
    sep = rng.choice((" ", ""))
    return sep.join(line.strip() for line in text.split("\n") if line.strip()) + "\n"


def _glued(r, expected, rng) -> str:
    text = _plain(r)
    table = _table_lines(text)
    lines = [(_glue_values(line) if i in table else line) for i, line in enumerate(text.split("\n"))]
    text = _join_tables("\n".join(lines), "")
    if rng.random() < 0.5:
        text = " ".join(line for line in text.split("\n") if line.strip()) + "\n"
    return text


def _irregular_c(r, expected, rng) -> str:
    text = _plain(r)
    lines = text.split("\n")
    at = max(i for i, line in enumerate(lines) if re.fullmatch(r"[\d ]+", line.strip() or "x"))
    values = lines[at].split()
    out = ""
    for v in values:
        out += v + (" " if rng.random() < 0.5 else "")
    lines[at] = " " + out
    return "\n".join(lines)


def _navigation(r, expected, rng) -> str:
    text = _plain(r)
    head = rng.sample(_NAVIGATION, 3)
    tail = rng.sample(_NAVIGATION, 2)
    return "\n".join(head) + "\n" + text + "\n".join(tail) + "\n"


def _legacy_glued(r, expected, rng) -> str:
    """The old 统计表 with a 历年累计 column, flattened by a crawler:
    "主动公开政府信息数条18535395"."""
    items = expected.legacy or []
    cum: dict[str, int] = {}
    for item in items:
        if item.value.value is not None:
            cum[item.key] = item.value.value + rng.choice((0, rng.randint(1, 50), rng.randint(100, 6000)))
    for spec in LEGACY_ROWS:  # a 其中 item's total does not exceed its row's
        if spec.label.startswith("其中") and spec.parent in cum and spec.key in cum:
            cum[spec.key] = min(cum[spec.key], max(cum[spec.parent], values_of(items)[spec.key]))
    for spec in reversed(LEGACY_ROWS):  # totals are the sums of their items, deepest first
        if spec.sums_children and spec.key in cum:
            cum[spec.key] = sum(cum.get(c.key) or 0 for c in LEGACY_ROWS if c.parent == spec.key)
    for item in items:
        item.cumulative = _v(cum[item.key]) if item.key in cum else Value(None, None)
    text = _plain(r)
    head, _, _ = text.partition("统计指标")
    body = f"指标名称计量单位{r.year}年度历年累计"
    for item in items:
        label = legacy_label_of(item)
        if item.value.value is None:
            body += label + "——"
        else:
            body += f"{label}{item.unit}{item.value.value}{item.cumulative.value}"
    return head + body + "\n"


def values_of(items) -> dict:
    return {it.key: it.value.value for it in items}


def _editor_cells(html: str, rng: random.Random) -> str:
    """A web editor's table: each cell's text in one or several <p>, values padded with
    &nbsp;, header words split over two <p>."""
    def value(m):
        pad = "&nbsp;" * rng.randint(0, 2)
        return f"<td{m.group(1)}><p>{pad}{m.group(2)}{pad}</p></td>"

    def header(m):
        text = m.group(2)
        if len(text) >= 4 and rng.random() < 0.6:
            k = len(text) // 2
            return f"<th{m.group(1)}><p>{text[:k]}</p><p>{text[k:]}</p></th>"
        return f"<th{m.group(1)}><p>{text}</p></th>"

    html = re.sub(r"<td([^>]*)>([^<]*)</td>", value, html)
    return re.sub(r"<th([^>]*)>([^<]*)</th>", header, html)


def _html_editor(r, expected, rng) -> bytes:
    return _editor_cells(render_html(r), rng).encode("utf-8")


def _html_js(r, expected, rng) -> bytes:
    page = render_html(r)
    body = page[page.index("<body>") + 6:page.rindex("</body>")]
    literal = json.dumps(body, ensure_ascii=rng.random() < 0.5)
    nav = "".join(f"<div class=\"nav\">{n}</div>" for n in rng.sample(_NAVIGATION, 2))
    return (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{r.agency}</title></head><body>{nav}"
            f"<div id=\"content\"></div><script>var content = {literal};"
            f"document.getElementById('content').innerHTML = content;</script></body></html>").encode("utf-8")


def _html_2019(r, expected, rng) -> bytes:
    return _editor_cells(render_html(r), rng).encode("utf-8")


def _pdf_breaks(r, expected, rng) -> str:
    """Text copied from a PDF whose table B runs over a page break: a page number among
    the rows, the header repeated on the new page or not."""
    style = TextStyle(shape="pdf", width=rng.randint(20, 40), double_spaced=rng.random() < 0.5,
                      vertical_headers=True)
    text = render_text(r, style)
    lines = text.split("\n")
    rows = [i for i, line in enumerate(lines) if re.search(r"(?:\s\d+){7}\s*$", line)]
    if len(rows) > 4:
        at = rng.choice(rows[2:-2]) + 1
        insert = ["", f"— {rng.randint(2, 9)} —", ""]
        if rng.random() < 0.5:
            insert += ["申请人情况", " ".join(c.label for c in TABLE_B_COLUMNS)]
        lines[at:at] = insert
    return "\n".join(lines)


_KINDS = {
    "typos": _typos, "numbering": _numbering, "spaced_labels": _spaced, "a_headers": _a_headers,
    "single_other": _single_other, "missing_row": _missing_row, "subtotal_row": _subtotal_row,
    "fee_decimals": _fee_decimals, "one_line": _one_line, "glued": _glued, "irregular_c": _irregular_c,
    "navigation": _navigation, "legacy_glued": _legacy_glued, "html_editor": _html_editor, "html_js": _html_js,
    "html_2019": _html_2019, "pdf_breaks": _pdf_breaks,
}


def compare(got: AnnualReport, want: AnnualReport) -> tuple[int, int, int, list[str]]:
    """(exact, flagged, wrong, the wrong cells) over every cell of `want`. A cell is
    flagged when the reader left it blank and said it could not read it (ambiguous,
    or its row or table reported unread)."""
    exact = flagged = wrong = 0
    misses: list[str] = []
    got_cells = dict(got.cells())
    if want.legacy is not None:
        by_key = {it.key: it for it in got.legacy or () if it.key}
        want_cells = []
        for it in want.legacy:
            if it.key is None or it.value.value is None and it.unit is None:
                continue
            g = by_key.get(it.key)
            want_cells.append((f"legacy:{it.key}.value", it.value, g.value if g else None))
            if it.cumulative is not None and it.cumulative.value is not None:
                want_cells.append((f"legacy:{it.key}.cumulative", it.cumulative, g.cumulative if g else None))
    else:
        want_cells = [(path, v, got_cells.get(path)) for path, v in want.cells()]
    unread_rows = {p.path for p in got.problems if p.code in ("missing_row", "missing_table", "value_count",
                                                             "ambiguous_digits")}
    for path, v, g in want_cells:
        if v.value is None:
            continue  # printed blank: nothing to read
        if g is not None and g.value is not None and abs(g.value - v.value) < 1e-9:
            exact += 1
        elif g is None or g.value is None:
            row = path.rsplit(".", 1)[0]
            said = g is not None and g.ambiguous or row in unread_rows or path.split(".")[0] in unread_rows
            if said or g is None:
                flagged += 1
            else:
                wrong += 1
                misses.append(f"{path}: left blank without a word, printed {v.value}")
        else:
            wrong += 1
            misses.append(f"{path}: read {g.value}, printed {v.value}")
    return exact, flagged, wrong, misses


__all__ = ["CLASSES", "KINDS", "Degraded", "degrade", "sample_for", "compare", "LegacyItem"]
