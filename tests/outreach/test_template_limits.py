"""Letter templates cannot run code or work without bound: the merge-field check walks the parsed
template (globals such as range() are refused, a macro parameter named like one does not hide it),
rendering stops at a limit of loop iterations, output size and time, and any failure is a message
for the author, never an error page: in the preview, when a template is saved, when letters are
generated."""

import datetime

import pytest
from django.urls import reverse

from outreach import services
from outreach.models import LetterTemplate

pytestmark = pytest.mark.django_db

RANGE_IN_MACRO = "{% macro m(range) %}{% endmacro %}{{ range(1000000)|length }}"
NESTED_RANGES = "{% for a in range(1000) %}{% for b in range(1000) %}x{% endfor %}{% endfor %}"
# 200 × 200 × 200 = 8 million iterations over literals: no global needed, only the counter stops it
LETTERS = "'" + "x" * 200 + "'"
NESTED_LITERALS = (
    f"{{% for a in {LETTERS} %}}{{% for b in {LETTERS} %}}{{% for c in {LETTERS} %}}"
    "{% endfor %}{% endfor %}{% endfor %}"
)
# macros calling macros: 1 000 × 50 × 10 = 500 000 characters, no loop at all
BIG_OUTPUT = (
    "{% macro a() %}" + "y" * 1000 + "{% endmacro %}"
    "{% macro b() %}" + "{{ a() }}" * 50 + "{% endmacro %}"
    "{% macro c() %}" + "{{ b() }}" * 10 + "{% endmacro %}"
    "{{ c() }}"
)


def preview(client, world, body):
    return client.post(reverse("outreach:template-preview"), {"body": body, "state": world["lbn"].pk})


@pytest.mark.parametrize(
    "body, expected",
    [
        (RANGE_IN_MACRO, "range() is not allowed"),
        (NESTED_RANGES, "range() is not allowed"),
        ("{{ lipsum(1000) }}", "lipsum() is not allowed"),
        ("{% set c = cycler('a', 'b') %}{{ c.next() }}", "cycler() is not allowed"),
        ("{{ joiner() }}", "joiner() is not allowed"),
        ("{% set ns = namespace(x=1) %}{{ ns.x }}", "namespace() is not allowed"),
        ("{{ state.name.upper() }}", "state.name.upper(): only a macro defined earlier in the template can be called"),
        ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "f(): only a macro defined earlier"),
        ("{{ state.name * 100000000 }}", "Arithmetic and ~ are not allowed"),
        ("{{ state.name|replace('a', 'aaaaaaaaaa') }}", "The filter replace is not allowed"),
        ('{% include "base.html" %}', "{% include %} is not allowed"),
        ("{{ state.__class__ }}", "state.__class__"),
    ],
)
def test_the_preview_refuses_code_with_a_message(client, isu_staff, world, body, expected):
    client.force_login(isu_staff)
    response = preview(client, world, body)
    assert response.status_code == 200
    assert expected in response.content.decode()


def test_a_macro_parameter_named_like_a_global_is_scoped_to_its_macro(client, isu_staff, world):
    client.force_login(isu_staff)
    body = "{% macro greet(range, name) %}{{ range }} {{ name }}{% endmacro %}{{ greet('Dear', state.name) }}"
    response = preview(client, world, body)
    assert "Dear Lebanon" in response.content.decode()


def test_loops_macros_and_filters_on_merge_fields_still_render(client, isu_staff, world):
    client.force_login(isu_staff)
    body = (
        "{% macro line(label, value) %}{{ label }}: {{ value|upper }}{% endmacro %}"
        "{{ line('State', state.name) }}"
        "{% for word in ['one', 'two'] %} {{ loop.index }}={{ word }}{% endfor %}"
        "{% if deadline.article4 is defined %} by {{ deadline.article4 }}{% endif %}"
    )
    response = preview(client, world, body)
    html = response.content.decode()
    assert "State: LEBANON 1=one 2=two by 1 May 2021" in html


def test_nested_loops_stop_at_the_iteration_limit(client, isu_staff, world):
    client.force_login(isu_staff)
    response = preview(client, world, NESTED_LITERALS)
    assert response.status_code == 200
    assert "more than 10000 loop iterations" in response.content.decode()


def test_output_stops_at_the_size_limit(client, isu_staff, world):
    client.force_login(isu_staff)
    response = preview(client, world, BIG_OUTPUT)
    assert response.status_code == 200
    assert "longer than 200000 characters" in response.content.decode()


def test_a_paragraph_that_cannot_render_is_refused_when_saved(client, coordinator_va, world):
    paragraph = world["paragraphs"][world["va"]]
    client.force_login(coordinator_va)
    url = reverse("outreach:template-edit", args=[paragraph.pk])
    data = {"name": paragraph.name, "kind": "paragraph", "language": "en", "area": world["va"].pk,
            "lock_version": paragraph.lock_version}  # fmt: skip
    for body, expected in [
        (RANGE_IN_MACRO, "range() is not allowed"),
        (NESTED_LITERALS, "more than 10000 loop iterations"),
        (BIG_OUTPUT, "longer than 200000 characters"),
        ("{% for c in state.name %}{{ c.missing }}{% endfor %}", "cannot be rendered"),
    ]:
        response = client.post(url, {**data, "body": body})
        assert response.status_code == 200
        assert expected in response.content.decode()
    page = client.get(url).content.decode()
    assert "victim assistance plan of {{ state.name }}" in page  # the saved paragraph is unchanged
    assert "range(1000000)" not in page


def test_a_letter_template_that_cannot_render_is_refused_when_created(client, isu_staff, world):
    client.force_login(isu_staff)
    response = client.post(
        reverse("outreach:template-create"),
        {"name": "Loops", "kind": "letter", "language": "en", "subject": "{{ state.name }}", "body": NESTED_LITERALS},
    )
    assert response.status_code == 200
    assert "more than 10000 loop iterations" in response.content.decode()
    listing = client.get(reverse("outreach:template-list")).content.decode()
    assert "Loops" not in listing


def test_generation_reports_a_paragraph_stored_before_the_check_per_state(client, isu_staff, world, consolidated):
    # a paragraph saved before these checks existed (not through the form)
    LetterTemplate.objects.filter(pk=world["paragraphs"][world["va"]].pk).update(body=RANGE_IN_MACRO)
    client.force_login(isu_staff)
    response = client.post(reverse("outreach:campaign-generate", args=[consolidated.pk]), follow=True)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Afghanistan: Victim Assistance: range() is not allowed" in html
    assert "Lebanon: Victim Assistance: range() is not allowed" in html
    assert "1 rendered" in html  # Benin is targeted by National Implementation Measures only


def test_generation_reports_a_runaway_letter_template_per_state(client, isu_staff, world):
    template = LetterTemplate.objects.create(name="Runaway", body=NESTED_LITERALS)  # stored without the form
    campaign = services.campaign_create(
        by=isu_staff, recipients=[world["ben"]], title="Runaway", term=world["term"], area=None,
        consolidated=False, template=template, signatory_name="ISU", period_start=datetime.date(2017, 1, 1),
    )  # fmt: skip
    client.force_login(isu_staff)
    response = client.post(reverse("outreach:campaign-generate", args=[campaign.pk]), follow=True)
    assert response.status_code == 200
    assert "Benin: The template stopped: more than 10000 loop iterations" in response.content.decode()


def test_rendering_stops_at_the_deadline(client, isu_staff, world, monkeypatch):
    from outreach.merge import sandbox

    monkeypatch.setattr(sandbox, "RENDER_MAX_SECONDS", 0)  # every check finds the deadline passed
    client.force_login(isu_staff)
    response = preview(client, world, "{% for c in state.name %}{{ c }}{% endfor %}")
    assert response.status_code == 200
    assert "The template stopped: it took longer than 0 seconds" in response.content.decode()


def test_a_value_only_probed_is_not_required_of_every_state(client, isu_staff, world):
    client.force_login(isu_staff)
    body = (
        "{{ state.name }}: {{ deadline.article4|default('no clearance deadline') }}"
        "{% if deadline.article3 is defined %}, stockpile by {{ deadline.article3 }}{% endif %}."
    )
    response = client.post(reverse("outreach:template-preview"), {"body": body, "state": world["ben"].pk})
    assert "Benin: no clearance deadline." in response.content.decode()
