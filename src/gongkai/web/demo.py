"""Demo data for `gongkai serve --demo`: a city government office supervising a few
agencies, their published reports (the seed reports when ../shared/seeds is beside
the working directory, generated ones otherwise), a generated year of request cases,
and one user per role. Loading twice changes nothing."""

from __future__ import annotations

import os
import random
from datetime import date, timedelta
from pathlib import Path

DEMO_PASSWORD_ENV = "GONGKAI_DEMO_PASSWORD"
SUPERVISOR = "示例市人民政府办公室"
AGENCY = "示例市科学技术局"


def _reports() -> list[tuple[str, bytes]]:
    for base in (os.environ.get("GONGKAI_SEEDS"), Path.cwd().parent / "shared" / "seeds", Path.cwd() / "shared" / "seeds"):
        if base and Path(base).is_dir():
            found = sorted(Path(base).glob("*.txt"))
            if found:
                return [(p.name, p.read_bytes()) for p in found]
    from ..render.text import TextStyle, render_text
    from ..report.sample import sample_report
    rng = random.Random(7)
    out = []
    for i, version in enumerate(("2021", "2021", "2021", "2019", "legacy")):
        report = sample_report(rng, version)
        out.append((f"示例年报{i + 1}.txt", render_text(report, TextStyle.random(rng)).encode("utf-8")))
    return out


def load_demo() -> dict[str, str] | None:
    """Load the demo once. Returns {user: password} when it created the users."""
    from django.contrib.auth.models import User

    from ..cases.clocks import REPLIES_FOR
    from ..cases.letters import needs_reasons
    from ..errors import GongkaiError
    from ..load import load_bytes
    from .agencies.models import Agency
    from .agencies.services import Role, add_member, named
    from .audit.services import acting_as
    from .register.services import apply, register
    from .reports.services import upload

    if Agency.objects.filter(name=SUPERVISOR).exists():
        return None
    password = os.environ.get(DEMO_PASSWORD_ENV) or "gongkai-demo-2026"
    with acting_as("演示数据"):
        city = named(SUPERVISOR, create=True, region="示例市")
        agency = named(AGENCY, create=True, region="示例市", parent=city)
        users = {}
        agency.review_body, agency.court = "示例市人民政府", "示例市某区人民法院"  # so that every 答复书 says where to appeal
        agency.letter_prefix = "示科公开"
        agency.replies_signed = True  # a clerk's reply goes out once a reviewer signs it
        agency.save()
        for name, role, home in (("demo-officer", Role.OFFICER, agency), ("demo-reviewer", Role.REVIEWER, agency),
                                 ("demo-admin", Role.AGENCY_ADMIN, agency), ("demo-supervisor", Role.SUPERVISOR, city)):
            add_member(User.objects.create_user(name, password=password), home, role)
            users[name] = password

        supervisor = User.objects.get(username="demo-supervisor")
        for name, data in _reports():
            try:
                printed = load_bytes(data, name).agency or name
            except GongkaiError:  # a demo file gongkai cannot read is simply left out
                continue
            named(printed, create=True, parent=city)  # each report's agency, under the city's office
            upload(supervisor, name, data)

        rng = random.Random(2026)
        kinds = ["natural_person"] * 6 + ["commercial", "research", "public_interest", "legal_services", "other"]
        outcomes = ["granted"] * 5 + ["partial", "unavailable_not_held", "denied_third_party", "unprocessed_repeat",
                                      "unavailable_need_create", "other_other"]
        start = date(2025, 11, 1)
        for i in range(240):
            received = start + timedelta(days=rng.randrange(0, 390))
            while received.weekday() >= 5:
                received += timedelta(days=1)
            case = register(agency, number=f"{received.year}-{i + 1:04d}", applicant=f"申请人{i + 1}",
                            applicant_type=rng.choice(kinds), channel="当面", submitted=received,
                            subject="请求公开有关政策文件")
            if received < date(2026, 10, 20) and rng.random() < 0.92:
                served = received + timedelta(days=rng.randrange(3, 34))
                outcome = rng.choice(outcomes)
                replies = REPLIES_FOR.get(outcome) or (None,)
                reply = next((r for r in replies if not needs_reasons(outcome, r)), replies[0])
                try:
                    apply(case, "close", outcome=outcome, served=served, reply_type=reply,
                          reasons="（示例数据）理由见案卷。" if needs_reasons(outcome, reply) else "")
                except GongkaiError:  # beyond the known calendar: leave it open
                    pass
        _in_every_state(agency, register, apply)
        _working(agency)
    return users


def _working(agency) -> None:
    """What a day's work leaves: two applications made online (each with its query code),
    one given to the officer with a note, a review and a normative document in their
    registers, and e-mail addresses for the reminders."""
    from django.contrib.auth.models import User

    from .register.models import NormativeDocument, Review
    from .register.services import add_note, assign, register_online

    officer = User.objects.get(username="demo-officer")
    for user in User.objects.filter(username__startswith="demo-"):
        user.email = f"{user.username}@example.gov.cn"
        user.save()
    first = register_online(agency, applicant="陈七", applicant_type="natural_person", id_type="resident_id",
                            id_number="11010519491231002X", phone="13912345678", address="示例市中山路1号",
                            postcode="362000", subject="2025年度本机关科技计划项目立项清单", form="电子", delivery="online")
    register_online(agency, applicant="示例信息咨询有限公司", applicant_type="commercial", id_type="credit_code",
                    id_number="91350100M000100Y43", email="info@example.com", subject="本机关现行有效的行政规范性文件目录",
                    form="电子", delivery="email")
    assign(first, officer, "demo-admin")
    add_note(first, "demo-officer", "已电话联系申请人，确认所需为已立项项目的清单。")
    Review(agency=agency, number="示复〔2026〕3号", kind="review", filed=date(2026, 4, 8), decided=date(2026, 6, 2),
           outcome="upheld", case=agency.cases.order_by("id").first()).save()
    NormativeDocument(agency=agency, number="示科规〔2026〕1号", title="示例市科技计划项目管理办法", kind="normative_documents",
                      issued=date(2026, 3, 1)).save()


def _in_every_state(agency, register, apply) -> None:
    """A case at each step an office meets, so that every letter prints: a 补正 asked and
    received, an extension, a third party consulted, a fee notified and paid."""
    d = date.fromisoformat
    steps = {
        "2026-S01": [("request_correction", dict(on=d("2026-11-04"), deadline=d("2026-11-18"),
                                                 items="所需文件的名称、文号或者形成时间")),
                     ("correction_received", dict(on=d("2026-11-10")))],
        "2026-S02": [("extend", dict(on=d("2026-11-25"), days=10, approver="demo-reviewer", notified=d("2026-11-25")))],
        "2026-S03": [("consultation", dict(kind="third_party", sent=d("2026-11-05"), answered=d("2026-11-12"),
                                           party="示例科技有限公司"))],
        "2026-S04": [("fee_notice", dict(on=d("2026-11-06"), amount_yuan=100, delivered=d("2026-11-07"))),
                     ("fee_paid", dict(on=d("2026-11-10")))],
    }
    for n, (number, moves) in enumerate(steps.items()):
        case = register(agency, number=number, applicant=f"示例申请人{n + 1}", applicant_type="natural_person",
                        channel="当面", submitted=d("2026-11-02") + timedelta(days=n), subject="请求公开有关项目资金文件",
                        form="纸质")
        for move, values in moves:
            apply(case, move, **values)

