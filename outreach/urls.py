from django.urls import path

from .views import calendar, campaigns, followups, letters, states, templates

app_name = "outreach"
urlpatterns = [
    path("", campaigns.campaign_list, name="campaign-list"),
    path("campaigns/new/", campaigns.campaign_create, name="campaign-create"),
    path("campaigns/<int:pk>/", campaigns.campaign_detail, name="campaign-detail"),
    path("campaigns/<int:pk>/generate/", campaigns.campaign_generate, name="campaign-generate"),
    path("campaigns/<int:pk>/approve/", campaigns.campaign_approve, name="campaign-approve"),
    path("campaigns/<int:pk>/send/", campaigns.campaign_send, name="campaign-send"),
    path("campaigns/<int:pk>/progress/", campaigns.campaign_progress, name="campaign-progress"),
    path("campaigns/<int:pk>/letters.zip", campaigns.campaign_zip, name="campaign-zip"),
    path("letters/<int:pk>/", letters.letter_detail, name="letter-detail"),
    path("letters/<int:pk>/edit/", letters.letter_edit, name="letter-edit"),
    path("letters/<int:pk>/approve/", letters.letter_approve, name="letter-approve"),
    path("letters/<int:pk>/send/", letters.letter_send, name="letter-send"),
    path("letters/<int:pk>/sent/", letters.letter_mark_sent, name="letter-mark-sent"),
    path("letters/<int:pk>/answers/new/", letters.response_add, name="response-add"),
    path("answers/<int:pk>/file/", letters.response_file, name="response-file"),
    path("states/", states.state_list, name="state-list"),
    path("states/<int:pk>/", states.state_history, name="state-history"),
    path("states/<int:pk>/contacts/new/", states.contact_add, name="contact-add"),
    path("states/<int:pk>/followups/new/", followups.followup_add, name="followup-add"),
    path("followups/<int:pk>/done/", followups.followup_done, name="followup-done"),
    path("calendar/", calendar.demarche_calendar, name="calendar"),
    path("calendar.ics", calendar.demarche_calendar_ics, name="calendar-ics"),
    path("templates/", templates.template_list, name="template-list"),
    path("templates/new/", templates.template_create, name="template-create"),
    path("templates/<int:pk>/", templates.template_edit, name="template-edit"),
    path("templates/preview/", templates.template_preview, name="template-preview"),
    path("reminders/run/", campaigns.reminders_run, name="reminders-run"),
]
