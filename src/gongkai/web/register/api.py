"""The register's part of the API: cases, registering one, and the moves on it —
validated by the same forms as the screens, stored through the same services."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Body, Router, Schema, Status
from ninja.errors import HttpError

from ...errors import GongkaiError, chinese
from ..agencies.models import Agency
from ..agencies.services import access
from ..audit.services import acting_as
from ..http import form_errors
from . import services
from .forms import MOVES, CaseForm, move_form
from .models import RequestCase
from .views import state

router = Router(tags=["依申请公开"])


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
    # the applicant's particulars (第二十九条), checked as the screens check them when given
    id_type: str = ""  # resident_id, passport, hk_macao, taiwan, credit_code, other
    id_number: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    postcode: str = ""
    delivery: str = ""  # post, email, pickup, online, fax


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
    handler: str | None  # the 承办人's user name


def _out(case: RequestCase, calendar) -> dict:
    shown = state(case, calendar, timezone.localdate())
    return {"id": case.pk, "agency": case.agency.name, "number": case.number, "applicant": case.applicant,
            "applicant_type": case.applicant_type, "channel": case.channel, "received": case.received,
            "due": case.due, "due_provisional": case.due_provisional, "due_note": case.due_note,
            "overdue": shown["overdue"], "outcome": case.outcome,
            "handler": case.handler.get_username() if case.handler_id else None}


@router.get("/cases", response=list[CaseOut], summary="可见的依申请公开案件（按答复期限排列，每次最多 1000 件）")
def cases(request, open_only: bool = False, offset: int = 0):
    calendar = services.work_calendar()  # first: the stored clocks follow the calendar
    items = RequestCase.objects.visible_to(request.user).select_related("agency", "handler").order_by("due", "id")
    if open_only:
        items = items.open()
    return [_out(c, calendar) for c in items[max(0, offset):max(0, offset) + 1000]]


@router.post("/cases", response={201: CaseOut}, summary="登记申请")
def new_case(request, data: CaseIn):
    agency = Agency.objects.editable_by(request.user).filter(name=data.agency).first()
    if agency is None:
        raise HttpError(404, "没有找到该机关，或无权登记")
    values = data.dict()
    values.pop("agency")
    # the same rules as the registration form (lengths, choices, no date to come)
    form = CaseForm({**{k: ("" if v is None else v) for k, v in values.items()}, "agency": agency.pk},
                    agencies=Agency.objects.filter(pk=agency.pk))
    if not form.is_valid():
        raise HttpError(422, form_errors(form))
    if RequestCase.objects.filter(agency=agency, number=values["number"]).exists():
        raise HttpError(422, f"编号 {values['number']} 已登记")
    try:
        with acting_as(request.user.get_username()):
            case = services.register(agency, **values)
    except GongkaiError as err:
        raise HttpError(422, chinese(str(err))) from err
    except IntegrityError as err:  # registered at the same moment by another request
        raise HttpError(422, f"编号 {values['number']} 已登记") from err
    return Status(201, _out(case, services.work_calendar()))


def _case(request, pk: int) -> RequestCase:
    services.work_calendar()  # first: the stored clocks follow the calendar
    return get_object_or_404(RequestCase.objects.visible_to(request.user).select_related("agency", "handler"), pk=pk)


@router.get("/cases/{pk}", response=CaseOut, summary="一件申请")
def one_case(request, pk: int):
    case = _case(request, pk)
    return _out(case, services.work_calendar())


@router.post("/cases/{pk}/{move}", response=CaseOut, summary="办理：补正、征求意见、延期、收费、办结……")
def act(request, pk: int, move: str, payload: dict = Body(...)):
    case = _case(request, pk)
    if move not in MOVES or case.agency_id not in access.editable_agency_ids(request.user):
        raise HttpError(404, "没有找到")
    if move == "extend" and not access.can_approve(request.user, case.agency_id):
        raise HttpError(403, "延长答复期限须由审核人批准")
    if move == "close" and case.agency.replies_signed and not access.can_approve(request.user, case.agency_id):
        raise HttpError(403, "本机关的答复须经审核人签发：请在案件页面起草答复并送审")
    payload.pop("approver", None)  # the approver is the token's user, never what the call says
    # the same rules as the move's form on the case page (dates, ranges, choices)
    form = move_form(move, {f"{move}-{k}": ("" if v is None else v) for k, v in payload.items()})
    if not form.is_valid():
        raise HttpError(422, form_errors(form))
    unknown = sorted(set(payload) - set(form.fields))
    if unknown:
        raise HttpError(422, f"不认识的字段：{'、'.join(unknown)}")
    kwargs = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
    if move == "extend":
        kwargs["approver"] = request.user.get_username()
    try:
        with acting_as(request.user.get_username()):
            case = services.apply(case, move, **kwargs)
    except (GongkaiError, TypeError) as err:
        raise HttpError(422, chinese(str(err))) from err
    return _out(case, services.work_calendar())
