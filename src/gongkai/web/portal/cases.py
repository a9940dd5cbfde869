"""Screens of the request register (依申请公开台账): lists by clock state, registering a
request, a case with its timeline and the reason for its due date, and the moves the
条例 allows — validated by gongkai's clocks, audited by the records models."""

from __future__ import annotations

from datetime import date

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from ...cases.clocks import APPLICANT_TYPES, CHANNELS, REPLY_TYPES, Step
from ...cases.letters import KINDS as LETTER_KINDS
from ...cases.letters import act_date, needs_reasons
from ...errors import GongkaiError
from ...report.catalog import TABLE_B_RESULT_KEYS, TABLE_B_ROW
from ..records.models import Agency, AuditEntry, RequestCase
from ..records.services import apply, register, work_calendar
from . import access
from .views import form_errors

DUE_SOON_DAYS = 5
FILTERS = {"open": "办理中", "due_soon": "即将到期", "overdue": "已逾期", "closed": "已办结", "all": "全部"}
EVENT_NAMES = {"correction_notice": "发出补正告知书", "correction_received": "收到补正材料", "consultation": "征求意见",
               "extension": "延长答复期限", "agency_date": "依第三十五条确定期限", "fee_notice": "发出收费通知",
               "fee_paid": "申请人缴费", "closed": "办结"}


class CaseForm(forms.Form):
    agency = forms.ModelChoiceField(Agency.objects.none(), label="机关", empty_label=None)
    number = forms.CharField(label="编号", max_length=50)
    applicant = forms.CharField(label="申请人", max_length=200)
    applicant_type = forms.ChoiceField(label="申请人类型", choices=list(APPLICANT_TYPES.items()))
    channel = forms.ChoiceField(label="申请方式", choices=[(k, k) for k in CHANNELS])
    submitted = forms.DateField(label="提交日期", widget=forms.DateInput(attrs={"type": "date"}))
    confirmed = forms.DateField(label="签收/双方确认日期（邮寄、网络、传真必填）", required=False,
                                widget=forms.DateInput(attrs={"type": "date"}))
    subject = forms.CharField(label="申请内容", widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000)
    form = forms.CharField(label="提供形式", max_length=50, required=False)

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        for name in ("submitted", "confirmed"):
            if data.get(name) and data[name] > today:
                self.add_error(name, f"{self.fields[name].label}不能晚于今天（{today}）")
        return data


CONSULTED = {"third_party": "第三方", "co_maker": "共同制作机关"}


def _d(name: str, label: str, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=forms.DateInput(attrs={"type": "date"}))


MOVES = {  # move → (button text, fields)
    "request_correction": ("发出补正告知", {"on": _d("on", "告知日期"), "deadline": _d("deadline", "补正期限")}),
    "correction_received": ("收到补正", {"on": _d("on", "收到日期")}),
    "consultation": ("征求意见", {"kind": forms.ChoiceField(label="对象", choices=list(CONSULTED.items())),
                              "party": forms.CharField(label="第三方或共同制作机关名称", max_length=200, required=False),
                              "sent": _d("sent", "发出日期"), "answered": _d("answered", "答复日期", False)}),
    "extend": ("延长答复期限", {"on": _d("on", "批准日期"),
                           "days": forms.IntegerField(label="延长工作日数", min_value=1, max_value=20),
                           "notified": _d("notified", "告知申请人日期")}),
    "fee_notice": ("发出收费通知", {"on": _d("on", "通知日期"), "amount_yuan": forms.IntegerField(label="金额（元）", min_value=1),
                               "delivered": _d("delivered", "申请人收到日期")}),
    "fee_paid": ("登记缴费", {"on": _d("on", "缴费日期")}),
    "close": ("办结", {"outcome": forms.ChoiceField(label="办理结果", choices=[(k, TABLE_B_ROW[k].label)
                                                                        for k in TABLE_B_RESULT_KEYS]),
                     "reply_type": forms.ChoiceField(label="答复类型（第三十六条）", required=False,
                                                     choices=[("", "—")] + list(REPLY_TYPES.items())),
                     "reasons": forms.CharField(label="理由或说明（写入答复书：不予公开、无法提供、不予处理的理由，"
                                                      "已公开信息的获取途径等）", required=False, max_length=2000,
                                                widget=forms.Textarea(attrs={"rows": 3})),
                     "served": _d("served", "送达日期")}),
}


def _clean_close(form) -> dict:
    data = forms.Form.clean(form)
    outcome, reply = data.get("outcome"), data.get("reply_type") or None
    if outcome and not (data.get("reasons") or "").strip() and needs_reasons(outcome, reply):
        form.add_error("reasons", f"办理结果为“{TABLE_B_ROW[outcome].label}”的，答复书须写明理由或说明")
    return data


def _clean_consultation(form) -> dict:
    data = forms.Form.clean(form)
    if data.get("kind") == "third_party" and not (data.get("party") or "").strip():
        form.add_error("party", "征求第三方意见须写明第三方名称（写入征询函）")
    return data


_CLEAN = {"close": _clean_close, "consultation": _clean_consultation}


def move_form(move: str, data=None) -> forms.Form:
    attrs = dict(MOVES[move][1]) | ({"clean": _CLEAN[move]} if move in _CLEAN else {})
    return type(f"{move}Form", (forms.Form,), attrs)(data, prefix=move)


def _state(case: RequestCase, today: date) -> dict:
    cal = work_calendar()  # past the announced schedules: a provisional date, never none
    try:
        clock = case.to_domain().clock(cal)
    except GongkaiError as err:
        return {"due": None, "left": None, "note": str(err), "overdue": False}
    state = _due_state(case, clock, clock.due, cal, today)
    state["provisional"] = cal.note() if clock.due else ""
    if state["provisional"]:
        clock.steps.append(Step(state["provisional"], None))
    return state


def _due_state(case: RequestCase, clock, due, cal, today: date) -> dict:
    if case.outcome or due is None:
        closed = next((e for e in case.events.all() if e.kind == "closed" and not e.voided), None)
        late = date.fromisoformat(closed.data["due"]) if closed and closed.data.get("late") else None
        return {"due": due, "left": None, "note": "等待补正" if due is None and not case.outcome else
                "逾期答复" if late else "", "overdue": False, "clock": clock, "late": late}
    if today > due:
        return {"due": due, "left": None, "note": f"已逾期（{due}）", "overdue": True, "clock": clock}
    try:
        left = cal.working_days_in(today, due) - (1 if cal.is_workday(today) else 0)
    except GongkaiError:
        left = None
    return {"due": due, "left": left, "note": "", "overdue": False, "clock": clock}


def case_list(request):
    visible = access.visible_agency_ids(request.user)
    which = request.GET.get("show", "open")
    if which not in FILTERS:
        which = "open"
    items = RequestCase.objects.filter(agency_id__in=visible, voided=False).select_related("agency")
    items = items.prefetch_related("events")
    items = items.filter(outcome__isnull=which != "closed") if which != "all" else items
    q = request.GET.get("q", "").strip()
    if q:
        items = items.filter(Q(number__icontains=q) | Q(applicant__icontains=q))
    today = timezone.localdate()
    rows = []
    for case in items.order_by("-submitted", "number")[:500]:
        state = _state(case, today)
        if which == "overdue" and not state["overdue"]:
            continue
        if which == "due_soon" and not (state["left"] is not None and state["left"] <= DUE_SOON_DAYS):
            continue
        rows.append((case, state))
    return render(request, "portal/cases.html", {
        "rows": rows, "filters": FILTERS, "show": which, "q": q,
        "can_register": bool(access.editable_agency_ids(request.user))})


@require_http_methods(["GET", "POST"])
def case_new(request):
    editable = Agency.objects.filter(id__in=access.editable_agency_ids(request.user), voided=False)
    if not editable.exists():
        raise Http404("没有找到")
    form = CaseForm(request.POST or None, initial={"agency": editable.order_by("name").first()})
    form.fields["agency"].queryset = editable.order_by("name")
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        agency = fields.pop("agency")
        if agency.cases.filter(number=fields["number"]).exists():
            form.add_error("number", "该编号已存在")
        else:
            try:
                case = register(agency, **fields)
            except GongkaiError as err:
                form.add_error(None, str(err))
            else:
                messages.success(request, f"已登记申请 {case.number}。")
                return redirect("case", pk=case.pk)
    return render(request, "portal/case_new.html", {"form": form})


def _visible_case(request, pk: int) -> RequestCase:
    case = get_object_or_404(RequestCase, pk=pk, voided=False)
    return access.visible_or_404(request.user, case, case.agency_id)


def case_detail(request, pk: int):
    case = _visible_case(request, pk)
    state = _state(case, timezone.localdate())
    editable = case.agency_id in access.editable_agency_ids(request.user)
    moves = []
    if editable and not case.outcome:
        for move, (label, _) in MOVES.items():
            if move == "extend" and not access.can_approve(request.user, case.agency_id):
                continue
            moves.append((move, label, move_form(move)))
    events = [(EVENT_NAMES.get(e.kind, e.kind), e, described(e.data)) for e in case.events.filter(voided=False)]
    entries = AuditEntry.objects.filter(Q(model="requestcase", object_id=str(case.pk)) |
                                        Q(model="caseevent", object_id__in=[str(e.pk) for _, e, _ in events]))
    return render(request, "portal/case.html", {"case": case, "state": state, "events": events, "moves": moves,
                                                "history": [_readable(h) for h in entries], "editable": editable,
                                                "letters": _letters(case),
                                                "manage": access.can_manage(request.user, case.agency_id)})


def _letters(case: RequestCase) -> list[tuple[str, str, str]]:
    """(kind, name, 文号 if issued) for the letters the case's acts allow."""
    domain = case.to_domain()
    issued = dict(case.letters.values_list("kind", "number"))
    return [(kind, name, issued.get(kind, "")) for kind, name in LETTER_KINDS.items() if act_date(domain, kind)]


_ACTIONS = {"create": "登记", "update": "修改", "void": "作废"}
_HIDDEN = {"id", "agency_id", "case_id", "voided", "void_reason", "fee_suspends"}
DATA_NAMES = {"deadline": "补正期限", "kind": "对象", "party": "名称", "until": "征求意见至", "days": "延长工作日数",
              "approver": "批准人", "notified": "告知申请人日期", "due": "期限", "reason": "理由", "amount": "金额（元）",
              "delivered": "申请人收到日期", "pay_by": "缴费期限", "outcome": "办理结果", "reply_type": "答复类型",
              "reasons": "理由或说明", "served": "送达日期", "late": "逾期答复"}


def _value(key: str, value) -> str:
    """A recorded value as a person reads it: labels for codes, 是/否, dates as printed."""
    if key == "outcome" and value in TABLE_B_ROW:
        return TABLE_B_ROW[value].label
    if key == "reply_type":
        return REPLY_TYPES.get(value, "—") if value else "—"
    if key == "kind" and value in CONSULTED:
        return CONSULTED[value]
    if isinstance(value, bool):
        return "是" if value else "否"
    return "—" if value in (None, "") else str(value)


def described(data: dict) -> list[tuple[str, str]]:
    """An event's data as (name, value) pairs in words — never a dict or a key."""
    return [(DATA_NAMES.get(k, k), _value(k, v)) for k, v in data.items() if k in DATA_NAMES]


def _readable(entry: AuditEntry) -> dict:
    """An audit entry with field names and values as a person reads them."""
    model = RequestCase if entry.model == "requestcase" else None
    names = {f.attname: str(f.verbose_name) for f in RequestCase._meta.concrete_fields} if model else {}
    what = "申请" if model else EVENT_NAMES.get((entry.changes.get("kind") or [None, None])[1], "办理事项")
    choices = {f.attname: dict(f.choices) for f in RequestCase._meta.concrete_fields if f.choices} if model else {}
    changes = []
    for key, (old, new) in entry.changes.items():
        if key in _HIDDEN or (new in (None, "", {}) and not old) or (not model and key == "kind"):
            continue
        if not model and key == "data":  # an event's contents, item by item
            changes += [(name, None, value) for name, value in described(new or {})]
            continue
        shown = (lambda v, k=key: choices.get(k, {}).get(v, v) if isinstance(v, str) else v)  # natural_person → 自然人
        changes.append((names.get(key, {"on": "日期"}.get(key, key)), shown(old), shown(new)))
    return {"at": entry.at, "actor": entry.actor, "action": _ACTIONS.get(entry.action, entry.action), "what": what,
            "changes": changes}


@require_POST
def case_act(request, pk: int, move: str):
    case = _visible_case(request, pk)
    if move not in MOVES or case.agency_id not in access.editable_agency_ids(request.user):
        raise Http404("没有找到")
    if move == "extend" and not access.can_approve(request.user, case.agency_id):
        raise PermissionDenied("延长答复期限须由审核人批准")
    form = move_form(move, request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect("case", pk=pk)
    kwargs = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
    if move == "extend":
        kwargs["approver"] = request.user.get_full_name() or request.user.get_username()
    try:
        apply(case, move, **kwargs)
    except GongkaiError as err:
        messages.error(request, str(err))
    else:
        messages.success(request, f"已{MOVES[move][0]}。")
    return redirect("case", pk=pk)
