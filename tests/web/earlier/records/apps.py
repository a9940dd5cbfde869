from django.apps import AppConfig


class Config(AppConfig):
    name = "earlier.records"
    label = "records"
