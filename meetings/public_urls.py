from django.urls import path

from .views import public

app_name = "public"
urlpatterns = [
    path("summaries/<int:pk>/", public.summary_detail, name="summary-detail"),
    path("summaries/<int:pk>/pdf/", public.summary_pdf, name="summary-pdf"),
    path("search/", public.search, name="search"),
    path("calendar.ics", public.calendar_feed, name="calendar"),
]
