"""The 25 API operations, below `…/api/v1/public/` (both virtual-number spellings)."""

from django.urls import path, re_path

from .views import numbers, operators, projects, recordings, unknown_path

urlpatterns = [
    path("recordings", recordings.recordings, name="recordings"),
    path("recordings/<str:recording_id>", recordings.recording, name="recording"),
    path(
        "recordings/<str:recording_id>/transcription",
        recordings.transcription,
        name="recording-transcription",
    ),
    path("recordings/<str:recording_id>/results", recordings.results, name="recording-results"),
    path("recordings/<str:recording_id>/summary", recordings.summary, name="recording-summary"),
    path("projects", projects.projects, name="projects"),
    path("projects/<int:project_id>", projects.project, name="project"),
    # IdentityCall docs conflict: the overview table spells purchase `POST /virtual_numbers` and
    # operator routing `…/operators[/<id>]`; the per-endpoint pages use `/purchase`,
    # `/add_operator` and `/remove_operator`. Both are served.
    path("virtual_numbers", numbers.numbers, name="numbers"),
    path("virtual_numbers/available", numbers.available, name="numbers-available"),
    path("virtual_numbers/purchase", numbers.purchase, name="numbers-purchase"),
    path("virtual_numbers/<int:number_id>", numbers.number, name="number"),
    path(
        "virtual_numbers/<int:number_id>/add_operator",
        numbers.add_operator_route,
        name="number-add-operator",
    ),
    path(
        "virtual_numbers/<int:number_id>/remove_operator",
        numbers.remove_operator_route,
        name="number-remove-operator",
    ),
    path(
        "virtual_numbers/<int:number_id>/operators",
        numbers.number_operators,
        name="number-operators",
    ),
    path(
        "virtual_numbers/<int:number_id>/operators/<int:operator_id>",
        numbers.number_operator,
        name="number-operator",
    ),
    path("operators", operators.operators, name="operators"),
    path("operators/<int:operator_id>", operators.operator, name="operator"),
    re_path(r"^.*$", unknown_path, name="api-unknown"),
]
