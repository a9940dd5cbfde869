from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "gongkai.web.portal"
    label = "portal"
    verbose_name = "政府信息公开工作平台"

    def ready(self):
        from . import audit_users  # noqa: F401  (connects the signals)
