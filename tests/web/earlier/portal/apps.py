from django.apps import AppConfig


class Config(AppConfig):
    name = "earlier.portal"
    label = "portal"
