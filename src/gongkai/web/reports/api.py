"""The reports' part of the API: check or read a file without keeping it; upload,
list and read the reports the platform keeps."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from ninja import File, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from ...errors import GongkaiError, chinese
from ...report.jsonio import to_dict
from ..agencies.models import Agency
from ..audit.services import acting_as
from . import services
from .models import PublishedReport

router = Router(tags=["年报"])


class Finding(Schema):
    rule: str
    severity: str
    message: str
    table: str | None = None
    row: str | None = None
    column: int | str | None = None


class Checked(Schema):
    agency: str | None
    year: int | None
    format_version: str | None
    errors: int
    warnings: int
    findings: list[Finding]


@router.post("/check", response=Checked, summary="读取并检查一份年报（不保存；与 gongkai check 相同）")
def check_file(request, file: UploadedFile = File(...)):
    try:
        report, findings = services.read_and_check(file.read(), file.name)
    except GongkaiError as err:
        raise HttpError(422, chinese(str(err))) from err
    return {"agency": report.agency, "year": report.year, "format_version": report.format_version,
            "errors": sum(f.severity == "error" for f in findings),
            "warnings": sum(f.severity == "warning" for f in findings),
            "findings": [f.to_dict() for f in findings]}


@router.post("/extract", summary="读取一份年报，返回 JSON 模型（与 gongkai extract --format json 相同）")
def extract_file(request, file: UploadedFile = File(...)):
    try:
        return to_dict(services.read_file(file.read(), file.name))
    except GongkaiError as err:
        raise HttpError(422, chinese(str(err))) from err


class ReportOut(Schema):
    id: int
    agency: str
    year: int | None
    file_name: str
    errors: int
    warnings: int


def _out(r: PublishedReport) -> dict:
    return {"id": r.pk, "agency": r.agency.name, "year": r.year, "file_name": r.file_name, "errors": r.errors,
            "warnings": r.warnings}


@router.get("/reports", response=list[ReportOut], summary="可见的年报")
def reports(request):
    return [_out(r) for r in PublishedReport.objects.visible_to(request.user).select_related("agency")]


@router.post("/reports", response={201: ReportOut}, summary="上传年报：读取、检查并保存")
def upload(request, file: UploadedFile = File(...)):
    if not Agency.objects.uploadable_by(request.user).exists():
        raise HttpError(403, "没有可上传年报的机关")
    try:
        with acting_as(request.user.get_username()):  # the token's user, in the audit trail
            item = services.upload(request.user, file.name, file.read())
    except GongkaiError as err:
        raise HttpError(422, chinese(str(err))) from err
    return Status(201, _out(item))


@router.get("/reports/{pk}", summary="一份年报的读取结果与检查结果")
def report(request, pk: int):
    item = get_object_or_404(PublishedReport.objects.visible_to(request.user), pk=pk)
    return {**_out(item), "model": item.model, "findings": item.findings}
