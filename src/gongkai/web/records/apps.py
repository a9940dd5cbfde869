from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "gongkai.web.records"
    label = "records"
    verbose_name = "依申请公开台账与记录"
