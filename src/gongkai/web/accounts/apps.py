from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "gongkai.web.accounts"
    label = "accounts"
    verbose_name = "账号与令牌"

    def ready(self):
        from . import signals  # noqa: F401  (connects the signals)
