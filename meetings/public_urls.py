from django.urls import path

from . import public_views

app_name = "public"
urlpatterns = [
    path("summaries/<int:pk>/", public_views.summary_detail, name="summary-detail"),
    path("summaries/<int:pk>/pdf/", public_views.summary_pdf, name="summary-pdf"),
    path("search/", public_views.search, name="search"),
    path("calendar.ics", public_views.calendar_feed, name="calendar"),
]
