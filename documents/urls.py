from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("<int:pk>/download/", views.document_download, name="document-download"),
    path("<int:pk>/status/", views.document_status, name="document-status"),
]
