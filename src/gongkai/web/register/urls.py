from django.urls import path

from . import public, records, views

app_name = "register"
urlpatterns = [
    path("tasks/", views.task_list, name="tasks"),
    path("cases/", views.case_list, name="cases"),
    path("cases/new", views.case_new, name="new"),
    path("cases/<int:pk>/", views.case_detail, name="case"),
    path("cases/<int:pk>/letter/<str:kind>.docx", views.case_letter, name="letter"),
    path("cases/<int:pk>/letter/<str:kind>/correct", views.correct_letter, name="letter_correct"),
    path("cases/<int:pk>/letters/<int:letter>.docx", views.issued_letter, name="issued_letter"),
    path("cases/<int:pk>/correct/<int:step>", views.case_correct, name="correct"),
    path("cases/<int:pk>/assign", views.case_assign, name="assign"),
    path("cases/<int:pk>/notes", views.case_note, name="note"),
    path("cases/<int:pk>/attachments", views.case_attach, name="attach"),
    path("cases/<int:pk>/attachments/<int:item>", views.case_attachment, name="attachment"),
    path("cases/<int:pk>/reply/submit", views.reply_submit, name="reply_submit"),
    path("cases/<int:pk>/extension/submit", views.extension_submit, name="extension_submit"),
    path("cases/<int:pk>/reply/serve", views.reply_serve, name="reply_serve"),
    path("cases/<int:pk>/approval/<str:action>", views.decide, name="decide"),
    path("approvals/", views.approvals, name="approvals"),
    path("cases/<int:pk>/<str:move>", views.case_act, name="act"),
    path("letters/", views.templates, name="templates"),
    path("registers/<str:kind>/", records.record_list, name="records"),
    path("registers/<str:kind>/<int:pk>/", records.record_edit, name="record"),
    # the applicant's side, without a login
    path("apply/", public.apply, name="apply"),
    path("apply/receipt/", public.receipt, name="receipt"),
    path("apply/status/", public.status, name="status"),
]
