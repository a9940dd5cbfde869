"""The REST API under /api/, described by OpenAPI at /api/openapi.json with
interactive docs at /api/docs (assets served locally). Token auth:
`Authorization: Bearer <token>`; anonymous calls get 401. Access follows the same
agency boundaries as the screens."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Body, File, NinjaAPI, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from ninja.security import HttpBearer

from ...checks import check
from ...errors import GongkaiError
from ...extract import extract
from ...ingest import read_bytes
from ...report.jsonio import to_dict
from ..records.models import Agency, RequestCase, acting_as
from ..records.services import apply, register
from . import access
from .cases import MOVES, CaseForm, _state, move_form
from .models import ApiToken, PublishedReport
from .views import _store, form_errors


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        found = ApiToken.objects.filter(digest=ApiToken.hash(token), voided=False).select_related("user").first()
        if found is None or not found.user.is_active or found.expired():
            return None
        request.user = found.user
        return found.user


api = NinjaAPI(title="gongkai 政府信息公开工作平台 API", version="1", auth=TokenAuth(),
               description="年报读取与检查、依申请公开台账。Token 认证：Authorization: Bearer <token>。")


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


def _checked(report, findings) -> dict:
    return {"agency": report.agency, "year": report.year, "format_version": report.format_version,
            "errors": sum(f.severity == "error" for f in findings),
            "warnings": sum(f.severity == "warning" for f in findings),
            "findings": [f.to_dict() for f in findings]}


@api.post("/check", response=Checked, summary="读取并检查一份年报（不保存）")
def check_file(request, file: UploadedFile = File(...)):
    try:
        report = extract(read_bytes(file.read(), file.name))
    except GongkaiError as err:
        raise HttpError(422, str(err)) from err
    return _checked(report, check(report))


@api.post("/extract", summary="读取一份年报，返回 JSON 模型（与 gongkai extract --format json 相同）")
def extract_file(request, file: UploadedFile = File(...)):
    try:
        return to_dict(extract(read_bytes(file.read(), file.name)))
    except GongkaiError as err:
        raise HttpError(422, str(err)) from err


class ReportOut(Schema):
    id: int
    agency: str
    year: int | None
    file_name: str
    errors: int
    warnings: int


def _report_out(r: PublishedReport) -> dict:
    return {"id": r.pk, "agency": r.agency.name, "year": r.year, "file_name": r.file_name, "errors": r.errors,
            "warnings": r.warnings}


@api.get("/reports", response=list[ReportOut], summary="可见的年报")
def reports(request):
    items = PublishedReport.objects.filter(agency_id__in=access.visible_agency_ids(request.user), voided=False)
    return [_report_out(r) for r in items.select_related("agency")]


@api.post("/reports", response={201: ReportOut}, summary="上传年报：读取、检查并保存")
def upload(request, file: UploadedFile = File(...)):
    editable = list(Agency.objects.filter(id__in=access.uploadable_agency_ids(request.user), voided=False))
    if not editable:
        raise HttpError(403, "没有可上传年报的机关")
    with acting_as(request.user.get_username()):  # the token's user, in the audit trail
        problem = _store(request, file, editable)
    if problem:
        raise HttpError(422, problem)
    return Status(201, _report_out(PublishedReport.objects.filter(uploaded_by=request.user).first()))


@api.get("/reports/{pk}", summary="一份年报的读取结果与检查结果")
def report(request, pk: int):
    item = get_object_or_404(PublishedReport, pk=pk, voided=False)
    access.visible_or_404(request.user, item, item.agency_id)
    return {**_report_out(item), "model": item.model, "findings": item.findings}


class CaseIn(Schema):
    agency: str
    number: str
    applicant: str
    applicant_type: str
    channel: str
    submitted: date
    confirmed: date | None = None
    subject: str = ""
    form: str = ""


class CaseOut(Schema):
    id: int
    agency: str
    number: str
    applicant: str
    applicant_type: str
    channel: str
    received: date
    due: date | None
    due_provisional: bool  # past the announced holiday schedules: the earliest plausible date
    due_note: str
    overdue: bool
    outcome: str | None


def _case_out(case: RequestCase) -> dict:
    from django.utils import timezone
    state = _state(case, timezone.localdate())
    return {"id": case.pk, "agency": case.agency.name, "number": case.number, "applicant": case.applicant,
            "applicant_type": case.applicant_type, "channel": case.channel, "received": case.confirmed or case.submitted,
            "due": state["due"], "due_provisional": bool(state.get("provisional")),
            "due_note": state.get("provisional") or state.get("note") or "", "overdue": state["overdue"],
            "outcome": case.outcome}


@api.get("/cases", response=list[CaseOut], summary="可见的依申请公开案件")
def cases(request, open_only: bool = False):
    items = RequestCase.objects.filter(agency_id__in=access.visible_agency_ids(request.user), voided=False)
    if open_only:
        items = items.filter(outcome__isnull=True)
    return [_case_out(c) for c in items.select_related("agency").order_by("-submitted")[:1000]]


@api.post("/cases", response={201: CaseOut}, summary="登记申请")
def new_case(request, data: CaseIn):
    agency = Agency.objects.filter(name=data.agency, id__in=access.editable_agency_ids(request.user)).first()
    if agency is None:
        raise HttpError(404, "没有找到该机关，或无权登记")
    fields = data.dict()
    fields.pop("agency")
    # the same rules as the registration form (lengths, choices, no date to come)
    form = CaseForm({**{k: ("" if v is None else v) for k, v in fields.items()}, "agency": agency.pk})
    form.fields["agency"].queryset = Agency.objects.filter(pk=agency.pk)
    if not form.is_valid():
        raise HttpError(422, form_errors(form))
    if RequestCase.objects.filter(agency=agency, number=fields["number"]).exists():
        raise HttpError(422, f"编号 {fields['number']} 已登记")
    try:
        with acting_as(request.user.get_username()):
            case = register(agency, **fields)
    except GongkaiError as err:
        raise HttpError(422, str(err)) from err
    except IntegrityError as err:  # registered at the same moment by another request
        raise HttpError(422, f"编号 {fields['number']} 已登记") from err
    return Status(201, _case_out(case))


def _case(request, pk: int) -> RequestCase:
    case = get_object_or_404(RequestCase, pk=pk, voided=False)
    try:
        return access.visible_or_404(request.user, case, case.agency_id)
    except Http404 as err:
        raise HttpError(404, "没有找到") from err


@api.get("/cases/{pk}", response=CaseOut, summary="一件申请")
def one_case(request, pk: int):
    return _case_out(_case(request, pk))


@api.post("/cases/{pk}/{move}", response=CaseOut, summary="办理：补正、征求意见、延期、收费、办结……")
def act(request, pk: int, move: str, payload: dict = Body(...)):
    case = _case(request, pk)
    if move not in MOVES or case.agency_id not in access.editable_agency_ids(request.user):
        raise HttpError(404, "没有找到")
    if move == "extend":
        if not access.can_approve(request.user, case.agency_id):
            raise HttpError(403, "延长答复期限须由审核人批准")
        payload["approver"] = request.user.get_username()
    # the same rules as the move's form on the case page (dates, ranges, choices)
    approver = payload.pop("approver", None)
    form = move_form(move, {f"{move}-{k}": ("" if v is None else v) for k, v in payload.items()})
    if not form.is_valid():
        raise HttpError(422, form_errors(form))
    unknown = sorted(set(payload) - set(form.fields))
    if unknown:
        raise HttpError(422, f"不认识的字段：{'、'.join(unknown)}")
    kwargs = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
    if approver:
        kwargs["approver"] = approver
    try:
        with acting_as(request.user.get_username()):
            case = apply(case, move, **kwargs)
    except (GongkaiError, TypeError) as err:
        raise HttpError(422, str(err)) from err
    return _case_out(case)
