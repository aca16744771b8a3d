from django.urls import path

from . import views

app_name = "outreach"
urlpatterns = [
    path("", views.campaign_list, name="campaign-list"),
    path("campaigns/new/", views.campaign_create, name="campaign-create"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign-detail"),
    path("campaigns/<int:pk>/generate/", views.campaign_generate, name="campaign-generate"),
    path("campaigns/<int:pk>/approve/", views.campaign_approve, name="campaign-approve"),
    path("campaigns/<int:pk>/send/", views.campaign_send, name="campaign-send"),
    path("campaigns/<int:pk>/progress/", views.campaign_progress, name="campaign-progress"),
    path("campaigns/<int:pk>/letters.zip", views.campaign_zip, name="campaign-zip"),
    path("letters/<int:pk>/", views.letter_detail, name="letter-detail"),
    path("letters/<int:pk>/edit/", views.letter_edit, name="letter-edit"),
    path("letters/<int:pk>/approve/", views.letter_approve, name="letter-approve"),
    path("letters/<int:pk>/send/", views.letter_send, name="letter-send"),
    path("letters/<int:pk>/sent/", views.letter_mark_sent, name="letter-mark-sent"),
    path("letters/<int:pk>/answers/new/", views.response_add, name="response-add"),
    path("answers/<int:pk>/file/", views.response_file, name="response-file"),
    path("states/", views.state_list, name="state-list"),
    path("states/<int:pk>/", views.state_history, name="state-history"),
    path("states/<int:pk>/contacts/new/", views.contact_add, name="contact-add"),
    path("states/<int:pk>/followups/new/", views.followup_add, name="followup-add"),
    path("followups/<int:pk>/done/", views.followup_done, name="followup-done"),
    path("calendar/", views.demarche_calendar, name="calendar"),
    path("calendar.ics", views.demarche_calendar_ics, name="calendar-ics"),
    path("templates/", views.template_list, name="template-list"),
    path("templates/new/", views.template_create, name="template-create"),
    path("templates/<int:pk>/", views.template_edit, name="template-edit"),
    path("templates/preview/", views.template_preview, name="template-preview"),
    path("reminders/run/", views.reminders_run, name="reminders-run"),
]
