from django.apps import AppConfig


class HelpConfig(AppConfig):
    name = "gongkai.web.help"
    label = "help"
    verbose_name = "帮助"
