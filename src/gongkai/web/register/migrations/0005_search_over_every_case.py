"""A search over every case: one column of the searched fields, filled for the cases
already there, and — on PostgreSQL — a trigram index over it (pg_trgm, a contrib
extension every PostgreSQL ships) and a prefix index on the applicant's name, for the
searches too short for trigrams (a two-character name)."""

from django.db import migrations, models

SEARCHED = ("number", "applicant", "subject", "phone", "id_number", "email")
INDEXES = (
    "CREATE INDEX IF NOT EXISTS register_case_search ON register_requestcase USING gin (search_text gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS register_case_applicant_prefix ON register_requestcase (applicant varchar_pattern_ops)",
)


def fill(apps, schema_editor):
    Case = apps.get_model("register", "RequestCase")
    batch = []
    for case in Case.objects.only(*SEARCHED).iterator(chunk_size=2000):
        case.search_text = "\n".join(str(getattr(case, k) or "") for k in SEARCHED).upper()
        batch.append(case)
        if len(batch) == 2000:
            Case.objects.bulk_update(batch, ["search_text"])
            batch = []
    Case.objects.bulk_update(batch, ["search_text"])


def indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return  # SQLite: a search reads the column (fast enough for one office's register)
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for sql in INDEXES:
        schema_editor.execute(sql)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS register_case_search")
        schema_editor.execute("DROP INDEX IF EXISTS register_case_applicant_prefix")


class Migration(migrations.Migration):

    dependencies = [
        ('register', '0004_applicant_and_working_the_case'),
    ]

    operations = [
        migrations.AddField(
            model_name='requestcase',
            name='search_text',
            field=models.TextField(blank=True, default='', editable=False, verbose_name='检索文本'),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RunPython(indexes, drop),
    ]
