"""Two-factor authentication for ISU staff (django-otp TOTP), enforced when REQUIRE_STAFF_2FA is on."""

import time

import pytest
import time_machine
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db


def code(device, *, offset_steps=0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset_steps):06d}"


@pytest.fixture
def enforce(settings):
    settings.REQUIRE_STAFF_2FA = True


@pytest.fixture
def staff_device(isu_staff):
    return TOTPDevice.objects.create(user=isu_staff, name="Authenticator app", confirmed=True)


def test_unverified_staff_without_a_device_is_sent_to_enrol(client, isu_staff, enforce):
    client.force_login(isu_staff)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"] == reverse("otp-setup") + "?next=%2Fdashboard%2F"


def test_enrolment_shows_the_key_and_confirms_with_a_real_code(client, isu_staff, enforce):
    client.force_login(isu_staff)
    page = client.get(reverse("otp-setup"), {"next": "/meetings/"})
    assert page.status_code == 200
    assert 'data-testid="otp-secret"' in page.content.decode()
    assert "data:image/svg+xml" in page.content.decode()
    device = TOTPDevice.objects.get(user=isu_staff)
    assert not device.confirmed

    wrong = client.post(reverse("otp-setup"), {"token": "000000" if code(device) != "000000" else "111111"})
    assert wrong.status_code == 200
    assert "That code is not right" in wrong.content.decode()

    device.refresh_from_db()
    device.throttling_failure_count = 0  # the wrong code above started the wait between tries
    device.throttling_failure_timestamp = None
    device.save()
    done = client.post(reverse("otp-setup"), {"token": code(device), "next": "/meetings/"})
    assert done.status_code == 302
    assert done["Location"] == "/meetings/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("dashboard")).status_code == 200


def test_staff_with_a_device_logs_in_with_password_then_code(client, isu_staff, staff_device, enforce):
    client.force_login(isu_staff)
    response = client.get(reverse("meetings:meeting-list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("otp-verify"))

    garbage = client.post(reverse("otp-verify"), {"token": "abc"})
    assert garbage.status_code == 200
    assert "Enter the six digits" in garbage.content.decode()

    verified = client.post(reverse("otp-verify"), {"token": code(staff_device), "next": "/meetings/"})
    assert verified.status_code == 302
    assert verified["Location"] == "/meetings/"
    assert client.get(reverse("meetings:meeting-list")).status_code == 200
    assert client.get(reverse("dashboard")).status_code == 200


def test_a_code_cannot_be_replayed(client, isu_staff, staff_device, enforce):
    token = code(staff_device)
    client.force_login(isu_staff)
    assert client.post(reverse("otp-verify"), {"token": token}).status_code == 302
    client.logout()
    client.force_login(isu_staff)
    again = client.post(reverse("otp-verify"), {"token": token})
    assert again.status_code == 200
    assert client.get(reverse("dashboard")).status_code == 302


def test_the_admin_needs_the_code_too(client, isu_staff, staff_device, enforce):
    isu_staff.is_staff = True
    isu_staff.save()
    client.force_login(isu_staff)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("otp-verify"))
    client.post(reverse("otp-verify"), {"token": code(staff_device)})
    assert client.get("/admin/").status_code == 200


def test_htmx_requests_are_told_where_to_go(client, isu_staff, staff_device, enforce):
    client.force_login(isu_staff)
    response = client.get(
        reverse("documents:document-status", args=[1]),
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL="http://testserver/meetings/1/",
    )
    assert response.status_code == 204
    assert response["HX-Redirect"] == reverse("otp-verify") + "?next=%2Fmeetings%2F1%2F"


def test_public_pages_logout_and_static_stay_open(client, isu_staff, enforce):
    client.force_login(isu_staff)
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("public:search")).status_code == 200
    assert client.post(reverse("logout")).status_code == 302


@pytest.mark.parametrize("persona", ["coordinator_va", "coordinator_ica", "focal_point_iraq"])
def test_other_roles_are_not_forced(client, request, persona, enforce):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    response = client.get(reverse("dashboard"), follow=True)
    assert response.status_code == 200
    assert reverse("otp-setup") not in [url for url, _status in response.redirect_chain]


def test_enforcement_off_lets_staff_in_without_a_code(client, isu_staff, settings):
    settings.REQUIRE_STAFF_2FA = False
    client.force_login(isu_staff)
    assert client.get(reverse("dashboard")).status_code == 200


def test_anonymous_visitors_are_sent_to_log_in(client):
    for name in ("otp-setup", "otp-verify"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_next_cannot_point_to_another_site(client, isu_staff, staff_device, enforce):
    client.force_login(isu_staff)
    response = client.post(reverse("otp-verify"), {"token": code(staff_device), "next": "https://evil.example/"})
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")


def test_a_verified_user_visiting_verify_moves_on(client, isu_staff, staff_device, enforce):
    client.force_login(isu_staff)
    client.post(reverse("otp-verify"), {"token": code(staff_device)})
    assert client.get(reverse("otp-verify")).status_code == 302
    assert client.get(reverse("otp-setup")).status_code == 302


def test_too_many_wrong_codes_are_throttled(client, isu_staff, staff_device, enforce):
    client.force_login(isu_staff)
    right = code(staff_device)
    wrong = "000000" if right != "000000" else "111111"
    client.post(reverse("otp-verify"), {"token": wrong})
    # The wait doubles after each wrong code: straight after one, even the right code is refused.
    response = client.post(reverse("otp-verify"), {"token": right})
    assert response.status_code == 200
    assert "Too many wrong codes" in response.content.decode()
    assert client.get(reverse("dashboard"))["Location"].startswith(reverse("otp-verify"))  # still not in
    # once the wait is over, the right code opens the pages
    with time_machine.travel(time.time() + 3, tick=False):
        response = client.post(reverse("otp-verify"), {"token": code(staff_device)})
        assert response.status_code == 302
        assert client.get(reverse("dashboard")).status_code == 200
