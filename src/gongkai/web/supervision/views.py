"""The supervising office's screens: the dashboard (a year's requests, every agency's report
status, 催报 to those missing), the sum of its agencies' reports in the three statutory tables
(each figure opening the reports behind it; DOCX and Excel), their comparison (rates and
rankings, with a chart), and every list as a spreadsheet."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from ...batch.workbook import sheets_bytes
from ..agencies.models import Agency
from ..agencies.services import access
from ..http import attachment
from ..register.services import year_figures
from ..reports.services import readable, tables
from .services import RATE_NAMES, drill, ranking, remind, scope, statuses, summed

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _year(request, default: int) -> int:
    asked = request.GET.get("year", "") or request.POST.get("year", "")
    if not asked:
        return default
    if asked.isascii() and asked.isdigit() and 2008 <= int(asked) <= timezone.localdate().year + 1:
        return int(asked)
    raise Http404("没有找到")


def _supervisor(request) -> None:
    if not (access.supervised_agency_ids(request.user) or access.is_sysadmin(request.user)):
        raise PermissionDenied("此功能供主管部门使用")


def dashboard(request):
    today = timezone.localdate()
    year = _year(request, today.year)
    agencies = list(Agency.objects.visible_to(request.user).order_by("name"))
    data = year_figures([a.pk for a in agencies], year)
    status = statuses(scope(request.user), year - 1)
    missing: dict = {}  # due date → the agencies past it without a report
    for s in status:
        if s.missing:
            missing.setdefault(s.due, []).append(s.agency)
    return render(request, "supervision/dashboard.html", {
        "year": year, "data": data, "status": status, "received": data["received"],
        "supervisor": bool(access.supervised_agency_ids(request.user) or access.is_sysadmin(request.user)),
        "missing": [(due, (today - due).days, names) for due, names in sorted(missing.items())],
        "deadlines": sorted({s.due for s in status})})


@require_POST
def send_reminders(request):
    """催报 to every overseen agency without its report of the year."""
    _supervisor(request)
    year = _year(request, timezone.localdate().year - 1)
    reached, sent, unreachable = remind(scope(request.user), year, request.build_absolute_uri("/"))
    if reached:
        messages.success(request, f"已向 {reached} 个未提交{year}年度年报的机关发送催报（{sent} 封邮件）。")
    elif not unreachable:
        messages.info(request, f"各机关均已提交{year}年度年报，无需催报。")
    if unreachable:
        messages.error(request, f"以下机关没有登记邮箱的工作人员，未能催报：{'、'.join(unreachable)}。")
    return redirect(f"{reverse('supervision:dashboard')}?year={year + 1}")


def status_xlsx(request):
    year = _year(request, timezone.localdate().year - 1)
    rows = [[s.agency.name, s.agency.code, s.state, s.due, s.report.how if s.report else None,
             s.report.on if s.report else None, s.report.published if s.report else None,
             s.report.errors if s.report else None, s.report.warnings if s.report else None,
             len(s.reminded), s.reminded[0].sent.date() if s.reminded else None]
            for s in statuses(scope(request.user), year)]
    body = sheets_bytes([(f"{year}年度年报提交情况", ["机关", "行政区划代码", "状态", "截止日期", "提交方式", "到达平台",
                                                 "发布日期", "错误", "警告", "催报次数", "最近催报"],
                          [34, 12, 10, 12, 10, 12, 12, 8, 8, 9, 12], rows)])
    return attachment(body, XLSX, f"{year}年度年报提交情况.xlsx")


def _name(request, year: int) -> str:
    return f"{request.user.get_username()}所辖机关{year}年度政府信息公开工作年度报告汇总"


def sum_view(request):
    """The overseen agencies' reports summed into the statutory tables, checked."""
    _supervisor(request)
    year = _year(request, timezone.localdate().year - 1)
    result = summed(scope(request.user), year, _name(request, year))
    report = result.report if result.members else None
    return render(request, "supervision/sum.html", {
        "year": year, "result": result, "report": report,
        "tables": (lambda: tables(report, [f.to_dict() for f in result.findings])) if report else None,
        "findings": readable([f.to_dict() for f in result.findings], report, lines=False) if report else [],
        "drill": f"{reverse('supervision:drill')}?year={year}"})


def sum_download(request, fmt: str):
    _supervisor(request)
    year = _year(request, timezone.localdate().year - 1)
    result = summed(scope(request.user), year, _name(request, year))
    if not result.members:
        raise Http404("没有可汇总的年报")
    if fmt == "docx":
        from ...render.docx import MEDIA_TYPE, render_docx
        return attachment(render_docx(result.report), MEDIA_TYPE, f"{year}年度年报汇总.docx")
    if fmt == "xlsx":
        from ...render.xlsx import MEDIA_TYPE, render_xlsx
        return attachment(render_xlsx(result.report), MEDIA_TYPE, f"{year}年度年报汇总.xlsx")
    raise Http404("没有这种格式")


def drill_view(request):
    """One figure of the sum, and the agencies' values behind it."""
    _supervisor(request)
    year = _year(request, timezone.localdate().year - 1)
    path = request.GET.get("path", "")
    result = summed(scope(request.user), year, _name(request, year))
    total = result.report.value_at(path) if result.members else None
    if total is None:
        raise Http404("没有这个单元格")
    from ...checks.evidence import label
    return render(request, "supervision/drill.html", {
        "year": year, "path": path, "label": label(result.report, path), "total": total,
        "rows": drill(scope(request.user), year, path)})


def compare_view(request):
    _supervisor(request)
    year = _year(request, timezone.localdate().year - 1)
    rows = ranking(scope(request.user), year)
    key = request.GET.get("by", "grant_rate")
    if key not in RATE_NAMES:
        key = "grant_rate"
    chart = {"by": RATE_NAMES[key], "agencies": [r["agency"] for r in rows if r[key] is not None],
             "values": [round(100 * r[key], 1) if key != "disputes_per_application" else round(r[key], 3)
                        for r in rows if r[key] is not None]}
    return render(request, "supervision/compare.html", {"year": year, "rows": rows, "rates": RATE_NAMES, "by": key,
                                                        "chart": chart})


def compare_xlsx(request):
    _supervisor(request)
    year = _year(request, timezone.localdate().year - 1)
    rows = ranking(scope(request.user), year)
    head = ["机关", "本年新收申请", "办理结果总计"] + [n + ("" if k == "disputes_per_application" else "（%）")
                                            for k, n in RATE_NAMES.items()] + [f"{n}排名" for n in RATE_NAMES.values()]
    body = sheets_bytes([(f"{year}年度各机关对比", head + ["错误", "警告"], [34, 12, 12] + [12] * 10 + [8, 8], [
        [r["agency"], r["applications"], r["handled"]]
        + [None if r[k] is None else (round(r[k], 3) if k == "disputes_per_application" else round(100 * r[k], 1))
           for k in RATE_NAMES] + [r.get(f"{k}_rank") for k in RATE_NAMES] + [r["errors"], r["warnings"]]
        for r in rows])])
    return attachment(body, XLSX, f"{year}年度各机关对比.xlsx")
