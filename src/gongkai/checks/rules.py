"""The catalog of rules an evaluator applies, and the findings they produce.

Each rule has a stable id, a default severity, a Chinese title with an English
gloss, and the legal or format basis it rests on. A finding names the rule, says
what is wrong in Chinese (with the values of both sides where there are two), and
quotes its evidence: the cells or lines and what was printed there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ERROR, WARNING, NOTICE = "error", "warning", "notice"
SEVERITY_RANK = {ERROR: 0, WARNING: 1, NOTICE: 2}
SEVERITY_ZH = {ERROR: "错误", WARNING: "警告", NOTICE: "提示"}


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    family: str
    title: str  # Chinese
    gloss: str  # English
    basis: str


_FORMAT = "国办公开办函〔2021〕30号《中华人民共和国政府信息公开工作年度报告格式》"
_ORDINANCE = "《中华人民共和国政府信息公开条例》"

RULES: dict[str, Rule] = {r.id: r for r in (
    # arithmetic identities (勾稽关系)
    Rule("B-BALANCE", ERROR, "arithmetic", "表二纵向勾稽关系不成立",
         "table B: new + carried over ≠ total handled + carried forward",
         f"{_FORMAT}表二注：第一项加第二项之和，等于第三项加第四项之和"),
    Rule("B-ROW-TOTAL", ERROR, "arithmetic", "表二总计列不等于各类申请人之和",
         "table B: the 总计 column is not the sum of the applicant columns",
         "表二“总计”= 自然人 + 法人或其他组织各类（商业企业、科研机构、社会公益组织、法律服务机构、其他）"),
    Rule("B-RESULTS-TOTAL", ERROR, "arithmetic", "表二（七）总计不等于各项办理结果之和",
         "table B: （七）总计 is not the sum of the results",
         "表二“三、本年度办理结果”中（七）总计 =（一）至（六）各项之和"),
    Rule("C-TOTAL", ERROR, "arithmetic", "表三总计不等于各项结果之和",
         "table C: 总计 ≠ 结果维持 + 结果纠正 + 其他结果 + 尚未审结",
         "表三行政复议、行政诉讼各组“总计”= 结果维持 + 结果纠正 + 其他结果 + 尚未审结"),
    Rule("LEGACY-SUM", ERROR, "arithmetic", "统计表合计数不等于分项之和",
         "statistical table: a total is not the sum of its items",
         "国办发〔2014〕32号 政府信息公开情况统计表"),
    Rule("NOT-A-COUNT", ERROR, "arithmetic", "件数应为非负整数",
         "a count must be a non-negative whole number", f"{_FORMAT}表一至表三（收费金额除外）"),
    Rule("NEGATIVE-AMOUNT", ERROR, "arithmetic", "金额不能为负数", "an amount cannot be negative",
         f"{_FORMAT}表一第二十条第（八）项“本年收费金额（单位：万元）”：本年实际收取的金额"),
    # completeness
    Rule("BLANK-CELL", ERROR, "completeness", "应填数字的单元格为空白或“/”",
         "a cell that needs a number is blank or '/'", f"{_FORMAT}：无数据应填 0，不应留空"),
    Rule("LEGACY-BLANK", WARNING, "completeness", "统计表应填数字的单元格为空白或“/”",
         "a cell of the statistical table is blank or '/'", "国办发〔2014〕32号 政府信息公开情况统计表"),
    Rule("MISSING-TABLE", ERROR, "completeness", "缺少统计表格", "a statutory table is missing", _FORMAT),
    Rule("MISSING-ROW", ERROR, "completeness", "表格缺少法定行", "a row of the statutory table is missing", _FORMAT),
    Rule("EXTRA-ROW", WARNING, "completeness", "表格有格式之外的行", "a row the format does not have", _FORMAT),
    Rule("EXTRA-COLUMN", WARNING, "completeness", "表格有格式之外的列", "a column the format does not have", _FORMAT),
    Rule("MISSING-SECTION", ERROR, "completeness", "缺少法定部分", "one of the six sections is missing",
         f"{_ORDINANCE}第五十条；{_FORMAT}（六个部分）"),
    Rule("EXTRA-SECTION", WARNING, "completeness", "有格式之外的部分", "a section the format does not have",
         f"{_FORMAT}（六个部分）"),
    Rule("SECTION-NUMBER", WARNING, "completeness", "部分编号与格式不符", "a section is numbered wrongly",
         f"{_FORMAT}（一、总体情况 …… 六、其他需要报告的事项）"),
    Rule("SECTION-ORDER", WARNING, "completeness", "部分顺序与格式不符", "sections out of order", _FORMAT),
    Rule("EMPTY-SECTION", ERROR, "completeness", "法定部分没有正文", "a section the report must write is empty",
         f"{_ORDINANCE}第五十条；{_FORMAT}（总体情况、存在的主要问题及改进情况、其他需要报告的事项须如实撰写）"),
    Rule("PLACEHOLDER-TEXT", ERROR, "completeness", "正文仍是待填写的提示", "placeholder text left in a section",
         "年报正文须由编制机关如实撰写，不能保留模板提示"),
    Rule("NO-SUBSTANCE", WARNING, "completeness", "法定部分只有一句“无”", "a part the report must write says nothing",
         f"{_ORDINANCE}第五十条；{_FORMAT}（存在的主要问题及改进情况须如实撰写，不能以“无”代替）"),
    Rule("CONTACT", WARNING, "completeness", "未写明联系方式", "no contact details",
         f"{_FORMAT}引言：如对本年报有疑问，请与××联系（地址、邮编、电话、传真、电子邮箱）"),
    Rule("NUMBERING-STYLE", NOTICE, "completeness", "标题编号样式不统一", "headings numbered in mixed styles",
         "党政机关公文格式 GB/T 9704：结构层次序数依次用“一、”“（一）”“1.”“（1）”"),
    # format
    Rule("FORMAT-VERSION", ERROR, "format", "年报格式版本与年度不符", "the format version does not match the year",
         "2019、2020 年度用国办公开办函〔2019〕60号格式；2021 年度起用国办公开办函〔2021〕30号格式"),
    Rule("NONSTANDARD-LABEL", WARNING, "format", "表格标签与法定格式不一致", "a table label differs from the format",
         _FORMAT),
    # facts
    Rule("YEAR-MISMATCH", ERROR, "facts", "报告年度前后不一致", "the report year is inconsistent",
         "年报标题、统计期限应为同一年度"),
    Rule("PERIOD", ERROR, "facts", "统计期限不是报告年度的 1 月 1 日至 12 月 31 日",
         "the statistical period is not the calendar year", "年报统计期限为报告年度 1 月 1 日至 12 月 31 日"),
    Rule("TITLE", NOTICE, "facts", "没有独立成行的报告标题", "no title line",
         "年报标题应为“××（机关）××年度政府信息公开工作年度报告”"),
    Rule("AGENCY-NAME", ERROR, "facts", "机关名称不完整", "the agency name is incomplete",
         "年报应写明发布机关的规范全称（含所属行政区划）"),
    Rule("FEE-STATEMENT", WARNING, "facts", "未说明信息处理费收取情况", "no statement on 信息处理费",
         "国办函〔2020〕109号《政府信息公开信息处理费管理办法》；年报格式第六部分“其他需要报告的事项”"),
    Rule("FEE-CONFUSION", WARNING, "facts", "行政事业性收费与信息处理费疑似混淆",
         "行政事业性收费 (万元) confused with 信息处理费 (元)",
         f"{_FORMAT}表一第二十条第（八）项为行政事业性收费（万元）；信息处理费在第六部分以元报告"),
    Rule("REGULATIONS-PLAUSIBLE", WARNING, "facts", "县乡级机关填报了规章数量",
         "a county or township body reports 规章", "《立法法》：规章由国务院部门和省、设区的市人民政府制定"),
    Rule("PUBLISHED-LATE", WARNING, "facts", "发布日期晚于法定期限", "published after the statutory deadline",
         f"{_ORDINANCE}第四十九条：每年 1 月 31 日前（本级政府年报 3 月 31 日前）公布"),
    # narrative vs table
    Rule("NARRATIVE-TABLE", WARNING, "narrative", "正文数字与表格不一致", "a number in the text differs from the table",
         "年报正文与统计表应一致（数据失准）"),
    Rule("NARRATIVE-SUM", WARNING, "narrative", "正文分项之和与总数不符", "the text's own parts do not add up",
         "年报内容应准确（国办公开办函〔2021〕30号“（四）明确责任”）"),
    Rule("YEAR-IN-TEXT", WARNING, "narrative", "正文陈述本年数字时所写年份不是报告年度",
         "the text states this year's figure under another year", "年报正文陈述的应是报告年度的情况"),
    # outline and wording
    Rule("OUTLINE", NOTICE, "wording", "部分内的层次编号与部分标题相同",
         "a part's own items numbered like the parts (一、二、)",
         "党政机关公文格式 GB/T 9704：结构层次序数第一层为“一、”，第二层为“（一）”，第三层为“1.”"),
    Rule("REPEATED-WORD", NOTICE, "wording", "词语重复", "a word printed twice", "年报文字应准确规范"),
    Rule("PUNCTUATION", NOTICE, "wording", "中文正文中使用半角标点", "ASCII punctuation in Chinese text",
         "GB/T 15834《标点符号用法》：中文文本使用全角标点"),
    # across years
    Rule("CARRY-OVER", ERROR, "years", "上年结转与上年度结转下年度不一致",
         "carried over ≠ last year's carried forward", "本年“二、上年结转”应等于上年度“四、结转下年度继续办理”"),
    Rule("IN-FORCE", WARNING, "years", "现行有效件数与上年度及本年增减不衔接",
         "in force ≠ last year's + issued − repealed", "现行有效(本年) ≈ 现行有效(上年) + 本年制发 − 本年废止"),
    Rule("COPIED-TEXT", WARNING, "years", "正文与上年度报告大量雷同", "text copied from last year's report",
         "国办公开办函〔2021〕30号“（四）明确责任”：内容雷同"),
    Rule("TABLES-COPIED", WARNING, "years", "统计表与上年度报告完全相同", "a table identical to last year's",
         "国办公开办函〔2021〕30号“（四）明确责任”：数据失准、内容雷同"),
    Rule("PREVIOUS-REPORT", NOTICE, "years", "对比的上年度报告不匹配", "the previous report does not match",
         "跨年度核对应使用同一机关上一年度的报告"),
    # extraction confidence
    Rule("AMBIGUOUS", WARNING, "confidence", "数值无法确定", "a value could not be read with certainty",
         "读取时无法唯一确定的数值不作为事实使用"),
)}


@dataclass
class Finding:
    rule: str
    message: str
    severity: str = ""
    table: str | None = None  # "A", "B", "C", "legacy" or None
    row: str | None = None  # row key of the extract output
    column: int | str | None = None  # index (tables B, C) or column key (table A)
    evidence: list[dict[str, Any]] = field(default_factory=list)
    line: int | None = None  # where it shows first, for grouping by section

    def __post_init__(self):
        if not self.severity:
            self.severity = RULES[self.rule].severity
        if self.line is None:
            self.line = next((e["line"] for e in self.evidence if e.get("line")), None)

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "severity": self.severity, "message": self.message, "table": self.table,
                "row": self.row, "column": self.column, "evidence": self.evidence}
