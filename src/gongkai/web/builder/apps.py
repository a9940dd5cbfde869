from django.apps import AppConfig


class BuilderConfig(AppConfig):
    name = "gongkai.web.builder"
    label = "builder"
    verbose_name = "年度报告编制"
