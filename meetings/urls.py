from django.urls import path

from . import views, views_import, views_minutes, views_summary

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_list, name="meeting-list"),
    path("new/", views.meeting_create, name="meeting-create"),
    path("import/", views_import.import_upload, name="import-upload"),
    path("import/<str:token>/", views_import.import_review, name="import-review"),
    path("<int:pk>/", views.meeting_detail, name="meeting-detail"),
    path("<int:pk>/edit/", views.meeting_edit, name="meeting-edit"),
    # agenda
    path("<int:pk>/agenda/", views.agenda_edit, name="agenda-edit"),
    path("<int:pk>/agenda/propose/", views.agenda_propose, name="agenda-propose"),
    path("<int:pk>/agenda/<int:item_pk>/move/", views.agenda_item_move, name="agenda-item-move"),
    path("<int:pk>/agenda/<int:item_pk>/delete/", views.agenda_item_delete, name="agenda-item-delete"),
    path("<int:pk>/agenda/<int:item_pk>/statements/new/", views_minutes.statement_add, name="statement-add"),
    # attendance
    path("<int:pk>/attendance/", views.attendance_edit, name="attendance-edit"),
    path("<int:pk>/participants.pdf", views.participants_pdf, name="participants-pdf"),
    # minutes
    path("<int:pk>/minutes/", views_minutes.minutes_detail, name="minutes-detail"),
    path("<int:pk>/minutes/pdf/", views_minutes.minutes_pdf, name="minutes-pdf"),
    path("<int:pk>/minutes/start/", views_minutes.minutes_start, name="minutes-start"),
    path("<int:pk>/minutes/circulate/", views_minutes.minutes_circulate, name="minutes-circulate"),
    path("<int:pk>/minutes/approve/", views_minutes.minutes_approve, name="minutes-approve"),
    path("<int:pk>/minutes/correct/", views_minutes.minutes_correct, name="minutes-correct"),
    path("<int:pk>/minutes/items/<int:item_pk>/edit/", views_minutes.minutes_item_edit, name="minutes-item-edit"),
    path(
        "<int:pk>/minutes/items/<int:item_pk>/history/",
        views_minutes.minutes_item_history,
        name="minutes-item-history",
    ),
    path("<int:pk>/minutes/items/<int:item_pk>/comments/new/", views_minutes.comment_add, name="comment-add"),
    path("<int:pk>/minutes/comments/<int:comment_pk>/settle/", views_minutes.comment_settle, name="comment-settle"),
    path("<int:pk>/statements/<int:statement_pk>/delete/", views_minutes.statement_delete, name="statement-delete"),
    path("<int:pk>/decisions/new/", views_minutes.decision_add, name="decision-add"),
    path("<int:pk>/actions/new/", views_minutes.action_add, name="action-add"),
    # the sanitised public summary
    path("<int:pk>/summary/", views_summary.summary_detail, name="summary-detail"),
    path("<int:pk>/summary/propose/", views_summary.summary_propose, name="summary-propose"),
    path("<int:pk>/summary/categories/", views_summary.summary_categories, name="summary-categories"),
    path("<int:pk>/summary/generate/", views_summary.summary_generate, name="summary-generate"),
    path("<int:pk>/summary/edit/", views_summary.summary_edit, name="summary-edit"),
    path("<int:pk>/summary/entries/<int:entry_pk>/", views_summary.summary_entry_edit, name="summary-entry-edit"),
    path("<int:pk>/summary/check/", views_summary.summary_check, name="summary-check"),
    path("<int:pk>/summary/findings/<int:finding_pk>/waive/", views_summary.finding_waive, name="finding-waive"),
    path(
        "<int:pk>/summary/<str:action>/",
        views_summary.summary_transition,
        name="summary-transition",
    ),
    # action items across meetings
    path("actions/", views.action_list, name="action-list"),
    path("actions/<int:pk>/edit/", views.action_edit, name="action-edit"),
]
