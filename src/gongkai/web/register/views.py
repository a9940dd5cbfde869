"""Screens of the request register (依申请公开台账): lists by clock state (sorted,
filtered and paged in SQL over the stored clocks), registering a request, a case with
its timeline and the reason for its due date, the moves the 条例 allows, its letters,
and the letter templates of an agency."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from ...cases.calendar import provisional
from ...cases.clocks import REPLY_TYPES, Step
from ...cases.letters import KINDS as LETTER_KINDS
from ...cases.letters import PLACEHOLDERS, reply_text
from ...errors import GongkaiError, chinese
from ...render.docx import MEDIA_TYPE
from ...report.catalog import TABLE_B_ROW
from ..agencies.models import Agency
from ..agencies.services import access, staff
from ..audit.services import entries_for
from ..builder.services import submitted_drafts
from ..http import attachment, form_errors
from . import exports, services
from .filters import CaseFilter
from .forms import (
    CONSULTED,
    CORRECTABLE,
    MOVES,
    AgencyLetterForm,
    AttachmentForm,
    CaseForm,
    ReturnForm,
    ServeForm,
    TemplateForm,
    correction_form,
    move_form,
    reply_form,
)
from .models import ApplicantType, Approval, CaseEvent, EventKind, LetterTemplate, Outcome, RequestCase

DUE_SOON_DAYS = 5
PAGE_SIZE = 50
TASK_ROWS = 20  # of each kind of task on the home page; the lists hold the rest
FILTERS = {"open": "办理中", "due_soon": "即将到期", "overdue": "已逾期", "mine": "我承办的", "closed": "已办结",
           "all": "全部"}
EXPORTS = ("csv", "xlsx")


LISTED = ("number", "applicant", "applicant_type", "channel", "received", "due", "due_provisional", "due_note", "outcome",
          "late", "closed_on", "agency__name", "handler__username")  # what a list shows of a case


def soon(calendar, today: date) -> date:
    """The last day a case due by it is 即将到期: at most DUE_SOON_DAYS working days ahead."""
    return provisional(calendar).add_working_days(today, DUE_SOON_DAYS + 1).end - timedelta(days=1)


def listed(user, which: str, calendar, today: date):
    """The cases of a tab of the list, in its order: a query (sorted and filtered in SQL)."""
    items = RequestCase.objects.visible_to(user).select_related("agency", "handler").only(*LISTED)
    if which == "open":
        items = items.open()
    elif which == "closed":
        items = items.closed()
    elif which == "overdue":
        items = items.overdue(today)
    elif which == "due_soon":
        items = items.due_by(today, soon(calendar, today))
    elif which == "mine":
        items = items.open().filter(handler=user)
    if which == "closed":
        return items.order_by("-closed_on", "-id")
    if which == "all":
        return items.order_by("-received", "-id")
    return items.order_by(F("due").asc(nulls_last=True), "received", "id")


def state(case: RequestCase, calendar, today: date) -> dict:
    """What a list or the case page says of a case's clock, from its stored clock."""
    out = {"due": case.due, "left": None, "note": "", "overdue": False, "provisional": "",
           "late": case.due if case.late else None, "type": ApplicantType(case.applicant_type).label,
           "outcome": Outcome(case.outcome).label if case.outcome else "办理中"}
    if case.due_provisional:
        out["provisional"] = case.due_note
    if case.outcome:
        out["note"] = "逾期答复" if case.late else ""
    elif case.due is None:
        out["note"] = case.due_note
    elif today > case.due:
        out.update(note=f"已逾期（{case.due}）", overdue=True)
    else:
        out["left"] = provisional(calendar).working_days_in(today + timedelta(days=1), case.due)
    return out


TASKS = {"overdue": "已逾期", "today": "今日到期", "week": "本周到期", "approvals": "待我审核",
         "waiting": "等待申请人（补正、缴费）", "mine": "我承办的"}


def task_list(request):
    """The user's work: what is overdue, due today and this week, waiting for its
    signature, waiting for the applicant, and the cases it handles."""
    if not Agency.objects.editable_by(request.user).exists():
        raise Http404("没有找到")
    today, calendar = timezone.localdate(), services.work_calendar()  # first: the stored clocks follow it
    found = services.tasks(request.user, today)
    shown = {}
    for key, label in TASKS.items():
        items = found[key]
        total = items.count()
        rows = list(items[:TASK_ROWS])
        if key != "approvals":
            rows = [(case, state(case, calendar, today)) for case in rows]
        shown[key] = {"label": label, "rows": rows, "total": total}
    return render(request, "register/tasks.html", {"tasks": shown, "today": today, "rows_shown": TASK_ROWS})


def case_list(request):
    """The list: a tab (办理中, 即将到期 …), the filters and the sort of the address, a
    search over every case (whatever the tab), paged — or, with ?export=csv|xlsx, the
    whole list as a file."""
    q = request.GET.get("q", "").strip()
    which = request.GET.get("show") or ("all" if q else "open")
    if which not in FILTERS:
        which = "open"
    today, calendar = timezone.localdate(), services.work_calendar()  # first: the stored clocks follow it
    found = CaseFilter(request.GET, queryset=listed(request.user, which, calendar, today), user=request.user)
    items = found.qs if found.is_valid() else RequestCase.objects.none()
    export = request.GET.get("export")
    if export in EXPORTS:
        return exports.cases(items, export, lambda case: state(case, calendar, today))
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    kept = request.GET.copy()
    kept.pop("page", None)
    return render(request, "register/cases.html", {
        "rows": [(case, state(case, calendar, today)) for case in page], "page": page, "filters": FILTERS,
        "show": which, "q": q, "filter": found, "kept": kept.urlencode(), "selects": found.selects(request.GET),
        "can_register": Agency.objects.editable_by(request.user).exists()})


@require_http_methods(["GET", "POST"])
def case_new(request):
    editable = Agency.objects.editable_by(request.user).order_by("name")
    if not editable.exists():
        raise Http404("没有找到")
    form = CaseForm(request.POST or None, initial={"agency": editable.first()}, agencies=editable)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        agency = values.pop("agency")
        if agency.cases.filter(number=values["number"]).exists():
            form.add_error("number", "该编号已存在")
        else:
            try:
                case = services.register(agency, **values)
            except GongkaiError as err:
                form.add_error(None, chinese(str(err)))
            else:
                messages.success(request, f"已登记申请 {case.number}。")
                return redirect("register:case", pk=case.pk)
    return render(request, "register/case_new.html", {"form": form})


def visible(request, pk: int) -> RequestCase:
    return get_object_or_404(RequestCase.objects.visible_to(request.user), pk=pk)


def case_detail(request, pk: int):
    calendar = services.work_calendar()  # first: the stored clocks follow it
    case = visible(request, pk)
    shown = state(case, calendar, timezone.localdate())
    view = provisional(calendar)
    try:
        clock = case.to_domain().clock(view)
    except GongkaiError as err:
        shown["explain"] = chinese(str(err))
    else:
        if view.note():
            clock.steps.append(Step(view.note(), None))
        shown["explain"] = clock.explain()
    editable = case.agency_id in access.editable_agency_ids(request.user)
    approver = access.can_approve(request.user, case.agency_id)
    approval = services.approval_of(case)
    signing = case.agency.replies_signed and editable and not case.outcome  # 送审 → 签发 → 送达
    moves = []
    if editable and not case.outcome:
        allowed = set(case.to_domain().moves())  # only the steps the case's state allows
        if signing and not approver:
            allowed.discard("close")  # a clerk's reply goes out only once signed
        for move, (label, _) in MOVES.items():
            if move not in allowed:
                continue
            if move == "extend" and not approver:
                asked = services.approval_of(case, "extension")
                if asked is None or asked.state != Approval.State.PENDING:  # a clerk asks; an approver signs
                    moves.append(("extend", "申请延长答复期限（送审）", move_form(move)))
                continue
            moves.append((move, label, move_form(move)))
    events = [(EventKind(e.kind).label, e, described(e.data, e.kind)) for e in case.events.filter(voided=False)]
    kinds = {str(e.pk): e.kind for e in case.events.all()}
    entries = entries_for(("requestcase", [case.pk]), ("caseevent", list(kinds)))
    registration, fixes = _corrections(case, events) if approver else (None, {})
    reply = None
    if signing:
        stage = approval.state if approval else None
        reply = {"approval": approval, "approver": approver,
                 "draft": reply_form(initial=approval.draft if approval else None)
                 if stage in (None, Approval.State.RETURNED) and not approver else None,
                 "preview": _preview(case, approval) if stage == Approval.State.PENDING else "",
                 "serve": ServeForm() if stage == Approval.State.SIGNED else None,
                 "back": ReturnForm()}
    events = [(name, e, items, fixes.get(e.pk)) for name, e, items in events]
    work = {"notes": case.notes.filter(voided=False), "attachments": case.attachments.filter(voided=False),
            "attach_form": AttachmentForm(), "handlers": staff(case.agency_id)} if editable else {}
    return render(request, "register/case.html", {**work,
        "case": case, "state": shown, "events": events, "moves": moves, "editable": editable,
        "history": [history_entry(h, kinds) for h in entries], "letters": services.letters_of(case), "registration": registration, "reply": reply,
        "approver": approver, "extension": services.approval_of(case, "extension"),
        "manage": access.can_manage(request.user, case.agency_id)})


def _editable(request, pk: int) -> RequestCase:
    case = visible(request, pk)
    if case.agency_id not in access.editable_agency_ids(request.user):
        raise PermissionDenied("只有本机关的工作人员可以办理")
    return case


@require_POST
def case_assign(request, pk: int):
    """The case given to a 承办人 of its agency."""
    case = _editable(request, pk)
    chosen = request.POST.get("handler", "")
    handler = next((u for u in staff(case.agency_id) if str(u.pk) == chosen), None) if chosen else None
    if chosen and handler is None:
        messages.error(request, "所选的人不是本机关的工作人员")
        return redirect("register:case", pk=pk)
    services.assign(case, handler, request.user.get_username())
    messages.success(request, f"已分配给{handler.get_username()}。" if handler else "已取消分配。")
    return redirect("register:case", pk=pk)


@require_POST
def case_note(request, pk: int):
    case = _editable(request, pk)
    try:
        services.add_note(case, request.user.get_username(), request.POST.get("text", ""))
    except GongkaiError as err:
        messages.error(request, chinese(str(err)))
    return redirect("register:case", pk=pk)


@require_POST
def case_attach(request, pk: int):
    case = _editable(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect("register:case", pk=pk)
    upload = form.cleaned_data["file"]
    try:
        services.attach(case, form.cleaned_data["kind"], upload.name, upload.read(), request.user.get_username())
    except GongkaiError as err:
        messages.error(request, chinese(str(err)))
    else:
        messages.success(request, f"已上传“{upload.name}”。")
    return redirect("register:case", pk=pk)


def case_attachment(request, pk: int, item: int):
    """A file of the case, as it was uploaded (to the agency's staff only)."""
    case = _editable(request, pk)
    found = get_object_or_404(case.attachments.filter(voided=False), pk=item)
    return attachment(services.attachment_path(found.sha256).read_bytes(), "application/octet-stream", found.name)


@require_POST
def case_correct(request, pk: int, step: int):
    """An approver corrects a step of the case (step 0: its registration) or voids it,
    with a reason; the record is made again under the rules, the clock follows."""
    case = visible(request, pk)
    if not access.can_approve(request.user, case.agency_id):
        raise PermissionDenied("更正或作废办理记录须由审核人进行")
    event = get_object_or_404(case.events.filter(voided=False), pk=step) if step else None
    form = correction_form(event.kind if event else None, request.POST, prefix=f"fix{step}")
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect("register:case", pk=pk)
    data = dict(form.cleaned_data)
    reason, void = data.pop("reason"), data.pop("void", False)
    values = {k: v for k, v in data.items() if v not in (None, "") or k in ("confirmed", "reply_type", "reasons")}
    if "reply_type" in values:
        values["reply_type"] = values["reply_type"] or None
    try:
        services.correct(case, step or None, reason, request.user.get_username(), void=void, **values)
    except GongkaiError as err:
        messages.error(request, f"未更正：{chinese(str(err))}")
    else:
        messages.success(request, "已作废这一记录。" if void else "已更正，答复期限已按更正后的记录重新计算。")
    return redirect("register:case", pk=pk)


def _corrections(case: RequestCase, events) -> tuple:
    """The correction forms an approver sees: the registration's, and each step's."""
    registration = correction_form(None, initial={k: getattr(case, k) for k in CORRECTABLE[None]}, prefix="fix0")
    steps = {e.pk: correction_form(e.kind, initial={"on": e.on, **e.to_domain().data}, prefix=f"fix{e.pk}")
             for _, e, _ in events}
    return registration, steps


def _preview(case: RequestCase, approval) -> str:
    """The 答复内容 the approver is asked to sign, as the 答复书 will say it."""
    trial = case.to_domain()
    draft = {k: v for k, v in approval.draft.items() if v not in (None, "")}
    try:
        trial.close(served=timezone.localdate(), **draft)
        return reply_text(trial)[0]
    except GongkaiError as err:
        return chinese(str(err))


@require_POST
def reply_submit(request, pk: int):
    """A clerk's reply sent for approval (送审)."""
    case = visible(request, pk)
    if case.agency_id not in access.editable_agency_ids(request.user):
        raise PermissionDenied("只有本机关的经办人可以送审")
    form = reply_form(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect("register:case", pk=pk)
    try:
        services.submit_reply(case, request.user.get_username(), form.cleaned_data["outcome"],
                              form.cleaned_data.get("reply_type") or None, form.cleaned_data.get("reasons") or "")
    except GongkaiError as err:
        messages.error(request, chinese(str(err)))
    else:
        messages.success(request, "答复已送审，待审核人签发。")
    return redirect("register:case", pk=pk)


@require_POST
def decide(request, pk: int, action: str):
    """The approver signs a reply or an extension (签发, the `kind` posted) or returns it
    with a reason (退回)."""
    case = visible(request, pk)
    if not access.can_approve(request.user, case.agency_id):
        raise PermissionDenied("签发或退回答复须由审核人进行")
    kind = request.POST.get("kind", "reply")
    approval = services.approval_of(case, kind) if kind in ("reply", "extension") else None
    if approval is None or action not in ("sign", "return"):
        raise Http404("没有找到")
    try:
        services.decide(approval, request.user.get_username(), action == "sign", request.POST.get("note", ""))
    except GongkaiError as err:
        messages.error(request, chinese(str(err)))
    else:
        what = approval.get_kind_display()
        messages.success(request, ("答复已签发，可以送达办结。" if kind == "reply" else "延期已签发，答复期限已延长。")
                         if action == "sign" else f"{what}已退回经办人。")
    return redirect("register:case", pk=pk)


@require_POST
def extension_submit(request, pk: int):
    """A clerk asks for an extension (送审); an approver's signature makes it."""
    case = visible(request, pk)
    if case.agency_id not in access.editable_agency_ids(request.user):
        raise PermissionDenied("只有本机关的经办人可以申请延期")
    form = move_form("extend", request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect("register:case", pk=pk)
    try:
        services.submit_extension(case, request.user.get_username(), **form.cleaned_data)
    except GongkaiError as err:
        messages.error(request, chinese(str(err)))
    else:
        messages.success(request, "延期申请已送审，待审核人签发。")
    return redirect("register:case", pk=pk)


@require_POST
def reply_serve(request, pk: int):
    """The signed reply served: the case closes with what was signed."""
    case = visible(request, pk)
    if case.agency_id not in access.editable_agency_ids(request.user):
        raise PermissionDenied("只有本机关的经办人、审核人可以办结")
    form = ServeForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect("register:case", pk=pk)
    try:
        services.serve(case, form.cleaned_data["served"])
    except GongkaiError as err:
        messages.error(request, chinese(str(err)))
    else:
        messages.success(request, "已送达，申请办结。")
    return redirect("register:case", pk=pk)


def approvals(request):
    """The 待审核 queue: replies waiting for this approver's signature."""
    ids = [a for a in access.editable_agency_ids(request.user) if access.can_approve(request.user, a)]
    return render(request, "register/approvals.html", {"items": services.pending_approvals(ids),
                                                       "reports": submitted_drafts(ids)})


ACTIONS = {"create": "登记", "update": "修改", "void": "作废"}
HIDDEN = {"id", "agency_id", "case_id", "voided", "void_reason", "fee_suspends", "due_provisional", "due_note"}
DATA_NAMES = {"deadline": "补正期限", "kind": "对象", "party": "名称", "until": "征求意见至", "days": "延长工作日数",
              "approver": "批准人", "notified": "告知申请人日期", "due": "期限", "reason": "理由", "amount": "金额（元）",
              "delivered": "申请人收到日期", "pay_by": "缴费期限", "outcome": "办理结果", "reply_type": "答复类型",
              "reasons": "理由或说明", "served": "送达日期"}
NOT_SHOWN = {"closed": {"late", "due"}}  # what earlier versions wrote at closing: lateness follows the due date now


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


def described(data: dict, kind: str = "") -> list[tuple[str, str]]:
    """An event's data as (name, value) pairs in words — never a dict or a key."""
    hidden = NOT_SHOWN.get(kind, set())
    return [(DATA_NAMES.get(k, k), _value(k, v)) for k, v in data.items() if k in DATA_NAMES and k not in hidden]


def history_entry(entry, kinds: dict | None = None) -> dict:
    """An audit entry of a case or one of its steps (`kinds`: step id → its kind), with
    names and values in words."""
    is_case = entry.model == "requestcase"
    fields = RequestCase._meta.concrete_fields if is_case else CaseEvent._meta.concrete_fields
    names = {f.attname: str(f.verbose_name) for f in fields}
    choices = {f.attname: dict(f.choices) for f in fields if f.choices}
    kind = (entry.changes.get("kind") or [None, None])[1] or (kinds or {}).get(entry.object_id)
    what = "申请" if is_case else EventKind(kind).label if kind in EventKind.values else "办理事项"
    changes = []
    handlers = [v for v in entry.changes.get("handler_id", []) if v is not None]
    people = dict(get_user_model().objects.filter(pk__in=handlers).values_list("pk", "username")) if handlers else {}
    for key, (old, new) in entry.changes.items():
        if key in HIDDEN or (new in (None, "", {}) and not old) or (not is_case and key == "kind"):
            continue
        if not is_case and key == "data":  # an event's contents, item by item (a correction: before → after)
            before = dict(described(old or {}, kind or ""))
            changes += [(name, before.get(name) if before.get(name) != value else None, value)
                        for name, value in described(new or {}, kind or "") if before.get(name) != value or not old]
            continue
        def shown(v, k=key):  # natural_person → 自然人, True → 是, a 承办人's id → their name
            if k == "handler_id" and v is not None:
                return people.get(v, v)
            return choices.get(k, {}).get(v, v) if isinstance(v, str) else _value(k, v) if isinstance(v, bool) else v
        changes.append((names.get(key, key), shown(old), shown(new)))
    return {"at": entry.at, "actor": entry.actor, "action": ACTIONS.get(entry.action, entry.action), "what": what,
            "changes": changes, "reason": entry.reason}


@require_POST
def case_act(request, pk: int, move: str):
    case = visible(request, pk)
    if move not in MOVES or case.agency_id not in access.editable_agency_ids(request.user):
        raise Http404("没有找到")
    if move == "extend" and not access.can_approve(request.user, case.agency_id):
        raise PermissionDenied("延长答复期限须由审核人批准")
    if move == "close" and case.agency.replies_signed and not access.can_approve(request.user, case.agency_id):
        raise PermissionDenied("本机关的答复须经审核人签发")
    form = move_form(move, request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect("register:case", pk=pk)
    kwargs = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
    if move == "extend":
        kwargs["approver"] = request.user.get_full_name() or request.user.get_username()
    try:
        services.apply(case, move, **kwargs)
    except GongkaiError as err:
        messages.error(request, chinese(str(err)))
    else:
        messages.success(request, f"已{MOVES[move][0]}。")
    return redirect("register:case", pk=pk)


@require_http_methods(["GET", "POST"])
def case_letter(request, pk: int, kind: str):
    """A letter of the case as DOCX: generated (POST) once — dated the day of its act,
    numbered from the agency's sequence, kept as issued — and printed again (GET) from
    what was kept, byte for byte."""
    case = visible(request, pk)
    if kind not in LETTER_KINDS:
        raise Http404("没有找到")
    if case.agency_id not in access.editable_agency_ids(request.user):
        raise PermissionDenied("只有本机关的经办人、审核人可以生成文书")
    try:
        letter = services.issue_letter(case, kind, timezone.localdate(), issue=request.method == "POST")
    except GongkaiError as err:
        messages.error(request, f"{LETTER_KINDS[kind]}：{chinese(str(err))}")
        return redirect("register:case", pk=pk)
    return _letter_file(case, letter)


def _letter_file(case: RequestCase, letter) -> HttpResponse:
    name = LETTER_KINDS[letter.kind] + (f"（更正）-{letter.number}" if letter.corrects_id else "")
    return attachment(bytes(letter.document), MEDIA_TYPE, f"{case.number}-{name}.docx")


def issued_letter(request, pk: int, letter: int):
    """One letter as it was issued (an original or a 更正)."""
    case = visible(request, pk)
    found = get_object_or_404(case.letters.exclude(document=b""), pk=letter)
    return _letter_file(case, found)


@require_POST
def correct_letter(request, pk: int, kind: str):
    """A 更正 of the case's letter of this kind: a new letter with its own 文号."""
    case = visible(request, pk)
    if kind not in LETTER_KINDS:
        raise Http404("没有找到")
    if case.agency_id not in access.editable_agency_ids(request.user):
        raise PermissionDenied("只有本机关的经办人、审核人可以更正文书")
    try:
        letter = services.correct_letter(case, kind, timezone.localdate())
    except GongkaiError as err:
        messages.error(request, f"{LETTER_KINDS[kind]}：{chinese(str(err))}")
    else:
        messages.success(request, f"已发出{letter.title}（{letter.number}），原文书保留不变。")
    return redirect("register:case", pk=pk)


def templates(request):
    managed = list(Agency.objects.managed_by(request.user).order_by("name"))
    if not managed:
        raise PermissionDenied("只有机构管理员可以修改文书模板")
    asked = request.GET.get("agency")
    agency = next((a for a in managed if str(a.id) == asked), None) if asked else managed[0]
    if agency is None:  # another agency's templates: refused, never written to one's own
        raise PermissionDenied("只能修改本机关的文书模板")
    settings_data = request.POST if request.method == "POST" and request.POST.get("kind") == "agency" else None
    settings_form = AgencyLetterForm(settings_data, instance=agency, prefix="agency")
    if settings_data is not None and settings_form.is_valid():
        settings_form.save()
        messages.success(request, "已保存本机关的复议机关、人民法院和文号前缀。")
        return redirect(f"{request.path}?agency={agency.id}")
    forms_ = {}
    for kind in LETTER_KINDS:
        current = services.template_for(agency.id, kind)
        data = request.POST if request.method == "POST" and request.POST.get("kind") == kind else None
        form = TemplateForm(data, initial={"title": current.title, "body": current.body}, prefix=kind)
        if data is not None and form.is_valid():
            own = LetterTemplate.objects.filter(agency=agency, kind=kind).first() or LetterTemplate(agency=agency,
                                                                                                   kind=kind)
            own.title, own.body, own.voided = form.cleaned_data["title"], form.cleaned_data["body"], False
            own.save()
            messages.success(request, f"已保存{LETTER_KINDS[kind]}模板。")
            return redirect(f"{request.path}?agency={agency.id}")
        forms_[kind] = form
    return render(request, "register/letters.html", {
        "agency": agency, "managed": managed, "settings_form": settings_form,
        "forms": [(k, LETTER_KINDS[k], f) for k, f in forms_.items()], "placeholders": ["{" + p + "}" for p in PLACEHOLDERS]})
