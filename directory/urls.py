from django.urls import path

from . import views

app_name = "directory"
urlpatterns = [
    path("", views.state_list, name="state-list"),
    path("<str:iso3>/", views.state_profile, name="state-profile"),
]
