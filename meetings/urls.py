from django.urls import path

from .views import attendance, imports, invitations, meetings, minutes, redline, summary

app_name = "meetings"
urlpatterns = [
    path("", meetings.meeting_list, name="meeting-list"),
    path("new/", meetings.meeting_create, name="meeting-create"),
    path("import/", imports.import_upload, name="import-upload"),
    path("import/<str:token>/", imports.import_review, name="import-review"),
    path("<int:pk>/", meetings.meeting_detail, name="meeting-detail"),
    path("<int:pk>/edit/", meetings.meeting_edit, name="meeting-edit"),
    # agenda
    path("<int:pk>/agenda/", meetings.agenda_edit, name="agenda-edit"),
    path("<int:pk>/agenda/propose/", meetings.agenda_propose, name="agenda-propose"),
    path("<int:pk>/agenda/<int:item_pk>/move/", meetings.agenda_item_move, name="agenda-item-move"),
    path("<int:pk>/agenda/<int:item_pk>/delete/", meetings.agenda_item_delete, name="agenda-item-delete"),
    path("<int:pk>/agenda/<int:item_pk>/rename/", meetings.agenda_item_rename, name="agenda-item-rename"),
    path("<int:pk>/agenda/<int:item_pk>/statements/new/", minutes.statement_add, name="statement-add"),
    # the invitation and the delegations' answers
    path("<int:pk>/invitation/send/", invitations.invitation_send, name="invitation-send"),
    path("<int:pk>/rsvp/", invitations.rsvp, name="rsvp"),
    path("<int:pk>/pack/", invitations.meeting_pack, name="meeting-pack"),
    path("<int:pk>/pack/pdf/", invitations.meeting_pack_pdf, name="meeting-pack-pdf"),
    # attendance
    path("<int:pk>/attendance/", attendance.attendance_edit, name="attendance-edit"),
    path("<int:pk>/participants.pdf", meetings.participants_pdf, name="participants-pdf"),
    # minutes
    path("<int:pk>/minutes/", minutes.minutes_detail, name="minutes-detail"),
    path("<int:pk>/minutes/pdf/", minutes.minutes_pdf, name="minutes-pdf"),
    path("<int:pk>/minutes/start/", minutes.minutes_start, name="minutes-start"),
    path("<int:pk>/minutes/circulate/", minutes.minutes_circulate, name="minutes-circulate"),
    path("<int:pk>/minutes/approve/", minutes.minutes_approve, name="minutes-approve"),
    path("<int:pk>/minutes/correct/", minutes.minutes_correct, name="minutes-correct"),
    path("<int:pk>/minutes/compare/", redline.minutes_redline_page, name="minutes-redline"),
    path("<int:pk>/minutes/items/<int:item_pk>/edit/", minutes.minutes_item_edit, name="minutes-item-edit"),
    path(
        "<int:pk>/minutes/items/<int:item_pk>/history/",
        minutes.minutes_item_history,
        name="minutes-item-history",
    ),
    path("<int:pk>/minutes/items/<int:item_pk>/comments/new/", minutes.comment_add, name="comment-add"),
    path("<int:pk>/minutes/comments/<int:comment_pk>/settle/", minutes.comment_settle, name="comment-settle"),
    path("<int:pk>/statements/<int:statement_pk>/delete/", minutes.statement_delete, name="statement-delete"),
    path("<int:pk>/decisions/new/", minutes.decision_add, name="decision-add"),
    path("<int:pk>/actions/new/", minutes.action_add, name="action-add"),
    # the sanitised public summary
    path("<int:pk>/summary/", summary.summary_detail, name="summary-detail"),
    path("<int:pk>/summary/propose/", summary.summary_propose, name="summary-propose"),
    path("<int:pk>/summary/categories/", summary.summary_categories, name="summary-categories"),
    path("<int:pk>/summary/generate/", summary.summary_generate, name="summary-generate"),
    path("<int:pk>/summary/edit/", summary.summary_edit, name="summary-edit"),
    path("<int:pk>/summary/entries/<int:entry_pk>/", summary.summary_entry_edit, name="summary-entry-edit"),
    path("<int:pk>/summary/check/", summary.summary_check, name="summary-check"),
    path("<int:pk>/summary/findings/<int:finding_pk>/waive/", summary.finding_waive, name="finding-waive"),
    path(
        "<int:pk>/summary/comments/<int:comment_pk>/settle/",
        summary.summary_comment_settle,
        name="summary-comment-settle",
    ),
    path(
        "<int:pk>/summary/<str:action>/",
        summary.summary_transition,
        name="summary-transition",
    ),
    # action items across meetings
    path("actions/", meetings.action_list, name="action-list"),
    path("actions/<int:pk>/edit/", meetings.action_edit, name="action-edit"),
    path("my-actions/", meetings.my_actions, name="my-actions"),
    path("my-actions/<int:pk>/done/", meetings.my_action_done, name="my-action-done"),
]
