"""The comparison (redline) of two versions of a meeting's minutes, item by item.

Whoever reads the minutes compares the versions they may read: ISU staff every version, the
other Committee members the circulated and later ones. A draft never reaches them: asking for it
is answered 404, as on the minutes page.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from documents.params import read_params

from ..forms import RedlineParams
from ..selectors import chosen_versions, comparable_versions, corrected_version, meeting_for, minutes_redline


@login_required
def minutes_redline_page(request, pk):
    meeting = meeting_for(request.user, pk)
    versions = comparable_versions(meeting, request.user)
    params = read_params(request, RedlineParams)
    version_a, version_b = chosen_versions(versions, params["a"], params["b"])
    context = {
        "meeting": meeting,
        "versions": versions,
        "version_a": version_a,
        "version_b": version_b,
        "rows": minutes_redline(version_a, version_b) if version_a and version_b else [],
        "corrects": corrected_version(version_b, versions) if version_b else None,
    }
    context["changed"] = sum(1 for row in context["rows"] if row["changed"])
    return render(request, "meetings/minutes_redline.html", context)
