from django.apps import AppConfig


class RegisterConfig(AppConfig):
    name = "gongkai.web.register"
    label = "register"
    verbose_name = "依申请公开台账与记录"

    def ready(self):
        from . import signals  # noqa: F401  (connects the signals)
