"""帮助: the user manual, a page for each role, with screenshots of the screens it uses
(taken from the running demo by scripts/manual-screenshots). Open without a login: it
holds no one's data, and the applicant's page is for people without an account."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import render

ROLES = {  # page → (title, who reads it)
    "applicant": ("申请人", "向机关申请政府信息公开、查看办理情况的公民、法人和其他组织"),
    "officer": ("经办人", "登记和办理依申请公开案件、编写年度报告的工作人员"),
    "reviewer": ("审核人", "签发答复和延期、更正记录、发布年度报告的负责人"),
    "agency_admin": ("机构管理员", "维护本机关的文书模板、复议诉讼和规范性文件登记、分配承办人"),
    "supervisor": ("主管部门", "督促下级机关按时发布年度报告、查看工作概览的政务公开办"),
    "sysadmin": ("系统管理员", "维护机关和人员、放假安排、提醒邮件和平台运行"),
}


@login_not_required
def index(request):
    return render(request, "help/index.html", {"roles": ROLES})


@login_not_required
def role(request, name: str):
    if name not in ROLES:
        raise Http404("没有找到")
    title, who = ROLES[name]
    return render(request, f"help/{name}.html", {"roles": ROLES, "name": name, "title": title, "who": who})
