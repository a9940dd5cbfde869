"""Reports on the platform: every uploaded file is read through the library's one door
(`load.py`), so the platform reads exactly what `gongkai check` reads — a published
report in any form, an authoring file, a JSON model — and checks it the same way.
Shown with their tables laid out as the format prints them (`render.grid`) and their
findings in words."""

from __future__ import annotations

import hashlib
import json
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from ... import load
from ...batch.inputs import archive_sources
from ...checks.evidence import label
from ...checks.rules import SEVERITY_ZH
from ...errors import GongkaiError, UnreadableInput, chinese
from ...render.grid import grids
from ...report.catalog import LEGACY_TITLE, SECTION_BY_KEY, TABLE_SECTIONS
from ...report.formats import CellRef
from ...report.jsonio import from_dict, to_dict
from ...report.model import AnnualReport
from ..agencies.models import Agency
from ..agencies.services import confirm, match, placed
from ..files import store
from .models import PublishedReport, Upload

__all__ = ["UploadRefused", "AgencyUnsure", "receive", "receive_files", "confirm_agency", "new_batch", "read_next", "read_upload", "upload", "read_file", "read_and_check",
           "readable", "tables", "compared", "source", "document", "accepted"]


class UploadRefused(GongkaiError):
    code = "upload"


class AgencyUnsure(UploadRefused):
    """The agency a report prints may be one of several: listed, for a person to say which."""

    def __init__(self, message: str, printed: str, candidates: list[dict]):
        super().__init__(message)
        self.printed, self.candidates = printed, candidates


WEB_SECONDS = 30  # a file's reading time on the web: well under the server's 120 s
WEB_SCAN_SECONDS = 100  # a scan's (OCR, some seconds a page): still under the server's 120 s


def read_file(data: bytes, name: str) -> AnnualReport:
    """A file read as `gongkai extract` reads it, in the sandbox within the web's time."""
    return load.load_bytes(data, name, WEB_SECONDS, ocr_wall=WEB_SCAN_SECONDS)


def read_and_check(data: bytes, name: str, previous: AnnualReport | None = None) -> tuple[AnnualReport, list]:
    """A file read and checked as `gongkai check` does it, in the sandbox within the web's
    time: (the report, its findings)."""
    return load.read_and_check(data, name, previous, wall=WEB_SECONDS, ocr_wall=WEB_SCAN_SECONDS)


def receive(user, name: str, data: bytes, batch: str) -> Upload:
    """Keep an uploaded file and queue it for reading (its page shows the progress)."""
    digest = hashlib.sha256(data).hexdigest()
    store(settings.UPLOAD_DIR, digest, data)
    upload = Upload(batch=batch, uploaded_by=user, file_name=name[:255], sha256=digest, size=len(data))
    upload.save()
    return upload


ARCHIVE_FILES = 2000  # report files taken from one uploaded zip archive at most


def receive_files(user, name: str, data: bytes, batch: str) -> int:
    """Keep an uploaded file — or each report file in an uploaded zip archive — and queue it
    for reading; a member that cannot be taken out is kept as refused, saying why. Returns
    how many were queued or refused."""
    if not name.lower().endswith(".zip"):
        receive(user, name, data, batch)
        return 1

    def refused(file_name: str, size: int, why: str) -> None:
        Upload(batch=batch, uploaded_by=user, file_name=file_name[:255], sha256="", size=size,
               state=Upload.State.REFUSED, message=f"{file_name}：{why}").save()

    n = 0
    for source in archive_sources(name, data):
        if n >= ARCHIVE_FILES:
            refused(name, 0, f"压缩包中的文件超过 {ARCHIVE_FILES} 份，其余未读取，请分批上传")
            break
        member = source.name.split("!", 1)[-1]
        try:
            receive(user, member, source.read(), batch)
        except UnreadableInput as err:
            refused(member, source.size, str(err))
        n += 1
    if n == 0:
        refused(name, len(data), "压缩包中没有年报文件（或压缩包已损坏）")
        return 1
    return n


def new_batch() -> str:
    return secrets.token_hex(8)


STALE = timedelta(minutes=5)  # a reading that never finished (the server restarted): read again


def read_next(user, batch: str) -> Upload | None:
    """Read the next file of the user's batch that waits (claimed, so that two requests
    never read the same one); None when none waits."""
    waiting = Upload.objects.filter(batch=batch, uploaded_by=user).filter(
        Q(state=Upload.State.WAITING) | Q(state=Upload.State.READING, changed__lt=timezone.now() - STALE))
    for upload in waiting.order_by("id")[:5]:
        claimed = Upload.objects.filter(pk=upload.pk, state=upload.state, changed=upload.changed).update(
            state=Upload.State.READING, changed=timezone.now())
        if claimed:
            upload.refresh_from_db()
            return read_upload(upload)
    return None


def read_upload(upload: Upload, chosen: Agency | None = None) -> Upload:
    """Read, check and file one uploaded file under the agency it names, among those its
    uploader may upload for (or under the one a person `chosen` for it); or refuse it,
    saying why."""
    try:
        item = _file(upload, chosen)
    except AgencyUnsure as err:
        upload.state, upload.message = Upload.State.UNSURE, chinese(str(err))
        upload.agency_as_printed, upload.candidates = err.printed[:200], err.candidates
    except GongkaiError as err:
        upload.state, upload.message = Upload.State.REFUSED, chinese(str(err))
    else:
        upload.state, upload.report, upload.message = Upload.State.DONE, item, f"{upload.file_name}：已读取并检查。"
    upload.save()
    return upload


def upload(user, name: str, data: bytes) -> PublishedReport:
    """Receive and read one file at once (the API, the demo); UploadRefused says why not."""
    done = read_upload(receive(user, name, data, new_batch()))
    if done.report is None:
        raise UploadRefused(done.message)
    return done.report


def _file(upload: Upload, chosen: Agency | None = None) -> PublishedReport:
    user, name = upload.uploaded_by, upload.file_name
    agencies = list(Agency.objects.uploadable_by(user).order_by("name"))
    # the same content names the same agency: recognised before it is read again, not stored twice
    same = PublishedReport.objects.filter(agency__in=agencies, sha256=upload.sha256, voided=False).first()
    if same is not None:
        raise UploadRefused(f"{name}：与已上传的“{same.file_name}”内容相同，未重复保存")
    data = (settings.UPLOAD_DIR / upload.sha256).read_bytes()
    try:
        report, found = read_and_check(data, name)
    except GongkaiError as err:
        raise UploadRefused(f"{name}：{err}") from err
    agency, m = (chosen, None) if chosen else match(report.agency, agencies) if report.agency else (None, None)
    if agency is None:
        names = "、".join(a.name for a in agencies)
        if not report.agency:
            raise UploadRefused(f"{name}：报告中未注明机关，无法确定归属（您可上传：{names}），未保存")
        if m.candidates:
            by_name = {a.name: a for a in agencies}
            raise AgencyUnsure(f"{name}：报告所载机关为“{report.agency}”，不能确定是哪个机关（{m.why}），请确认",
                               report.agency, [{"id": by_name[c.name].pk, "name": c.name, "score": c.score, "why": c.why}
                                               for c in m.candidates if c.name in by_name])
        raise UploadRefused(f"{name}：报告所载机关为“{report.agency}”，不是您可以上传年报的机关（{names}），未保存")
    last = PublishedReport.objects.filter(agency=agency, year=(report.year or 0) - 1, voided=False).first()
    if last is not None:  # last year's report at hand: the cross-year rules too (carry-over, 现行有效件数, copied text)
        found = load.checked(report, from_dict(last.model))[1]
    findings = named([f.to_dict() for f in found], report)
    item = PublishedReport(agency=agency, uploaded_by=user, file_name=name, sha256=upload.sha256, size=len(data),
                           form=load.file_form(data), year=report.year,
                           agency_as_printed=(report.agency or "")[:200], model=to_dict(report), findings=findings,
                           errors=sum(f["severity"] == "error" for f in findings),
                           warnings=sum(f["severity"] == "warning" for f in findings))
    try:
        with transaction.atomic():
            item.save()
    except IntegrityError:  # filed at the same moment from another request
        raise UploadRefused(f"{name}：与同时上传的文件内容相同，未重复保存") from None
    return item


def confirm_agency(user, upload: Upload, agency_id: int) -> Upload:
    """The uploader says which agency an upload's printed name is: kept as that agency's alias
    (so that the name is known from now on), and the file read again and filed under it."""
    if upload.state != Upload.State.UNSURE or upload.uploaded_by_id != user.pk:
        raise UploadRefused("这份上传不在待确认状态")
    if agency_id not in {c["id"] for c in upload.candidates}:
        raise UploadRefused("所选机关不在候选名单中")
    agency = Agency.objects.uploadable_by(user).filter(pk=agency_id).first()
    if agency is None:
        raise UploadRefused("您不能为所选机关上传年报")
    if placed(upload.agency_as_printed):  # a name without a place (市科学技术局) is every city's: filed, not kept
        confirm(upload.agency_as_printed, agency, f"上传“{upload.file_name}”时由 {user.get_username()} 确认")
    upload.state, upload.candidates = Upload.State.READING, []
    upload.save()
    return read_upload(upload, agency)


def named(findings: list[dict], report: AnnualReport) -> list[dict]:
    """Each cell a finding names, with its name in the statutory format (worked out once,
    when the report is read)."""
    for f in findings:
        for e in f.get("evidence", []):
            if e.get("path") and "name" not in e:
                e["name"] = label(report, e["path"])
    return findings


def readable(findings: list[dict], report: AnnualReport | None = None, lines: bool = True) -> list[dict]:
    """Findings as a person reads them: the severity in words, the message first, each
    cell by its name in the statutory format; the rule code kept, secondary. `lines`
    False for a report being written on the platform (it has no lines of its own yet)."""
    if report is not None:
        findings = named([dict(f, evidence=[dict(e) for e in f.get("evidence", [])]) for f in findings], report)
    out = []
    for f in findings:
        evidence = [dict(e, name=e.get("name", "")) for e in f.get("evidence", [])]
        if not lines:
            evidence = [dict(e, line=None, page=None) for e in evidence]
        out.append(dict(f, severity_zh=SEVERITY_ZH.get(f["severity"], f["severity"]), evidence=evidence))
    return out


def _marks(findings: list[dict]) -> dict[str, str]:
    """Cell path → the worst severity of the findings that name it."""
    order = {"error": 0, "warning": 1, "notice": 2}
    marks: dict[str, str] = {}
    for f in findings:
        paths = [e["path"] for e in f.get("evidence", []) if e.get("path")]
        if f.get("table") in ("A", "B", "C") and f.get("column") is not None and not paths:
            paths = [CellRef(f["table"], f.get("row"), f["column"]).path]
        for p in paths:
            if p not in marks or order[f["severity"]] < order[marks[p]]:
                marks[p] = f["severity"]
    return marks


TABLE_TITLES = {t: SECTION_BY_KEY[key].label for t, key in TABLE_SECTIONS.items()} | {"legacy": LEGACY_TITLE}


def tables(report: AnnualReport, findings: list[dict]) -> list[dict]:
    """The report's statutory tables as the format lays them out (`render.grid`), every
    row of the format (those it does not print marked), each cell marked with the worst
    finding on it: [{"title", "grid", "css"}]."""
    marks = _marks(findings)
    out = []
    for table, grid in grids(report, unprinted=True).items():
        for cell in grid.cells():
            if cell.path:
                cell.mark = marks.get(cell.path, "")
        out.append({"title": TABLE_TITLES[table], "grid": grid, "css": {"B": "b", "C": "c3"}.get(table, "")})
    return out


COMPARED = (("new_received", "本年新收申请"), ("carried_over", "上年结转申请"), ("carry_forward", "结转下年度继续办理"))


def compared(model: dict, last: dict) -> list[tuple[str, object, object]]:
    """This year's headline numbers beside last year's (总计 column of table 二; table 三's
    totals; 现行有效 normative documents)."""
    def b(m, key):
        row = ((m.get("table_b") or {}).get("rows") or {}).get(key)
        return row[6] if row else None

    def c(m, i):
        cells = m.get("table_c")
        return cells[i] if cells else None

    def a(m):
        return ((m.get("table_a") or {}).get("normative_documents") or {}).get("in_force")

    rows = [(name, b(model, key), b(last, key)) for key, name in COMPARED]
    rows += [("行政复议（总计）", c(model, 4), c(last, 4)), ("未经复议直接起诉（总计）", c(model, 9), c(last, 9)),
             ("复议后起诉（总计）", c(model, 14), c(last, 14)), ("现行有效行政规范性文件", a(model), a(last))]
    return rows


def source(item: PublishedReport, path: str) -> dict | None:
    """Where a value was read: its line (and page) in the uploaded file, with the lines
    around it; None when the cell was not printed."""
    src = item.model.get("provenance", {}).get(path)
    if not src:
        return None
    lines = load.source_lines((settings.UPLOAD_DIR / item.sha256).read_bytes(), item.file_name, WEB_SECONDS)
    n = src.get("line") or 0
    context = [(i, lines[i - 1], i == n) for i in range(max(1, n - 2), min(len(lines), n + 2) + 1)]
    return {"name": label(from_dict(item.model), path), "src": src, "context": context}


DOCUMENTS = {"json": "application/json", "pdf": "application/pdf"}


def document(report: AnnualReport | dict, fmt: str) -> tuple[bytes, str]:
    """The report as a document to download: (bytes, media type). Raises GongkaiError
    when it cannot be made (PDF without LibreOffice), KeyError for an unknown form."""
    if fmt == "json":
        model = report if isinstance(report, dict) else to_dict(report)
        return json.dumps(model, ensure_ascii=False, indent=2).encode(), DOCUMENTS["json"]
    report = from_dict(report) if isinstance(report, dict) else report
    if fmt == "docx":
        from ...render.docx import MEDIA_TYPE, render_docx
        return render_docx(report), MEDIA_TYPE
    if fmt == "pdf":
        from ...render.pdf import render_pdf
        return render_pdf(report), DOCUMENTS["pdf"]
    raise KeyError(fmt)


def accepted(agency_ids, year: int):
    """The uploads that count as an agency's report of `year` (filed and not voided), first first."""
    return PublishedReport.objects.filter(agency_id__in=agency_ids, year=year, voided=False).select_related(
        "agency").order_by("created")
