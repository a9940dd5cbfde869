"""The authoring file: a YAML file, commented in Chinese, that a disclosure office
fills in to write its report — every section of its year's format (2021, or the 2019
format for 2019 and 2020) with guidance on what it must cover (条例 第五十条), and the
three tables with every cell.

`new_authoring()` writes one (carrying over from last year's report what should
carry); `read_authoring()` turns a filled one into the model.
"""

from __future__ import annotations

import datetime
import json
import math
import re
from typing import Any

import yaml

from .catalog import (
    CONTACT_FIELDS,
    FORMAT_LEGACY,
    SECTION_BY_KEY,
    SECTIONS,
    TABLE_B_COLUMNS,
    TABLE_C_GROUPS,
    TABLE_C_OUTCOMES,
    TABLE_SECTIONS,
    fold,
)
from .formats import B_WIDTH, DEFAULT, FORMATS, FormatVersion, format_for_year
from .model import AnnualReport, Source, Value, number_text

MARK = "gongkai 年报编写文件"

_GUIDE = {
    "overview": "条例第五十条：概述本年度主动公开、依申请公开、政府信息管理、政府信息公开平台建设、监督保障等工作情况；"
                "人民政府还应报告工作考核、社会评议和责任追究结果情况。建议按（一）至（五）分段。",
    "problems": "如实写明本年度政府信息公开工作存在的主要问题，以及上年度问题的整改情况和下一步改进措施。不要照抄上年内容。",
    "other": "应说明依据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）收取信息处理费的情况"
             "（未收取的写明“未收取”），以及其他需要报告的事项。",
}
_CONTACT = tuple((k, name) for k, name in CONTACT_FIELDS if k != "fax")
_C_KEYS = [g.label for g in TABLE_C_GROUPS]
A_KEY, B_KEY, C_KEY = (SECTION_BY_KEY[TABLE_SECTIONS[t]].title for t in "ABC")  # the tables' keys: their sections


def _q(text: str) -> str:
    """`text` as one YAML scalar, whatever it holds (quotes, new lines, a colon)."""
    return json.dumps(text, ensure_ascii=False)


def _n(v) -> str:
    return "~" if v is None else number_text(v)


def _block(text: str, indent: str = "  ") -> str:
    lines = (text or "").split("\n")
    return "|\n" + "\n".join(indent + line for line in lines) + "\n"


def new_authoring(agency: str, year: int, previous: AnnualReport | None = None,
                  start: AnnualReport | None = None) -> str:
    """The text of an authoring file for `agency`'s report on `year`: carrying over from
    last year's report what should carry (`previous`), or starting from this year's
    report compiled from the register (`start`: every cell, its texts and contact)."""
    fmt = format_for_year(year)
    if fmt.name == FORMAT_LEGACY:
        raise AuthoringError(f"{year} 年的年报是 2019 年以前的统计表格式，不再按编写文件撰写（no authoring before 2019）")
    contact = dict((start or previous).contact) if (start or previous) is not None else {}
    texts = start.texts if start is not None else {}
    out = [
        "# ==================================================================",
        f"# {' '.join(agency.split())} {year}年度政府信息公开工作年度报告 —— 编写文件（{MARK}）",  # one comment line
        f"# 按{fmt.title}（{fmt.notice}）编写。填写说明：",
        "#   · 数字填阿拉伯数字；没有的填 0，不要留空；“~”表示尚未填写；",
        "#   · 文字部分写在“|”下面，每段一行，保持两个空格的缩进；",
        "#   · 填好后运行：gongkai check 本文件 检查，gongkai render 本文件 --to docx 生成正式文本。",
        "# ==================================================================",
        f"文件: {MARK}",
        f'格式: "{fmt.name}"',
        f"机关名称: {_q(agency)}    # 写规范全称，含所属行政区划，如“台州市科学技术局”",
        f"年度: {year}",
        f"发布日期: {start.published if start is not None and start.published else '~'}"
        f"    # 如 {year + 1}-01-20；县级以上人民政府部门应于 {year + 1} 年 1 月 31 日前发布（条例第四十九条）",
        "联系方式:",
    ]
    for key, name in _CONTACT:
        value = contact.get(key)
        out.append(f"  {name}: {_q(value) if value else '~'}")
    out += ["", "# 报告开头的说明：编制依据、统计期限、报告获取方式和联系方式。",
            "前言: " + _block(texts.get("intro") or
                            f"本报告根据《中华人民共和国政府信息公开条例》要求编制。报告中所列数据的统计期限自{year}年1月1日起"
                            f"至{year}年12月31日止。").rstrip()]
    for spec in SECTIONS:
        out += ["", f"# ---------- {spec.label} ----------"]
        if spec.key in _GUIDE:
            out.append(f"# {_GUIDE[spec.key]}")
            out.append(f"{spec.title}: " + _block(texts.get(spec.key) or "（在此填写）").rstrip())
        elif spec.key == "proactive":
            out += _table_a(fmt, previous, start)
        elif spec.key == "requests":
            out += _table_b(fmt, previous, start)
        else:
            out += _table_c(start)
    return "\n".join(out) + "\n"


def _table_a(fmt: FormatVersion, previous: AnnualReport | None, start: AnnualReport | None = None) -> list[str]:
    items = "".join(dict.fromkeys(spec.caption.removeprefix("第二十条第").removesuffix("项") for spec in fmt.table_a))
    fee = "行政事业性收费金额单位为万元（不是信息处理费）。" if fmt.name == DEFAULT.name else "本年增/减可为负数。"
    out = [f"# 表一：第二十条第{items}项。{fee}", f"{A_KEY}:"]
    for spec in fmt.table_a:
        cells = []
        note = ""
        for col in spec.columns:
            value = start.a(spec.key, col.key) if start is not None and start.table_a else None
            if col.key == "in_force" and previous is not None and start is None:
                value = previous.a(spec.key, "in_force")
                if value is not None:
                    note = f"    # 上年为 {_n(value)}：现行有效件数 = 上年 + 本年制发 − 本年废止，请按本年情况调整"
            cells.append(f"{_q(col.label)}: {_n(value)}")
        out.append(f"  {_q(spec.label)}: {{{', '.join(cells)}}}{note}")
    return out


def _b_label(fmt: FormatVersion, spec) -> str:
    """A table B row's key in the authoring file: its label with its group, as the format prints it."""
    if spec.key in fmt.printed:
        return fmt.printed[spec.key]
    return spec.label if not spec.level2 else f"{spec.level2}{spec.label}"


def _table_b(fmt: FormatVersion, previous: AnnualReport | None, start: AnnualReport | None = None) -> list[str]:
    cols = "、".join(c.label for c in TABLE_B_COLUMNS)
    out = [f"# 表二：每行 {B_WIDTH} 个数，依次为 {cols}。",
           "# 勾稽关系：每一列 一 + 二 = 三（七）总计 + 四；总计 = 前六列之和；（七）总计 = 各项办理结果之和。",
           "# 部分公开只计入（二），不再计入其他情形。",
           f"{B_KEY}:"]
    carried = previous.b("carry_forward") if previous is not None else None
    for spec in fmt.table_b:
        values = carried if spec.key == "carried_over" and carried else [None] * B_WIDTH
        note = "    # 取自上年度报告“四、结转下年度继续办理”" if spec.key == "carried_over" and carried else ""
        if start is not None and start.table_b:
            values, note = start.b(spec.key) or [None] * B_WIDTH, ""
        label = _b_label(fmt, spec)
        out.append(f"  {_q(label)}: [{', '.join(_n(v) for v in values)}]{note}")
    return out


def _table_c(start: AnnualReport | None = None) -> list[str]:
    outcomes = "、".join(o.label for o in TABLE_C_OUTCOMES)
    out = [f"# 表三：每组 5 个数，依次为 {outcomes}；总计 = 前四项之和。",
           f"{C_KEY}:"]
    cells = [v.value for v in start.table_c] if start is not None and start.table_c else [None] * 15
    for g, name in enumerate(_C_KEYS):
        out.append(f"  {_q(name)}: [{', '.join(_n(v) for v in cells[g * 5:g * 5 + 5])}]")
    return out


class AuthoringError(ValueError):
    pass


def is_authoring(text: str) -> bool:
    return MARK in text[:2000]


LARGEST = 10**15  # no count or amount of a report comes near it


def _value(v: Any) -> Value:
    if v is None:
        return Value(None, "")
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        text = str(v).strip()
        try:
            n = float(text) if "." in text else int(text)
        except ValueError:
            return Value(None, text)
        v = n
    if not math.isfinite(v) or abs(v) >= LARGEST:
        raise AuthoringError(f"表格中的数字“{str(v)[:40]}”不是一个统计数（应为 0 到 {LARGEST:.0e} 之间的数）")
    return Value(v, _n(v))


class _Loader(yaml.SafeLoader):
    """YAML without anchors and aliases: an authoring file needs none, and aliases of
    aliases expand exponentially (a few lines can ask for gigabytes)."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(None, None, "编写文件不能使用 YAML 别名（*）", event.start_mark)
        return super().compose_node(parent, index)


def _positions(node, path: tuple = ()) -> dict[tuple, yaml.Node]:
    """Every node of the file by its path of keys and indexes (where each value is written)."""
    out = {path: node}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            out.update(_positions(value, path + (fold(str(key.value)),)))
    elif isinstance(node, yaml.SequenceNode):
        for i, value in enumerate(node.value):
            out.update(_positions(value, path + (i,)))
    return out


def _at(nodes: dict, path: tuple, value: Value) -> Value:
    """The value with its place in the YAML file: line (1-based) and column (0-based)."""
    node = nodes.get(tuple(fold(p) if isinstance(p, str) else p for p in path))
    if node is not None:
        value.source = Source(node.start_mark.line + 1, node.start_mark.column, value.raw or "~")
    return value


def _text_lines(nodes: dict, key: str, text: str, raw: list[str]) -> dict[str, Source]:
    """Where each paragraph of a text block is written: a block scalar's lines follow
    its "|" line in order (blank lines included)."""
    node = nodes.get((fold(key),))
    if node is None or not text:
        return {}
    first = node.start_mark.line + 2 if getattr(node, "style", None) in ("|", ">") else node.start_mark.line + 1
    out, k = {}, 0
    for i, line in enumerate(text.split("\n")):
        if line.strip():
            written = raw[first + i - 1] if first + i - 1 < len(raw) else ""
            out[str(k)] = Source(first + i, max(written.find(line.strip()), 0), line.strip())
            k += 1
    return out


FIRST_YEAR, LAST_YEAR = 2000, 2100  # the reports a file can be of
_WRITTEN_DATE = re.compile(r"^\s*(\d{4})\s*(?:年|-|/|\.)\s*(\d{1,2})\s*(?:月|-|/|\.)\s*(\d{1,2})\s*日?\s*$")


def published_date(value) -> str:
    """发布日期 as written (2024-01-20, 2024/01/20, 2024年1月20日, or a YAML date) → YYYY-MM-DD."""
    if isinstance(value, datetime.date):
        return value.isoformat()[:10]
    found = _WRITTEN_DATE.match(str(value))
    try:
        if found:
            return datetime.date(*map(int, found.groups())).isoformat()
    except ValueError:
        pass
    raise AuthoringError(f"“发布日期”应写作 2024-01-20 或 2024年1月20日，而不是“{value}”")


def read_authoring(text: str) -> AnnualReport:
    try:
        loader = _Loader(text)
        try:  # parsed once: the nodes give each value's place, the document its data
            root = loader.get_single_node()
            data = loader.construct_document(root) if root is not None else None
        finally:
            loader.dispose()
        nodes = _positions(root) if root is not None else {}
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"第 {mark.line + 1} 行" if mark else ""
        raise AuthoringError(f"编写文件格式错误{where}：{getattr(err, 'problem', err)}（YAML error）") from err
    if not isinstance(data, dict) or data.get("文件") != MARK:
        raise AuthoringError("不是 gongkai 年报编写文件（not an authoring file）")
    if "年度" not in data:
        raise AuthoringError("编写文件缺少“年度”")
    year = data["年度"]
    if isinstance(year, bool) or not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
        raise AuthoringError(f"“年度”应为 {FIRST_YEAR} 至 {LAST_YEAR} 之间的年份，而不是“{year}”")
    agency = data.get("机关名称")
    if agency is not None and not isinstance(agency, str):
        raise AuthoringError(f"“机关名称”应为文字，如“台州市科学技术局”，而不是“{agency}”")
    version = str(data.get("格式") or DEFAULT.name)
    if version not in FORMATS:
        raise AuthoringError(f"“格式”应为 {'、'.join(FORMATS)} 之一，而不是“{version}”")
    r = AnnualReport(format_version=version, agency=agency, year=year, period=(f"{year}-01-01", f"{year}-12-31"))
    if data.get("发布日期"):
        r.published = published_date(data["发布日期"])
    names = {name: key for key, name in _CONTACT}
    r.contact = {names[k]: str(v) for k, v in (data.get("联系方式") or {}).items() if k in names and v not in (None, "")}
    for key, name in (("agency", "机关名称"), ("year", "年度"), ("published", "发布日期")):
        if (fold(name),) in nodes:
            mark = nodes[(fold(name),)].start_mark
            r.meta_sources[key] = Source(mark.line + 1, mark.column, str(data.get(name)))
    r.texts = {"intro": (data.get("前言") or "").strip()}
    raw = text.split("\n")
    for key, line in _text_lines(nodes, "前言", data.get("前言") or "", raw).items():
        r.meta_sources[f"texts.intro.{key}"] = line
    for spec in SECTIONS:
        title = spec.title
        if isinstance(data.get(title), str):
            r.texts[spec.key] = data[title].strip()
            for key, line in _text_lines(nodes, title, data[title], raw).items():
                r.meta_sources[f"texts.{spec.key}.{key}"] = line
            mark = nodes[(fold(title),)].start_mark
            r.meta_sources[f"texts.{spec.key}"] = Source(mark.line + 1, 0, title)
    fmt = FORMATS[version]
    if fmt.name == FORMAT_LEGACY:
        raise AuthoringError("编写文件不用于 2019 年以前的统计表格式")
    r.table_a = {}
    rows_a = {fold(k): v for k, v in (data.get(A_KEY) or {}).items()}
    for spec in fmt.table_a:
        cells = rows_a.get(fold(spec.label))
        if isinstance(cells, dict):
            cells = {fold(k): v for k, v in cells.items()}
            r.table_a[spec.key] = {c.key: _at(nodes, (A_KEY, spec.label, c.label), _value(cells.get(fold(c.label))))
                                   for c in spec.columns}
    r.table_b = {}
    rows_b = {fold(k): v for k, v in (data.get(B_KEY) or {}).items()}
    for spec in fmt.table_b:
        label = _b_label(fmt, spec)
        values = rows_b.get(fold(label))
        if values is not None:
            if not isinstance(values, list) or len(values) != B_WIDTH:
                raise AuthoringError(f"表二“{spec.label}”应填 {B_WIDTH} 个数（[自然人, …, 总计]）")
            r.table_b[spec.key] = [_at(nodes, (B_KEY, label, i), _value(v)) for i, v in enumerate(values)]
        else:
            r.table_b[spec.key] = None
    groups = data.get(C_KEY) or {}
    cells: list[Value] = []
    for name in _C_KEYS:
        values = groups.get(name)
        if not isinstance(values, list) or len(values) != 5:
            raise AuthoringError(f"表三“{name}”应填 5 个数（结果维持、结果纠正、其他结果、尚未审结、总计）")
        cells += [_at(nodes, (C_KEY, name, i), _value(v)) for i, v in enumerate(values)]
    r.table_c = cells
    r.source = {"form": "authoring"}
    return r
