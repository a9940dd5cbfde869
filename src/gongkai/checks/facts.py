"""Format version, labels, and the facts a report states about itself: year,
period, agency, 信息处理费, plausibility, publication date."""

from __future__ import annotations

from ..report.agency import publication_deadline, region_of
from ..report.catalog import bare, fold
from ..report.formats import FORMATS, CellRef, format_for_year
from ..report.model import AnnualReport
from . import evidence as ev
from .rules import NOTICE, Finding


def expected_version(year: int) -> str:
    return format_for_year(year).name


def check(report: AnnualReport, previous: AnnualReport | None = None) -> list[Finding]:
    return (_version(report) + _labels(report) + _year(report) + _agency(report) + _fees(report)
            + _regulations(report) + _published(report))


def _meta(r: AnnualReport, key: str) -> list[dict]:
    src = r.meta_sources.get(key)
    return [ev.line(src.line, src.text)] if src else []


def _version(r: AnnualReport) -> list[Finding]:
    if r.year is None or r.format_version is None:
        return []
    want = format_for_year(r.year)
    if r.format_version == want.name:
        return []
    return [Finding("FORMAT-VERSION", f"{r.year} 年度报告使用了{r.format.title}，"
                    f"应使用{want.title}（{want.notice}）", evidence=_meta(r, "year"))]


def _labels(r: AnnualReport) -> list[Finding]:
    fmt = r.format
    out = []
    for p in r.problems:
        if p.code == "label_variant" and (p.path or "").startswith("table_b."):
            key = p.path.split(".")[1]
            printed = r.labels.get(p.path, "")
            out.append(Finding("NONSTANDARD-LABEL", f"表二行名“{printed}”应为“{fmt.label('B', key)}”", table="B", row=key,
                               evidence=[ev.line(p.line, printed)]))
    if not r.table_a or r.format_version not in FORMATS or not r.format.table_a:
        return out
    headers = fold(r.labels.get("table_a.headers", ""))
    seen = set()
    for spec in r.format.table_a:
        for col in spec.columns:
            if col.key in seen or fold(col.label) in headers:
                continue
            seen.add(col.key)
            printed = next((a for a in col.aliases if fold(a) in headers), None)
            if printed:
                out.append(Finding("NONSTANDARD-LABEL", f"表一表头“{printed}”应为“{col.label}”", table="A",
                                   column=col.key))
        printed = r.labels.get(f"table_a.{spec.key}")
        if printed and bare(printed) != bare(spec.label):
            first = r.value_at(CellRef("A", spec.key, spec.columns[0].key).path)
            line = first.source.line if first is not None and first.source else None
            out.append(Finding("NONSTANDARD-LABEL", f"表一行名“{printed}”应为“{spec.label}”", table="A", row=spec.key,
                               evidence=[ev.line(line, printed)]))
    return out


def _year(r: AnnualReport) -> list[Finding]:
    out = []
    if r.period is None or r.year is None:
        return out
    start, end = r.period
    if int(start[:4]) != r.year or int(end[:4]) != r.year:
        out.append(Finding("YEAR-MISMATCH", f"标题为 {r.year} 年度，统计期限为 {start} 至 {end}",
                           evidence=_meta(r, "year") + _meta(r, "period")))
    elif start[5:] != "01-01" or end[5:] != "12-31":
        out.append(Finding("PERIOD", f"统计期限为 {start} 至 {end}，应为 {r.year}-01-01 至 {r.year}-12-31",
                           evidence=_meta(r, "period")))
    return out


def _agency(r: AnnualReport) -> list[Finding]:
    out = []
    if r.agency and "title" not in r.labels:
        out.append(Finding("TITLE", f"报告开头没有独立成行的标题，机关名称和年度取自正文“{r.agency}{r.year}年度…”",
                           evidence=_meta(r, "agency")))
    for p in r.problems:
        if p.code == "agency_incomplete":
            out.append(Finding("AGENCY-NAME", f"机关名称“{r.agency}”缺少所属行政区划，无法确定是哪一级哪个地方的机关",
                               evidence=_meta(r, "agency")))
        if p.code == "agency_missing":
            out.append(Finding("AGENCY-NAME", "报告标题中没有机关名称"))
    return out


def _fees(r: AnnualReport) -> list[Finding]:
    out = []
    fee = next((f for f in r.figures if f.kind == "processing_fee_yuan" and f.value), None)
    amount = r.a("fees", "amount_10k_yuan")
    if fee is not None and amount is not None and amount == fee.value:
        out.append(Finding("FEE-CONFUSION", f"表一“行政事业性收费”为 {ev.number(amount)} 万元，与正文信息处理费 "
                           f"{ev.number(fee.value)} 元数字相同，疑将信息处理费（元）填入行政事业性收费（万元）",
                           table="A", row="fees", column="amount_10k_yuan",
                           evidence=[ev.cell(r, "table_a.fees.amount_10k_yuan"), ev.line(fee.line, fee.text)]))
    if r.year is None or r.year < 2021 or not r.format.table_b:
        return out  # the 办法 took effect in 2021
    lines = [(line, text) for line, text in r.prose if "信息处理费" in text or "收费通知" in text]
    if not lines:
        out.append(Finding("FEE-STATEMENT", "报告未说明信息处理费收取情况（应在“六、其他需要报告的事项”中说明）"))
        return out
    other = r.section("other")
    if other is not None and not any(other.start_line <= line <= other.end_line for line, _ in lines):
        out.append(Finding("FEE-STATEMENT", "信息处理费收取情况未在“六、其他需要报告的事项”中报告",
                           severity=NOTICE, evidence=[ev.line(line, _excerpt(text, "信息处理费")) for line, text in lines[:3]]))
    return out


def _excerpt(text: str, word: str, before: int = 12, after: int = 24) -> str:
    i = max(text.find(word), 0)
    return ("…" if i > before else "") + text[max(0, i - before):i + after] + ("…" if i + after < len(text) else "")


_LOCAL_LEVELS = ("县", "区", "旗", "镇", "乡", "街道")


def _regulations(r: AnnualReport) -> list[Finding]:
    row = (r.table_a or {}).get("regulations")
    if not row or not r.agency:
        return []
    values = {k: v.value for k, v in row.items() if v.value}
    region = region_of(r.agency) or ""
    local = region.endswith(_LOCAL_LEVELS) or any(w in r.agency for w in ("镇", "乡", "街道"))
    if not values or not local:
        return []
    return [Finding("REGULATIONS-PLAUSIBLE", f"“{r.agency}”为县乡级机关，无权制定规章，但表一“规章”行填有数字",
                    table="A", row="regulations",
                    evidence=[ev.cell(r, f"table_a.regulations.{k}") for k in values])]


def _published(r: AnnualReport) -> list[Finding]:
    if not r.published or r.year is None:
        return []
    deadline = publication_deadline(r.agency, r.year).isoformat()
    if r.published <= deadline:
        return []
    return [Finding("PUBLISHED-LATE", f"发布日期 {r.published} 晚于法定期限 {deadline}", evidence=_meta(r, "published"))]
