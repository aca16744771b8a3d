from django.urls import path

from .views import areas, coalitions, outputs, plans, public, targets

app_name = "coordinators"
urlpatterns = [
    path("", areas.area_list, name="area-list"),
    path("public/", public.public_plans, name="public-plans"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan-detail"),
    path("quarterly-update/", areas.quarterly_update, name="quarterly-update"),
    path("plans/<int:pk>/concept-note/", plans.concept_note, name="concept-note"),
    path("plans/<int:pk>/concept-note/file/", plans.concept_note_file, name="concept-note-file"),
    path("plans/<int:pk>/report/", plans.plan_report, name="plan-report"),
    path("plans/<int:pk>/export.<str:fmt>", plans.plan_export, name="plan-export"),
    path("targets/export.<str:fmt>", targets.targets_export, name="targets-export"),
    path("outputs/<int:pk>/progress/", outputs.progress_add, name="progress-add"),
    path("outputs/<int:pk>/edit/", outputs.output_edit, name="output-edit"),
    path("outputs/<int:pk>/activities/new/", outputs.activity_add, name="activity-add"),
    path("outputs/<int:pk>/history/", outputs.output_history, name="output-history"),
    path("targets/", targets.targets, name="targets"),
    path("coalitions/", coalitions.coalition_list, name="coalition-list"),
    path("coalitions/<int:pk>/", coalitions.coalition_detail, name="coalition-detail"),
    path("targets/<int:pk>/remove/", targets.target_remove, name="target-remove"),
]
