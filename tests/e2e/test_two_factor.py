"""Two-factor sign-in in a real browser: set up from the QR page, then log in with the code an
authenticator app (pyotp, from the key the page shows) computes."""

import time

import pyotp
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_set_up_two_factor_and_log_in_with_a_code(browsing, server, mailbox):
    ada = browsing.person("Ada Lovelace", "lovelace@twofactor.example")
    ada.register()
    ada.confirm_email()
    ada.go("/account/profile")
    ada.click("Set up two-factor sign-in", role="link")
    ada.click("Set up two-factor sign-in")
    page = ada.page
    expect(page.locator("figure.qr svg")).to_be_visible()
    ada.shot("two-factor-setup")
    app = pyotp.TOTP(page.locator("#totp-secret").inner_text().strip())
    page.get_by_label("Code").fill(app.now())
    ada.click("Turn on")
    expect(page.locator(".flash")).to_contain_text("Two-factor sign-in is on")
    expect(page.locator(".recovery-codes li")).to_have_count(10)

    ada.logout()
    ada.go("/account/login")
    page.get_by_label("Email").fill(ada.email)
    page.get_by_label("Password").fill(ada.password)
    ada.click("Log in")
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your code")
    expect(page.get_by_role("button", name="Log out")).to_have_count(0)  # not signed in yet
    page.get_by_label("Code").fill(app.at(time.time() + 30))  # the next step: the setup spent this one
    ada.click("Sign in")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    browsing.check_clean()
