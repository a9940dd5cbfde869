"""Outline and wording: a part's items numbered like the parts (a second "一、" inside a
part), a word printed twice ("审查审查"), ASCII punctuation in Chinese text. Notices:
they never make a report fail, and they rest on general rules (GB/T 9704, GB/T 15834),
never on the words of one report."""

from __future__ import annotations

import re

from ..report.catalog import FORMAT_LEGACY
from ..report.model import AnnualReport
from . import evidence as ev
from .rules import Finding

# an item numbered as the parts are: at the start of a line, or of a sentence inside a
# long line (a crawler's text prints a whole part on one)
_TOP = re.compile(r"(?:^|(?<=[。；;！？!?]))\s*[一二三四五六七八九十]{1,2}\s*、")
_HAN = "\u4e00-\u9fff"
# two characters printed twice running ("审查审查台账") — not a reduplicated word (AABB)
_REPEATED = re.compile(rf"([{_HAN}])((?!\1)[{_HAN}])\1\2")
_SPACE = re.compile(r"\s+")
_ASCII = re.compile(rf"(?<=[{_HAN}])[,;:?!](?=[{_HAN}])")


def check(report: AnnualReport, previous: AnnualReport | None = None) -> list[Finding]:
    if report.format_version in (None, FORMAT_LEGACY):
        return []
    rows = list(walk(report))
    return _outline(rows) + _repeated(rows) + _punctuation(rows)


def walk(r: AnnualReport):
    """(part, line, text, is_heading) for the report's prose in order; the part (a Section,
    or None before the first) changes at each part's heading row — found by its words, so
    that a text printed on one line (a crawler's) is still told apart part by part."""
    heads = [(s, _SPACE.sub("", f"{s.number}、{s.title}")) for s in r.sections]
    at, part = 0, None
    for line, text in r.prose:
        while at < len(heads) and line > heads[at][0].start_line:  # a heading not in the prose (a table's row)
            part = heads[at][0]
            at += 1
        match = None
        if any(line == h.start_line for h, _ in heads[at:]):
            squeezed = _SPACE.sub("", text).lstrip("|｜")
            match = next((k for k in range(at, len(heads)) if line == heads[k][0].start_line
                          and squeezed.startswith(heads[k][1])), None)
        if match is not None:
            part, at = heads[match][0], match + 1
        yield part, line, text, match is not None


def _where(section) -> str:
    return f"第{section.number}部分“{section.title}”" if section is not None else "报告开头"


def _outline(rows: list) -> list[Finding]:
    """Lines inside a part numbered 一、二、 as the parts themselves are."""
    by_part: dict[int, tuple] = {}
    for part, line, text, heading in rows:
        if part is None:
            continue
        for m in _TOP.finditer(text):
            if heading and m.start() == 0:
                continue
            by_part.setdefault(id(part), (part, []))[1].append((line, text[m.start():].strip()[:30]))
    out = []
    for part, items in by_part.values():
        out.append(Finding("OUTLINE", f"{_where(part)}内又用“一、二、”编号（{'；'.join(t[:14] for _, t in items[:3])}），"
                           "与部分标题同一层次；部分内的层次应为“（一）”“1.”",
                           evidence=[ev.line(line, text) for line, text in items[:5]]))
    return out


def _repeated(rows: list) -> list[Finding]:
    out = []
    for part, line, text, _ in rows:
        for m in _REPEATED.finditer(text):
            out.append(Finding("REPEATED-WORD", f"{_where(part)}：“{m.group()}”词语重复", evidence=[
                ev.line(line, text[max(0, m.start() - 8):m.end() + 8])]))
    return out[:10]


def _punctuation(rows: list) -> list[Finding]:
    """One finding for each part: how many, and the first few."""
    by_part: dict[int, tuple] = {}
    for part, line, text, _ in rows:
        for m in _ASCII.finditer(text):
            by_part.setdefault(id(part), (part, []))[1].append((line, text, m))
    return [Finding("PUNCTUATION", f"{_where(part)}的正文中有 {len(hits)} 处半角标点（如“{hits[0][2].group()}”），"
                    "应使用全角标点",
                    evidence=[ev.line(line, text[max(0, m.start() - 8):m.end() + 8]) for line, text, m in hits[:3]])
            for part, hits in by_part.values()]
