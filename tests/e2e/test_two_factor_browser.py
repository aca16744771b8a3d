"""Two-factor in the browser: an ISU staff member logs in, enrols an authenticator app (the key
shown on the page), confirms a code, reaches the dashboard; next login asks for the code."""

import base64
import os
import re

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from directory.roles import ISU_STAFF
from tests.factories import user_with_role

from .conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("SCREENSHOTS_DIR")


def _code(secret: str, drift: int = 0) -> str:
    key = base64.b32decode(secret.replace(" ", ""))
    return f"{totp(key, drift=drift):06d}"


def test_staff_enrol_then_log_in_with_a_code(page, settings):
    settings.REQUIRE_STAFF_2FA = True
    user_with_role("isu", ISU_STAFF)

    log_in(page, "isu")
    expect(page.get_by_role("heading", name="Set up two-factor authentication")).to_be_visible()
    expect(page.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/otp-setup.png", full_page=True)
    secret = page.get_by_test_id("otp-secret").inner_text()
    page.get_by_label("Six-digit code").fill("12345")
    page.get_by_role("button", name="Confirm and continue").click()
    expect(page.get_by_text("Enter the six digits your authenticator app shows.")).to_be_visible()

    page.get_by_label("Six-digit code").fill(_code(secret))
    page.get_by_role("button", name="Confirm and continue").click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    expect(page.get_by_text("Two-factor authentication is set up")).to_be_visible()

    page.context.clear_cookies()  # a new browser session
    log_in(page, "isu")
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/otp-verify.png", full_page=True)
    page.get_by_label("Six-digit code").fill(_code(secret, drift=1))
    page.get_by_role("button", name="Verify").click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))


def test_repeated_wrong_passwords_lock_the_login_with_a_clear_message(page):
    user_with_role("isu", ISU_STAFF)
    for _attempt in range(5):
        log_in(page, "isu", password="wrong")
    expect(page.get_by_test_id("locked-out")).to_contain_text("Too many failed logins")
    expect(page.get_by_test_id("locked-out")).to_contain_text("Try again in 15 minutes")
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/locked-out.png", full_page=True)
    log_in(page, "isu")  # the right password, during the cool-off
    expect(page.get_by_test_id("locked-out")).to_be_visible()
