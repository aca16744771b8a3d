from django.urls import path

from .views import public, summary_review

app_name = "public"
urlpatterns = [
    path("summaries/<int:pk>/", public.summary_detail, name="summary-detail"),
    path("summaries/<int:pk>/pdf/", public.summary_pdf, name="summary-pdf"),
    # a circulated draft, for the delegation whose e-mailed link this is (no login; the signed link is the key)
    path("summaries/review/<str:token>/", summary_review.summary_review, name="summary-review"),
    path("search/", public.search, name="search"),
    path("calendar.ics", public.calendar_feed, name="calendar"),
]
