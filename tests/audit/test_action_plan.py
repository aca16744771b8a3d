"""Action plans: an output's target changed through its page is recorded, the difference readable."""

import pytest
from django.urls import reverse

from coordinators.models import Output

from .recorded import assert_recorded

pytestmark = pytest.mark.django_db


def test_an_output_keeps_who_changed_its_target_and_the_difference(client, isu, started):
    output = Output.objects.order_by("pk").first()
    response = client.post(
        reverse("coordinators:output-edit", args=[output.pk]),
        {
            "text": output.text,
            "indicator": output.indicator,
            "baseline": output.baseline,
            "target_value": output.target_value + 1,
            "unit": output.unit,
            "deadline": output.deadline.isoformat(),
            "serves_action": output.serves_action,
            "lock_version": output.lock_version,
        },
    )
    assert response.status_code == 302
    new, old = output.history.order_by("-history_date", "-history_id")[:2]
    assert_recorded(new, isu, started, target_value=output.target_value + 1)
    changed = {change.field: (change.old, change.new) for change in new.diff_against(old).changes}
    assert changed["target_value"] == (output.target_value, output.target_value + 1)
