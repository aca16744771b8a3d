"""Ten people save the same output of an action plan at the same moment, each from the version
they opened: exactly one change is saved, the nine others are told of the conflict, nothing is
overwritten, and the audit history holds the one change."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from coordinators.models import Output
from tests.coordinators.test_views import plan  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.postgres]

EDITORS = 10


def test_ten_concurrent_edits_of_one_output_save_one_and_report_nine_conflicts(
    transactional_db,
    plan,  # noqa: F811
    coordinator_va,
):
    output = plan.outputs.get()
    url = reverse("coordinators:output-edit", args=[output.pk])
    history_before = output.history.count()
    barrier = threading.Barrier(EDITORS)
    responses = {}

    def edit(number):
        client = Client()
        client.force_login(coordinator_va)
        data = {
            "text": f"Version written by editor {number}",
            "indicator": output.indicator,
            "baseline": "0",
            "target_value": str(10 + number),
            "unit": "States Parties",
            "deadline": "2017-06-30",
            "serves_action": "",
            "lock_version": "0",
        }
        barrier.wait()
        try:
            responses[number] = client.post(url, data)
        finally:
            connection.close()

    threads = [threading.Thread(target=edit, args=(n,)) for n in range(EDITORS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    saved = [n for n, r in responses.items() if r.status_code == 302]
    refused = [n for n, r in responses.items() if r.status_code == 200]
    assert len(responses) == EDITORS and len(saved) == 1 and len(refused) == EDITORS - 1
    for n in refused:
        assert "Somebody else changed this output" in responses[n].content.decode()
    output = Output.objects.get(pk=output.pk)
    winner = saved[0]
    assert output.text == f"Version written by editor {winner}" and output.target_value == 10 + winner
    assert output.lock_version == 1
    assert output.history.count() == history_before + 1
