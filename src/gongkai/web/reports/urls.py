from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("uploads/<str:batch>/", views.progress, name="progress"),
    path("uploads/<str:batch>/next", views.read_next, name="read_next"),
    path("uploads/<str:batch>/<int:pk>/confirm", views.confirm_agency, name="confirm_agency"),
    path("<int:pk>/", views.report, name="show"),
    path("<int:pk>/void", views.void, name="void"),
    path("<int:pk>/source", views.source, name="source"),
    path("<int:pk>/download.<str:fmt>", views.download, name="download"),
]
