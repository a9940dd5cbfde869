from django.urls import path

from . import views

app_name = "supervision"
urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("remind/", views.send_reminders, name="remind"),
    path("status.xlsx", views.status_xlsx, name="status_xlsx"),
    path("sum/", views.sum_view, name="sum"),
    path("sum.<str:fmt>", views.sum_download, name="sum_download"),
    path("sum/cell/", views.drill_view, name="drill"),
    path("compare/", views.compare_view, name="compare"),
    path("compare.xlsx", views.compare_xlsx, name="compare_xlsx"),
]
