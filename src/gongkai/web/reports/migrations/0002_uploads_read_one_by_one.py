"""Uploads read one by one, with their progress; one live copy of a content per agency —
copies filed twice before (two uploads at once) are voided, with the reason, never deleted."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def void_second_copies(apps, schema_editor):
    Report = apps.get_model("reports", "PublishedReport")
    seen = set()
    for item in Report.objects.filter(voided=False).order_by("created", "id"):
        if (item.agency_id, item.sha256) in seen:
            Report.objects.filter(pk=item.pk).update(voided=True, void_reason="与同一机关已上传的文件内容相同（重复上传）")
        seen.add((item.agency_id, item.sha256))


class Migration(migrations.Migration):

    dependencies = [
        ('agencies', '0001_initial'),
        ('audit', '0002_from_records_and_portal'),  # the rows of the earlier layout are here first
        ('reports', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(void_second_copies, migrations.RunPython.noop),
        migrations.CreateModel(
            name='Upload',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('batch', models.CharField(db_index=True, max_length=32, verbose_name='批次')),
                ('file_name', models.CharField(max_length=255, verbose_name='文件名')),
                ('sha256', models.CharField(max_length=64, verbose_name='内容摘要（SHA-256）')),
                ('size', models.PositiveBigIntegerField(verbose_name='大小（字节）')),
                ('state', models.CharField(choices=[('waiting', '等待读取'), ('reading', '读取中'), ('done', '已读取并检查'), ('refused', '未保存')], default='waiting', max_length=10, verbose_name='状态')),
                ('message', models.TextField(blank=True, verbose_name='结果')),
                ('created', models.DateTimeField(auto_now_add=True, verbose_name='上传时间')),
                ('changed', models.DateTimeField(auto_now=True, verbose_name='状态时间')),
            ],
            options={
                'verbose_name': '上传记录',
                'verbose_name_plural': '上传记录',
                'ordering': ['id'],
            },
        ),
        migrations.AddConstraint(
            model_name='publishedreport',
            constraint=models.UniqueConstraint(condition=models.Q(('voided', False)), fields=('agency', 'sha256'), name='reports_one_live_copy'),
        ),
        migrations.AddField(
            model_name='upload',
            name='report',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='reports.publishedreport', verbose_name='年报'),
        ),
        migrations.AddField(
            model_name='upload',
            name='uploaded_by',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='上传人'),
        ),
    ]
