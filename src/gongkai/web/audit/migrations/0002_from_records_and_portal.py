"""A database made before the web was laid out by domain keeps every row: the tables of
the two earlier apps (`records`, `portal`) are copied whole — ids, audit entries,
tokens, uploads, letters — into the apps that own them now, their content types (and
so permissions and admin history) follow, each case's clock is worked out and stored,
and the earlier tables are dropped. On a new database there is nothing to do."""

from django.core.management.color import no_style
from django.db import migrations

# earlier table → (app, model), in the order their relations need
MOVED = [
    ("records_agency", "agencies", "agency"),
    ("portal_membership", "agencies", "membership"),
    ("portal_apitoken", "accounts", "apitoken"),
    ("records_auditentry", "audit", "auditentry"),
    ("portal_publishedreport", "reports", "publishedreport"),
    ("records_requestcase", "register", "requestcase"),
    ("records_caseevent", "register", "caseevent"),
    ("records_review", "register", "review"),
    ("records_normativedocument", "register", "normativedocument"),
    ("records_lettertemplate", "register", "lettertemplate"),
    ("records_holidayschedule", "register", "holidayschedule"),
    ("records_issuedletter", "register", "issuedletter"),
    ("records_yearcounts", "builder", "yearcounts"),
    ("records_annualdraft", "builder", "annualdraft"),
]
# columns the earlier tables do not have, and what they start as (the clock is worked out after)
NEW = {("register", "requestcase"): {
    "received": "CASE WHEN channel = '当面' THEN submitted ELSE COALESCE(confirmed, submitted) END",
    "due_provisional": "FALSE", "due_note": "''"}}


def adopt(apps, schema_editor):
    connection = schema_editor.connection
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
        moved = [(old, app, name) for old, app, name in MOVED if old in tables]
        if not moved:
            return
        models = []
        for old, app, name in moved:
            model = apps.get_model(app, name)
            models.append(model)
            earlier = {c.name for c in connection.introspection.get_table_description(cursor, old)}
            columns = [f.column for f in model._meta.local_concrete_fields if f.column in earlier]
            extra = NEW.get((app, name), {})
            names = ", ".join(quote(c) for c in columns + list(extra))
            values = ", ".join([quote(c) for c in columns] + list(extra.values()))
            cursor.execute(f"INSERT INTO {quote(model._meta.db_table)} ({names}) SELECT {values} FROM {quote(old)}")
        for sql in connection.ops.sequence_reset_sql(no_style(), models):  # new ids follow the copied ones
            cursor.execute(sql)
        for old, app, name in moved:  # the content types (permissions, admin history) follow their models
            earlier_app = old.split("_", 1)[0]
            cursor.execute("UPDATE django_content_type SET app_label = %s WHERE app_label = %s AND model = %s AND NOT "
                           "EXISTS (SELECT 1 FROM django_content_type t WHERE t.app_label = %s AND t.model = %s)",
                           [app, earlier_app, name, app, name])
        cursor.execute("DELETE FROM django_migrations WHERE app IN ('records', 'portal')")
        cascade = " CASCADE" if connection.vendor == "postgresql" else ""
        for old, _, _ in reversed(moved):
            cursor.execute(f"DROP TABLE {quote(old)}{cascade}")
    follow_the_clocks(apps)


def follow_the_clocks(apps):
    """Every case's day of receipt, due date (暂定 where past the announced schedules) and
    lateness, as the domain works them out — what the lists now read from the table."""
    from gongkai.cases.calendar import WorkCalendar
    from gongkai.cases.clocks import Event, RequestCase, deadline

    calendar = WorkCalendar()
    for schedule in apps.get_model("register", "HolidaySchedule").objects.filter(voided=False).order_by("year"):
        calendar.load({"years": [schedule.year], "holidays": schedule.holidays, "workdays": schedule.workdays})
    Case = apps.get_model("register", "RequestCase")
    for row in Case.objects.prefetch_related("events").iterator(chunk_size=500):
        case = RequestCase(row.number, row.applicant, row.applicant_type, row.channel, row.submitted, row.confirmed,
                           row.subject, row.form, fee_suspends=row.fee_suspends)
        case.events = [Event.from_json(e.kind, e.on, e.data) for e in sorted(row.events.all(), key=lambda e: e.id)
                       if not e.voided]
        case.outcome, case.reply_type, case.served, case.closed_on = row.outcome, row.reply_type, row.served, \
            row.closed_on
        found = deadline(case, calendar)
        Case.objects.filter(pk=row.pk).update(received=found.received, due=found.due,
                                              due_provisional=bool(found.provisional),
                                              due_note=(found.provisional or found.note)[:300], late=found.late)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        ("agencies", "0001_initial"),
        ("accounts", "0001_initial"),
        ("reports", "0001_initial"),
        ("register", "0001_initial"),
        ("builder", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(adopt, migrations.RunPython.noop)]
