from django.urls import path

from . import views

app_name = "coordinators"
urlpatterns = [
    path("", views.area_list, name="area-list"),
    path("public/", views.public_plans, name="public-plans"),
    path("plans/<int:pk>/", views.plan_detail, name="plan-detail"),
    path("quarterly-update/", views.quarterly_update, name="quarterly-update"),
    path("plans/<int:pk>/concept-note/", views.concept_note, name="concept-note"),
    path("plans/<int:pk>/concept-note/file/", views.concept_note_file, name="concept-note-file"),
    path("plans/<int:pk>/report/", views.plan_report, name="plan-report"),
    path("plans/<int:pk>/export.<str:fmt>", views.plan_export, name="plan-export"),
    path("targets/export.<str:fmt>", views.targets_export, name="targets-export"),
    path("outputs/<int:pk>/progress/", views.progress_add, name="progress-add"),
    path("outputs/<int:pk>/edit/", views.output_edit, name="output-edit"),
    path("outputs/<int:pk>/activities/new/", views.activity_add, name="activity-add"),
    path("outputs/<int:pk>/history/", views.output_history, name="output-history"),
    path("targets/", views.targets, name="targets"),
    path("coalitions/", views.coalition_list, name="coalition-list"),
    path("coalitions/<int:pk>/", views.coalition_detail, name="coalition-detail"),
    path("targets/<int:pk>/remove/", views.target_remove, name="target-remove"),
]
