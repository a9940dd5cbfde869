"""Digits read by OCR, checked by the tables' identities (勾稽关系).

A misread digit breaks an identity. Where exactly one change — one cell read with low
confidence, one digit swapped for a shape it is commonly confused with (0/8, 1/7, 3/8,
5/6 …) or one digit dropped that a seal's stroke added — makes every identity hold, the change is applied and shown: the value carries
a note naming the engine's reading and the identity that decided, the printed reading
stays in `raw`, and the report lists the correction. Where no single change does, or
more than one would, every cell read by OCR in the failing identities is flagged
(blank, ambiguous, with its candidates): an OCR value that breaks an identity is never
accepted without a flag, and a check never blames the report for what the engine may
have misread.
"""

from __future__ import annotations

from ..ingest.ocr import LOW
from ..ingest.positioned import PositionedText
from ..report.formats import CellRef, FormatVersion, Identity
from ..report.model import AnnualReport, number_text

# the digits an engine confuses a printed digit with, by shape
CONFUSED = {"0": "8693", "1": "74", "2": "7", "3": "858", "4": "19", "5": "63", "6": "580", "7": "12",
            "8": "0363", "9": "04"}
RULE_NAMES = {"B-ROW-TOTAL": "表二 行内总计", "B-BALANCE": "表二 一+二=（七）+四", "B-RESULTS-TOTAL": "表二 （七）总计",
              "C-TOTAL": "表三 总计"}


def variants(value: int) -> list[int]:
    """The numbers `value` may have been: one digit confused with another, or one digit
    that a stroke of a seal or a ruling line added."""
    text = str(value)
    out = set()
    for i, ch in enumerate(text):
        for alt in CONFUSED.get(ch, ""):
            out.add(text[:i] + alt + text[i + 1:])
        if len(text) > 1:
            out.add(text[:i] + text[i + 1:])
    return sorted(int(c) for c in out if c and not (len(c) > 1 and c[0] == "0") and int(c) != value)


def _broken(identity: Identity, values) -> bool:
    """The identity fails — or cannot hold whatever its blank cells are: the cells read on
    one side already sum to more than the other side, all read, allows (a count is never
    negative)."""
    held = identity.holds(values)
    if held is not None:
        return not held
    sums = []
    for refs in (identity.plus, identity.minus):
        known = [values.get(r.path) for r in refs if r.path in values or not identity.absent_rows]
        sums.append((sum(v for v in known if v is not None), any(v is None for v in known)))
    (plus, plus_open), (minus, minus_open) = sums
    return (not minus_open and plus > minus) or (not plus_open and minus > plus)


def _failing(identities, values) -> list[Identity]:
    return [i for i in identities if _broken(i, values)]


def check_by_identities(report: AnnualReport, reading: PositionedText) -> None:
    """Correct or flag the OCR-read cells of `report` (in place)."""
    fmt: FormatVersion = report.format
    cells = {path: v for path, v in report.cells()}
    confidence: dict[str, float] = {}
    for path, v in cells.items():
        src = v.source
        if v.value is None or src is None or src.line is None or not src.text:
            continue
        c, printed = reading.reading(src.line, src.column or 0, len(src.text))
        if c is None:
            continue
        confidence[path] = c
        if printed is not None and printed != src.text:
            v.note = _join(v.note, f"OCR 识读为“{printed}”，按数字读取")
    if not confidence:
        return
    values = {path: v.value for path, v in cells.items()}
    identities = fmt.identities
    _fill_missed(report, fmt, cells, values, identities)
    try:
        _correct_or_flag(report, fmt, cells, values, identities, confidence)
    finally:
        _unseen(report, cells)


def _unseen(report: AnnualReport, cells: dict) -> None:
    """A cell still blank on a scan may be a figure the engine did not see: unread, said
    so — never the report's blank cell."""
    for path, v in cells.items():
        if v.value is None and not v.ambiguous and (v.raw or "") == "":
            v.ambiguous, v.candidates = True, []
            v.note = _join(v.note, "扫描件中此格未识别出数字（或印为空白），待核")
            report.problems[:] = [p for p in report.problems if not (p.code == "blank_cell" and p.path == path)]


def _correct_or_flag(report: AnnualReport, fmt: FormatVersion, cells: dict, values: dict, identities,
                     confidence: dict[str, float]) -> None:
    failing = _failing(identities, values)
    if not failing:
        return
    suspects = sorted({r.path for i in failing for r in (*i.plus, *i.minus)
                       if confidence.get(r.path, 1.0) < LOW and isinstance(values.get(r.path), int)})
    touching = {p: [i for i in identities if any(r.path == p for r in (*i.plus, *i.minus))] for p in suspects}
    solutions = []
    for path in suspects:
        original = values[path]
        for alt in variants(original):  # type: ignore[arg-type]
            values[path] = alt
            if not _failing(touching[path], values) and not _failing(failing, values):
                solutions.append((path, alt))
        values[path] = original
    if len(solutions) == 1:
        path, alt = solutions[0]
        v = cells[path]
        rules = "、".join(dict.fromkeys(RULE_NAMES.get(i.rule, i.rule) for i in failing))
        before = number_text(v.value)
        v.note = _join(v.note, f"OCR 识读为“{before}”（置信度 {confidence[path]:.2f}），"
                               f"唯有改为 {alt} 能使{rules}成立，已更正")
        v.value = alt
        report.problem("ocr_corrected", f"{fmt.cell_name(CellRef.parse(path))}：OCR 识读为 {before}，依勾稽关系（{rules}）"
                                        f"更正为 {alt}（OCR reading corrected by the identities）", path)
        values[path] = alt
        _fill_missed(report, fmt, cells, values, identities)  # a blank beside it may now be given
        return
    alternatives: dict[str, set] = {}
    for path, alt in solutions:
        alternatives.setdefault(path, set()).add(alt)
    for identity in failing:
        refs = [r.path for r in (*identity.plus, *identity.minus) if r.path in confidence]
        for path in refs:
            v = cells[path]
            if v.ambiguous:
                continue
            read = v.value
            v.candidates = sorted({read, *alternatives.get(path, ())})
            v.value, v.ambiguous = None, True
            v.note = _join(v.note, f"OCR 识读为“{number_text(read)}”（置信度 {confidence[path]:.2f}），"
                                   f"但{RULE_NAMES.get(identity.rule, identity.rule)}不成立，无法确定哪一格识读有误，待核")
        report.problem("ocr_identity",
                       f"OCR 识读的数字不满足{RULE_NAMES.get(identity.rule, identity.rule)}，"
                       + ("有多种单格更正均可成立" if solutions else "没有一种单格更正能使其成立")
                       + "，相关单元格已标注待核（OCR digits break an identity; flagged）", refs[0] if refs else None)


def _fill_missed(report: AnnualReport, fmt: FormatVersion, cells: dict, values: dict, identities) -> None:
    """A cell the engine saw nothing in (a small 0 under a seal's ink, say) is blank after
    its row's values were placed by position. Where an identity has it as its one unknown
    and gives it a whole number ≥ 0 with which every identity through it holds, it is
    filled and said so; otherwise it stays blank."""
    for path, v in cells.items():
        if v.value is not None or v.ambiguous or (v.raw or "") != "":
            continue
        through = [i for i in identities if any(r.path == path for r in (*i.plus, *i.minus))]
        for identity in through:
            others = [r.path for r in (*identity.plus, *identity.minus) if r.path != path]
            if any(values.get(o) is None for o in others):
                continue
            plus = sum(values[r.path] for r in identity.plus if r.path != path)
            minus = sum(values[r.path] for r in identity.minus if r.path != path)
            value = minus - plus if any(r.path == path for r in identity.plus) else plus - minus
            if not isinstance(value, int) or value < 0:
                break
            values[path] = value
            if _failing(through, values):
                values[path] = None
                break
            v.value = value
            report.problems[:] = [p for p in report.problems if not (p.code == "blank_cell" and p.path == path)]
            v.note = _join(v.note, f"OCR 未识出此格，依{RULE_NAMES.get(identity.rule, identity.rule)}应为 {value}，已补")
            report.problem("ocr_corrected", f"{fmt.cell_name(CellRef.parse(path))}：OCR 未识出，依勾稽关系补为 {value}"
                                            "（a cell the OCR missed, filled by the identities）", path)
            break


def _join(note: str | None, more: str) -> str:
    return f"{note}；{more}" if note else more


__all__ = ["CONFUSED", "check_by_identities", "variants"]
