"""Importing a request register kept in Excel or CSV: every row checked first; any bad
row rejects the whole file with the row numbers, and nothing is imported."""

from __future__ import annotations

import csv
import io
import json
import os
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from ...cases.clocks import APPLICANT_TYPES, REPLY_TYPES, CaseError
from ...cases.clocks import RequestCase as DomainCase
from ...errors import GongkaiError
from ...report.catalog import TABLE_B_RESULT_KEYS, TABLE_B_ROW, fold
from ..agencies.models import Agency
from .forms import FIRST_DAY
from .services import apply, register

# the register's columns by their usual Chinese headers
DEFAULT_MAPPING = {
    "number": "编号", "applicant": "申请人", "applicant_type": "申请人类型", "channel": "申请方式",
    "submitted": "提交日期", "confirmed": "确认日期", "subject": "申请内容", "form": "提供形式",
    "outcome": "办理结果", "reply_type": "答复类型", "served": "送达日期", "closed_on": "办结日期",
}
REQUIRED = ("number", "applicant", "applicant_type", "channel", "submitted")
LONGEST = {"number": 50, "applicant": 200, "subject": 2000, "form": 50}  # what the register keeps
_TYPES = {fold(label): key for key, label in APPLICANT_TYPES.items()} | {"法人": "other", "个人": "natural_person"}
_OUTCOMES = {}
for _key in TABLE_B_RESULT_KEYS:
    _label = fold(TABLE_B_ROW[_key].label)
    _OUTCOMES[_label] = _key
    _OUTCOMES[_label.split(".", 1)[-1]] = _key
    for _core in TABLE_B_ROW[_key].cores:
        _OUTCOMES.setdefault(_core, _key)
_REPLIES = {fold(v): k for k, v in REPLY_TYPES.items()} | {fold(v[:3]): k for k, v in REPLY_TYPES.items()}


class ImportRejected(GongkaiError):
    code = "import"

    def __init__(self, errors: list[str]):
        self.errors = errors
        shown = "\n".join(errors[:50]) + (f"\n……另有 {len(errors) - 50} 处" if len(errors) > 50 else "")
        super().__init__(f"导入失败，未导入任何记录：\n{shown}")


def _rows(path: str) -> tuple[list[str], list[list]]:
    if path.lower().endswith((".xlsx", ".xlsm")):
        import openpyxl
        try:
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception as err:  # openpyxl raises several kinds on a damaged file
            raise GongkaiError(f"无法读取 Excel 文件（{type(err).__name__}）：{path}") from err
        sheet = book.worksheets[0]
        values = [list(r) for r in sheet.iter_rows(values_only=True)]
    else:
        with open(path, "rb") as fh:
            raw = fh.read()
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise GongkaiError(f"CSV 文件编码无法识别：{path}")
        try:
            values = [list(r) for r in csv.reader(io.StringIO(text))]
        except csv.Error as err:  # a field over the csv module's limit (128 KB), a stray NUL
            raise GongkaiError(f"CSV 文件无法读取（{err}）：{path}") from err
    values = [r for r in values if any(c not in (None, "") for c in r)]
    if not values:
        raise GongkaiError(f"文件中没有数据（empty sheet）：{path}")
    return [str(h or "").strip() for h in values[0]], values[1:]


def _date(value, column: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip().replace("/", "-").replace(".", "-").replace("年", "-").replace("月", "-").rstrip("日")
    try:
        y, m, d = (int(p) for p in text.split("-"))
        return date(y, m, d)
    except ValueError:
        raise ValueError(f"“{column}”不是日期：{value}") from None


def _choice(value, table: dict, column: str) -> str | None:
    if value in (None, ""):
        return None
    key = table.get(fold(str(value)))
    if key is None:
        raise ValueError(f"“{column}”的值“{value}”无法识别")
    return key


def import_cases(path: str | os.PathLike, agency: Agency, mapping: dict | None = None) -> int:
    """Import a register kept in Excel or CSV. Every row is checked first; any bad row
    rejects the whole file with the row numbers, and nothing is imported."""
    path = os.fspath(path)
    mapping = {**DEFAULT_MAPPING, **(mapping or {})}
    header, rows = _rows(path)
    missing = [mapping[f] for f in REQUIRED if mapping[f] not in header]
    if missing:
        raise ImportRejected([f"缺少列：{'、'.join(missing)}（可用 --mapping 指定列名）"])
    index = {field: header.index(col) for field, col in mapping.items() if col in header}
    errors, ready = [], []
    seen = set(agency.cases.values_list("number", flat=True))
    for n, row in enumerate(rows, start=2):  # spreadsheet row numbers: the header is row 1
        def get(field):
            i = index.get(field)
            return None if i is None or i >= len(row) else row[i]
        try:
            fields = {
                "number": str(get("number") or "").strip(), "applicant": str(get("applicant") or "").strip(),
                "applicant_type": _choice(get("applicant_type"), _TYPES, mapping["applicant_type"]),
                "channel": str(get("channel") or "").strip(),
                "submitted": _date(get("submitted"), mapping["submitted"]),
                "confirmed": _date(get("confirmed"), mapping["confirmed"]),
                "subject": str(get("subject") or ""), "form": str(get("form") or ""),
            }
            for field in REQUIRED:
                if not fields[field]:
                    raise ValueError(f"“{mapping[field]}”为空")
            for field, longest in LONGEST.items():
                if len(fields[field]) > longest:
                    raise ValueError(f"“{mapping[field]}”超过 {longest} 个字（{len(fields[field])} 个）")
            for field in ("submitted", "confirmed"):
                day = fields[field]
                if day is not None and not FIRST_DAY <= day <= timezone.localdate():
                    raise ValueError(f"“{mapping[field]}”{day} 不在 {FIRST_DAY} 至今天之间")
            if fields["number"] in seen:
                raise ValueError(f"编号“{fields['number']}”重复")
            seen.add(fields["number"])
            outcome = _choice(get("outcome"), _OUTCOMES, mapping["outcome"])
            reply = _choice(get("reply_type"), _REPLIES, mapping["reply_type"])
            served = _date(get("served"), mapping["served"])
            closed = _date(get("closed_on"), mapping["closed_on"]) or served
            for field, day in (("served", served), ("closed_on", closed)):
                if day is not None and day > timezone.localdate():
                    raise ValueError(f"“{mapping[field]}”{day} 晚于今天")
            domain = DomainCase(**fields)
            if outcome:
                if served is None:
                    raise ValueError("已有办理结果但缺少送达日期")
                domain.close(outcome, served, reply, closed)
            ready.append((fields, outcome, reply, served, closed))
        except (ValueError, CaseError) as err:
            errors.append(f"第 {n} 行：{err}")
    if errors:
        raise ImportRejected(errors)
    with transaction.atomic():
        for fields, outcome, reply, served, closed in ready:
            case = register(agency, **fields)
            if outcome:
                apply(case, "close", outcome=outcome, served=served, reply_type=reply, on=closed)
    return len(ready)


def load_mapping(path: str | None) -> dict | None:
    if not path:
        return None
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)
