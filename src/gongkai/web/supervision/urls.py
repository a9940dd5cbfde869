from django.urls import path

from . import views

app_name = "supervision"
urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
]
