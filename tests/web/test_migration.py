"""Nothing lost on the way: a database made by the earlier layout (the `records` and
`portal` apps, with their migrations as they were) is filled with every kind of row,
migrated to today's layout, and compared row by row — on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys

import pytest
from helpers import postgres_database, postgres_reachable

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[1]

# earlier table → today's
TABLES = {"records_agency": "agencies_agency", "portal_membership": "agencies_membership",
          "portal_apitoken": "accounts_apitoken", "records_auditentry": "audit_auditentry",
          "portal_publishedreport": "reports_publishedreport", "records_requestcase": "register_requestcase",
          "records_caseevent": "register_caseevent", "records_review": "register_review",
          "records_normativedocument": "register_normativedocument", "records_lettertemplate": "register_lettertemplate",
          "records_holidayschedule": "register_holidayschedule", "records_issuedletter": "register_issuedletter",
          "records_yearcounts": "builder_yearcounts", "records_annualdraft": "builder_annualdraft"}

FILL = r'''
import datetime as dt, json, sys
import django; django.setup()
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
call_command("migrate", verbosity=0)
apps = MigrationExecutor(connection).loader.project_state().apps
M = lambda name: apps.get_model(*name.split("."))
D = dt.date.fromisoformat
User, Group = M("auth.User"), M("auth.Group")
officer = User.objects.create(username="officer", password="x")
reviewer = User.objects.create(username="reviewer", password="x", is_staff=True)
clerks = Group.objects.create(name="clerks")
officer.groups.add(clerks)
city = M("records.Agency").objects.create(name="示例市人民政府办公室", region="示例市")
agency = M("records.Agency").objects.create(name="示例市科学技术局", region="示例市", parent=city, review_body="示例市人民政府",
                                            court="示例市人民法院", letter_prefix="示科")
for user, role in ((officer, "officer"), (reviewer, "reviewer")):
    M("portal.Membership").objects.create(user=user, agency=agency, role=role)
M("portal.ApiToken").objects.create(user=officer, name="脚本", digest="ab" * 32)
Case, Event = M("records.RequestCase"), M("records.CaseEvent")
open_case = Case.objects.create(agency=agency, number="2026-001", applicant="张三", applicant_type="natural_person",
                                channel="当面", submitted=D("2026-03-02"), confirmed=D("2026-03-04"), subject="某文件")
Event.objects.create(case=open_case, kind="correction_notice", on=D("2026-03-04"), data={"deadline": "2026-03-18"})
Event.objects.create(case=open_case, kind="correction_received", on=D("2026-03-10"), data={})
closed = Case.objects.create(agency=agency, number="2026-002", applicant="某公司", applicant_type="commercial",
                             channel="邮寄", submitted=D("2026-03-02"), confirmed=D("2026-03-05"), outcome="granted",
                             reply_type="disclosed", served=D("2026-04-20"), closed_on=D("2026-04-20"))
Event.objects.create(case=closed, kind="extension", on=D("2026-03-20"),
                     data={"days": 5, "approver": "reviewer", "notified": "2026-03-20"})
Event.objects.create(case=closed, kind="closed", on=D("2026-04-20"),
                     data={"outcome": "granted", "served": "2026-04-20", "reply_type": "disclosed", "late": True,
                           "due": "2026-04-09"})
late_year = Case.objects.create(agency=agency, number="2026-003", applicant="李四", applicant_type="natural_person",
                                channel="当面", submitted=D("2026-12-21"))
voided = Case.objects.create(agency=agency, number="2026-004", applicant="王五", applicant_type="other", channel="当面",
                             submitted=D("2026-02-02"), voided=True, void_reason="重复登记")
M("records.IssuedLetter").objects.create(agency=agency, case=closed, kind="receipt", year=2026, seq=1,
                                          number="示科〔2026〕1号", on=D("2026-03-05"))
M("records.LetterTemplate").objects.create(agency=agency, kind="receipt", title="受理回执", body="{申请人}：已收到。")
M("records.Review").objects.create(agency=agency, number="复-1", kind="review", filed=D("2026-05-01"),
                                    decided=D("2026-07-01"), outcome="upheld", case=closed)
M("records.NormativeDocument").objects.create(agency=agency, number="示科规〔2026〕1号", title="管理办法",
                                               kind="normative_documents", issued=D("2026-02-01"))
M("records.YearCounts").objects.create(agency=agency, year=2026, licensing=10, penalty=2, coercion=0,
                                        fees_10k_yuan="1.2500")
M("records.AnnualDraft").objects.create(agency=agency, year=2025, texts={"overview": "总体情况。"},
                                         published=D("2026-01-20"), locked_at=dt.datetime(2026, 1, 20, 9, tzinfo=dt.UTC),
                                         locked_by="reviewer", snapshot={"agency": "示例市科学技术局", "year": 2025})
M("records.HolidaySchedule").objects.create(year=2027, holidays={"2027-01-01": "元旦"}, workdays={}, source="通知")
M("portal.PublishedReport").objects.create(agency=agency, uploaded_by=officer, file_name="年报.txt", sha256="cd" * 32,
                                           size=1234, form="text", year=2025, agency_as_printed="示例市科学技术局",
                                           model={"year": 2025}, findings=[{"rule": "BLANK-CELL"}], errors=1)
for i in range(3):
    M("records.AuditEntry").objects.create(actor="officer", model="requestcase", object_id=str(open_case.pk),
                                           action="update", changes={"subject": ["", f"第{i}稿"]})
CT, Perm = M("contenttypes.ContentType"), M("auth.Permission")
ct = CT.objects.create(app_label="records", model="requestcase")
officer.user_permissions.add(Perm.objects.create(content_type=ct, codename="change_requestcase", name="改"))
'''

DUMP = r'''
import json, sys
import django; django.setup()
from django.core.management import call_command
from django.db import connection
if sys.argv[2] == "migrate":
    call_command("migrate", verbosity=0)
out = {}
with connection.cursor() as cursor:
    for table in sys.argv[3:]:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} ORDER BY id")
        names = [c[0] for c in cursor.description]
        out[table] = [dict(zip(names, row)) for row in cursor.fetchall()]
    cursor.execute("SELECT app_label, model FROM django_content_type WHERE model = 'requestcase'")
    out["content types"] = sorted(cursor.fetchall())
    cursor.execute("SELECT DISTINCT app FROM django_migrations ORDER BY app")
    out["migrated apps"] = [r[0] for r in cursor.fetchall()]
    cursor.execute("SELECT count(*) FROM auth_user_user_permissions")
    out["user permissions"] = cursor.fetchone()[0]
    out["tables"] = sorted(t for t in connection.introspection.table_names(cursor) if t.startswith(("records_", "portal_")))
with open(sys.argv[1], "w") as fh:
    json.dump(out, fh, ensure_ascii=False, default=str)
'''


def run(script: str, env: dict, *args) -> None:
    proc = subprocess.run([sys.executable, "-c", script, *args], env=env, cwd=ROOT, capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]


def migrate_and_compare(env: dict, tmp_path) -> dict:
    earlier = {**env, "DJANGO_SETTINGS_MODULE": "earlier.settings", "PYTHONPATH": str(HERE)}
    today = {**env, "DJANGO_SETTINGS_MODULE": "gongkai.web.settings"}
    run(FILL, earlier)
    run(DUMP, earlier, str(tmp_path / "before.json"), "as is", *TABLES)
    run(DUMP, today, str(tmp_path / "after.json"), "migrate", *TABLES.values())
    before = json.loads((tmp_path / "before.json").read_text("utf-8"))
    after = json.loads((tmp_path / "after.json").read_text("utf-8"))
    for old, new in TABLES.items():
        assert before[old], old  # every kind of row was there to be kept
        kept = [{k: row[k] for k in was} for row, was in zip(after[new], before[old])]
        assert kept == before[old], (old, new)
    return after


def clocks(after: dict) -> list:
    return [(c["number"], c["received"], c["due"], bool(c["due_provisional"]), c["late"])
            for c in after["register_requestcase"]]


def expectations(after: dict) -> None:
    # each case's clock worked out from its own steps: the correction restarts the period,
    # the post's day of receipt is the day signed for, Spring Festival skipped, 2027 known from the schedule kept
    assert clocks(after) == [("2026-001", "2026-03-02", "2026-04-08", False, None),
                             ("2026-002", "2026-03-05", "2026-04-10", False, True),
                             ("2026-003", "2026-12-21", "2027-01-19", False, None),
                             ("2026-004", "2026-02-02", "2026-03-06", False, None)]
    assert after["content types"] == [["register", "requestcase"]]  # its permission follows it
    assert after["user permissions"] == 1
    assert "records" not in after["migrated apps"] and "portal" not in after["migrated apps"]
    assert after["tables"] == []


def test_a_database_of_the_earlier_layout_keeps_every_row_on_sqlite(tmp_path):
    env = {**os.environ, "GONGKAI_DATA": str(tmp_path / "data")}
    env.pop("GONGKAI_DATABASE_URL", None)
    expectations(migrate_and_compare(env, tmp_path))


@pytest.mark.skipif(not postgres_reachable(), reason="no PostgreSQL on 127.0.0.1:5432 (make test starts it where installed)")
def test_a_database_of_the_earlier_layout_keeps_every_row_on_postgresql(tmp_path):
    with postgres_database(f"gongkai_migration_{os.getpid()}") as url:
        env = {**os.environ, "GONGKAI_DATA": str(tmp_path / "data"), "GONGKAI_DATABASE_URL": url}
        expectations(migrate_and_compare(env, tmp_path))
