"""Random valid reports: every identity holds. For the demo, the tests and the
benchmarks — the project ships no report text it did not make itself."""

from __future__ import annotations

import random

from .catalog import (
    FORMAT_2021,
    FORMAT_LEGACY,
    LEGACY_ROWS,
    SECTIONS,
    TABLE_B_KEYS,
    chinese_numeral,
    legacy_label,
)
from .formats import format_of
from .model import AnnualReport, Figure, LegacyItem, Section, Value

REGIONS = (
    "杭州市", "宁波市", "嘉兴市", "湖州市", "绍兴市", "金华市", "衢州市", "舟山市", "丽水市", "南京市",
    "苏州市", "无锡市", "常州市", "合肥市", "芜湖市", "福州市", "厦门市", "莆田市", "济南市", "青岛市",
    "郑州市", "洛阳市", "武汉市", "宜昌市", "长沙市", "株洲市", "广州市", "佛山市", "成都市", "绵阳市",
    "西安市", "宝鸡市", "昆明市", "南宁市", "桂林市", "贵阳市", "兰州市", "银川市", "太原市", "沈阳市",
    "长春市", "哈尔滨市", "石家庄市", "呼和浩特市", "南昌市", "赣州市", "海口市", "西宁市", "乌鲁木齐市",
    "北京市海淀区", "上海市浦东新区", "天津市和平区", "重庆市渝中区", "杭州市西湖区", "成都市武侯区",
    "浙江省", "江苏省", "广东省", "四川省", "湖北省", "安吉县", "德清县", "义乌市", "慈溪市", "昆山市",
)
DEPARTMENTS = (
    "科学技术局", "教育局", "财政局", "人力资源和社会保障局", "自然资源和规划局", "生态环境局",
    "住房和城乡建设局", "交通运输局", "水利局", "农业农村局", "商务局", "文化广电旅游局",
    "卫生健康委员会", "应急管理局", "审计局", "市场监督管理局", "统计局", "医疗保障局", "民政局",
    "司法局", "发展和改革委员会", "经济和信息化局", "人民政府办公室", "公安局", "退役军人事务局",
)
# 规章 are made only by bodies with rule-making power (domain.md R9).
_RULE_MAKERS = ("人民政府办公室", "司法局")


# Sentences for generated reports; each report draws its own selection.
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
def generated_texts(r: AnnualReport) -> dict[str, str]:
    """Prose for a report that has none of its own (generated samples)."""
    year, agency = r.year, r.agency or ""
    intro = (f"本报告根据《中华人民共和国政府信息公开条例》要求编制。报告中所列数据的统计期限自{year}年1月1日起"
             f"至{year}年12月31日止。")
    if r.contact:
        bits = [f"{name}：{r.contact[key]}" for key, name in (("phone", "电话"), ("postcode", "邮编")) if key in r.contact]
        intro += f"如对本报告有疑问，请与{agency}办公室联系（{'，'.join(bits)}）。"
    rng = random.Random(f"{r.agency}{r.year}")
    if r.format_version == FORMAT_LEGACY:
        return {"intro": intro,
                "overview": "本年度，本机关按照《中华人民共和国政府信息公开条例》要求，认真做好政府信息公开工作。",
                "proactive": "主动公开的政府信息通过政府网站、政府公报等渠道及时发布。",
                "problems": "信息公开的及时性和规范性有待加强，下一步将完善工作机制。"}
    text = "本年度，本机关认真贯彻落实政府信息公开各项工作要求，持续推进政务公开标准化规范化。"
    published = figure(r, "items_published")
    if published is not None:
        text += f"全年主动公开政府信息{published}条。"
    received = figure(r, "applications_received")
    if received is not None:
        text += f"本年共收到政府信息公开申请{received}件"
        forward = figure(r, "applications_carried_forward")
        text += "。" if forward is None else f"，结转下年度继续办理{forward}件。"
    in_force = figure(r, "normative_documents_in_force")
    if in_force is not None:
        text += f"截至年底，现行有效规范性文件{in_force}件。"
    items = [f"（{chinese_numeral(n)}）{topic}方面。" + "".join(rng.sample(_PROSE, rng.randint(2, 6)))
             for n, topic in enumerate(("主动公开", "依申请公开", "政府信息管理", "平台建设", "监督保障"), 1)]
    fee = figure(r, "processing_fee_yuan")
    return {"intro": intro, "overview": "\n".join([text] + items),
            "problems": "".join(rng.sample(_PROBLEMS, rng.randint(2, 5))),
            "other": f"本年度共收取信息处理费{fee}元。" if fee else "本年度未收取信息处理费。"}


def figure(r: AnnualReport, kind: str):
    return next((f.value for f in r.figures if f.kind == kind), None)


def _spread(rng: random.Random, total: int, n: int, zeros: float = 0.5) -> list[int]:
    """Split `total` into n non-negative parts, many of them zero."""
    if total == 0:
        return [0] * n
    weights = [0.0 if rng.random() < zeros else rng.random() for _ in range(n)]
    if not any(weights):
        weights[rng.randrange(n)] = 1.0
    s = sum(weights)
    parts = [int(total * w / s) for w in weights]
    parts[max(range(n), key=lambda i: weights[i])] += total - sum(parts)
    return parts


def _v(n) -> Value:
    return Value(n, str(n))


def sample_report(seed: int | random.Random = 0, version: str = FORMAT_2021, year: int | None = None,
                  agency: str | None = None) -> AnnualReport:
    rng = seed if isinstance(seed, random.Random) else random.Random(seed)
    fmt = format_of(version)
    if year is None:
        first, last = fmt.years
        year = rng.choice(range(max(first, 2012), min(last, 2025) + 1))
    region = rng.choice(REGIONS)
    department = rng.choice(DEPARTMENTS)
    r = AnnualReport(format_version=version, agency=agency or region + department, region=region, year=year,
                     period=(f"{year}-01-01", f"{year}-12-31"))
    r.published = f"{year + 1}-01-{rng.randint(10, 28):02d}"
    r.contact = {"phone": f"0{rng.randint(510, 999)}-{rng.randint(2000000, 8999999)}",
                 "postcode": f"{rng.randint(100000, 850000)}"}
    scale = rng.choice((0, 1, 3, 10, 40, 200, 2000))
    if version == FORMAT_LEGACY:
        _legacy(r, rng, scale)
        r.texts = generated_texts(r)
        return r
    _table_a(r, rng, version, department)
    _table_b(r, rng, version, scale)
    _table_c(r, rng, scale)
    r.sections = [Section(s.label[0], s.number, s.label[2:], s.key, 0, 0) for s in SECTIONS]
    r.figures = [Figure("items_published", rng.randint(20, 5000), "条", 0, ""),
                 Figure("processing_fee_yuan", rng.choice((0, 0, 0, 100, 300, 1700)), "元", 0, "")]
    refresh_figures(r)
    return r


def refresh_figures(r: AnnualReport) -> None:
    """Make the narrative figures that restate table cells agree with the tables (and
    the sample's prose, which states them)."""
    if r.table_b is None:
        return
    kept = [f for f in r.figures if f.kind in ("items_published", "processing_fee_yuan")]
    r.figures = kept + [Figure("applications_received", r.b("new_received")[6], "件", 0, ""),
                        Figure("applications_carried_forward", r.b("carry_forward")[6], "件", 0, "")]
    if "normative_documents" in (r.table_a or {}) and "in_force" in r.table_a["normative_documents"]:
        r.figures.append(Figure("normative_documents_in_force", r.a("normative_documents", "in_force"), "件", 0, ""))
    r.texts = generated_texts(r)


def _table_a(r: AnnualReport, rng: random.Random, version: str, department: str) -> None:
    # 规章 are made by provincial governments and those of cities with districts (R9)
    rule_maker = department in _RULE_MAKERS and not (r.region or "").endswith(("区", "县"))
    table = {}
    for spec in format_of(version).table_a:
        cells = {}
        for col in spec.columns:
            if spec.key == "regulations" and not rule_maker:
                n = 0
            elif col.key in ("issued", "repealed", "made", "published"):
                n = rng.choice((0, 0, rng.randint(1, 5), rng.randint(1, 30)))
            elif col.key == "amount_10k_yuan":
                n = rng.choice((0, 0, 0, round(rng.uniform(0.5, 900), 2), rng.randint(1, 300)))
            elif col.key == "change":
                n = rng.randint(-3, 5)
            elif col.key == "amount":
                n = round(rng.uniform(10, 9000), 2)
            else:
                n = rng.choice((0, 0, rng.randint(1, 20), rng.randint(1, 3000)))
            cells[col.key] = _v(n)
        if "in_force" in cells and spec.key in ("regulations", "normative_documents"):
            issued, repealed = cells["issued"].value, cells["repealed"].value
            if spec.key == "normative_documents" or rule_maker:
                cells["in_force"] = _v(issued + rng.randint(repealed, repealed + 120))
        table[spec.key] = cells
    r.table_a = table


def _table_b(r: AnnualReport, rng: random.Random, version: str, scale: int) -> None:
    result_keys = list(format_of(version).result_keys)
    rows: dict[str, list[int] | None] = dict.fromkeys(TABLE_B_KEYS)
    for key in ("new_received", "carried_over", "carry_forward", "total", *result_keys):
        rows[key] = [0] * 7
    for col in range(6):
        share = scale if col == 0 else scale // rng.choice((2, 4, 8, 50, 1000)) if scale else 0
        new = rng.randint(0, share) if share else 0
        carried = rng.randint(0, max(1, new // 10)) if new and rng.random() < 0.4 else 0
        forward = rng.randint(0, (new + carried) // 8) if new + carried and rng.random() < 0.4 else 0
        done = new + carried - forward
        rows["new_received"][col], rows["carried_over"][col] = new, carried
        rows["carry_forward"][col], rows["total"][col] = forward, done
        for key, n in zip(result_keys, _spread(rng, done, len(result_keys), zeros=0.7)):
            rows[key][col] = n
    for key, row in rows.items():
        if row is not None:
            row[6] = sum(row[:6])
    r.table_b = {k: None if v is None else [_v(n) for n in v] for k, v in rows.items()}


def _table_c(r: AnnualReport, rng: random.Random, scale: int) -> None:
    cells = []
    for _ in range(3):
        parts = [rng.choice((0, 0, 0, rng.randint(1, max(1, scale // 20 + 1)))) for _ in range(4)]
        cells += parts + [sum(parts)]
    r.table_c = [_v(n) for n in cells]


def _legacy(r: AnnualReport, rng: random.Random, scale: int) -> None:
    values: dict[str, int | None] = {}
    for row in LEGACY_ROWS:
        values[row.key] = None if row.unit is None else rng.choice((0, 0, rng.randint(1, max(2, scale + 5))))
    for row in LEGACY_ROWS:  # a 其中 item does not exceed its total
        if row.label.startswith("其中") and row.parent and values.get(row.parent) is not None:
            values[row.key] = min(values[row.key] or 0, values[row.parent])
    for row in reversed(LEGACY_ROWS):  # parents are the sums of their children, deepest first
        if row.sums_children:
            values[row.key] = sum(values[c.key] or 0 for c in LEGACY_ROWS if c.parent == row.key)
    r.legacy = [LegacyItem(row.key, legacy_label(row.label), row.unit,
                           Value(values[row.key], None if values[row.key] is None else str(values[row.key])))
                for row in LEGACY_ROWS]
    r.sections = [Section("一", 1, "概述", "overview", 0, 0), Section("二", 2, "主动公开政府信息情况", "proactive", 0, 0),
                  Section("三", 3, "存在的主要问题和改进措施", "problems", 0, 0)]
