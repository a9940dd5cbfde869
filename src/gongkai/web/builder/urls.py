from django.urls import path

from . import views

app_name = "builder"
urlpatterns = [
    path("", views.builder, name="show"),
    path("download", views.builder_download, name="download"),
    path("<str:what>", views.builder_save, name="save"),
]
