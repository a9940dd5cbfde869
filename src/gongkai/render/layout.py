"""The report laid out once, for every writer: a sequence of blocks (title, headings,
paragraphs, the tables, the signature) and the table helpers they share.

The paragraphs are the report's own text where it has some (`report.texts`: read from
a published report, or written in an authoring file); a generated report gets
generated prose that restates its figures.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from ..report.catalog import (
    FORMAT_LEGACY,
    LEGACY_ROW,
    SECTIONS,
    TABLE_B_OTHER_2019_LABEL,
    TABLE_B_ROWS,
    chinese_numeral,
)
from ..report.formats import format_of
from ..report.model import AnnualReport, Value

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
_LEGACY_SECTIONS = (("overview", "一、概述"), ("proactive", "二、主动公开政府信息情况"),
                    ("problems", "三、存在的主要问题和改进措施"))


@dataclass
class Block:
    kind: str  # title, para, heading, table_a, table_b, table_c, legacy, sign
    text: str = ""
    level: int = 1  # headings: 1 一、…; paragraphs: 2 when they open with （一）


def figure(r: AnnualReport, kind: str):
    return next((f.value for f in r.figures if f.kind == kind), None)


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


def _paragraphs(text: str) -> list[Block]:
    return [Block("para", p, 2 if p.startswith(("（", "(")) else 1) for p in text.split("\n") if p.strip()]


def blocks(r: AnnualReport, extra_paragraphs: int = 0) -> list[Block]:
    """The whole report in reading order. `extra_paragraphs` lengthens 五 (benchmarks)."""
    texts = r.texts or generated_texts(r)
    out = [Block("title", r.agency or ""), Block("title", f"{r.year}年度政府信息公开工作年度报告")]
    out += _paragraphs(texts.get("intro", ""))
    if r.format_version == FORMAT_LEGACY:
        # the old reports had no fixed parts: keep the report's own, where it has them
        parts = [(s.canonical or f"section{s.ordinal}", f"{s.number}、{s.title}") for s in r.sections] \
            if r.texts else list(_LEGACY_SECTIONS)
        for key, heading in parts:
            out.append(Block("heading", heading))
            out += _paragraphs(texts.get(key, ""))
        out.append(Block("legacy"))
    else:
        statutory = {s.key for s in SECTIONS}
        extra = "\n".join(v for k, v in texts.items() if k not in statutory and k != "intro")
        for spec in SECTIONS:
            out.append(Block("heading", spec.label))
            if spec.key == "proactive":
                out.append(Block("table_a"))
            elif spec.key == "requests":
                out.append(Block("table_b"))
            elif spec.key == "reviews":
                out.append(Block("table_c"))
            out += _paragraphs(texts.get(spec.key, ""))
            if spec.key == "problems":
                filler = [p.text for p in _paragraphs(texts.get("overview", ""))] or ["本年度工作稳步推进。"]
                out += [Block("para", filler[k % len(filler)]) for k in range(extra_paragraphs)]
            if spec.key == "other" and extra:
                out += _paragraphs(extra)
    if r.published:
        y, m, d = r.published.split("-")
        out += [Block("sign", r.agency or ""), Block("sign", f"{int(y)}年{int(m)}月{int(d)}日")]
    return out


# --- table helpers ----------------------------------------------------------------

def cell_text(v: Value | None) -> str:
    """A value as printed: the number, or what was printed in its place ("" for blank)."""
    if v is None or v.value is None:
        return "" if v is None or v.raw is None else v.raw
    n = v.value
    return str(int(n)) if isinstance(n, float) and n.is_integer() and "." not in (v.raw or "") else str(n)


def a_groups(r: AnnualReport) -> list[tuple[str, list]]:
    """Table A's printed rows grouped by caption (第二十条第（X）项)."""
    groups: list[tuple[str, list]] = []
    for spec in format_of(r.format_version).table_a:
        if spec.key not in (r.table_a or {}):
            continue
        if not groups or groups[-1][0] != spec.caption:
            groups.append((spec.caption, []))
        groups[-1][1].append(spec)
    return groups


def a_spans(n: int) -> list[int]:
    """How n value columns spread over table A's three value columns."""
    return {1: [3], 2: [1, 2], 3: [1, 1, 1]}[n]


def b_rows(r: AnnualReport) -> list[tuple]:
    """Table B's printed rows: (spec, label, level-2 group label), the 2019 single
    其他处理 row labelled as printed in 2019."""
    out = []
    fmt = format_of(r.format_version)
    for spec in TABLE_B_ROWS:
        if (r.table_b or {}).get(spec.key) is None:
            continue
        label, level2 = fmt.label("B", spec.key), spec.level2
        if spec.key == "other_other" and (label != spec.label or single_other_row(r)):
            label, level2 = TABLE_B_OTHER_2019_LABEL, ""
        out.append((spec, label, level2))
    return out


def single_other_row(r: AnnualReport) -> bool:
    """A report that prints （六）其他处理 as the one row of the 2019 format."""
    return "table_b.other_other.single_row" in r.labels


def legacy_label_of(item) -> str:
    spec = LEGACY_ROW.get(item.key) if item.key else None
    return spec.label if spec else item.label
