"""Accounts in a real browser: register, confirm through the emailed link, log out and in."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_register_confirm_by_email_and_log_in_again(browsing, server, mailbox):
    ada = browsing.person("Ada Lovelace", "lovelace@accounts.example")
    ada.register(affiliation="Analytical Engines Ltd")
    expect(ada.page.get_by_role("link", name="Log in")).to_be_visible()  # signed in by the mail only

    mail = ada.inbox("confirm")
    link = mail.link("/account/confirm/")
    assert link.startswith(server.url + "/account/confirm/")  # built from BASE_URL
    assert "Ada Lovelace" in mail.text
    ada.follow(link)
    expect(ada.page.locator(".flash")).to_contain_text("Thank you, Ada Lovelace")
    expect(ada.page.get_by_role("link", name="Ada Lovelace")).to_be_visible()

    ada.logout()
    expect(ada.page.get_by_role("link", name="Log in")).to_be_visible()
    ada.login()
    ada.nav("Ada Lovelace")
    expect(ada.page.get_by_label("Affiliation")).to_have_value("Analytical Engines Ltd")
    browsing.check_clean()


def test_wrong_password_and_duplicate_email_show_messages_by_the_fields(browsing, server):
    bob = browsing.person("Bob Builder", "bob@accounts.example")
    bob.register()
    bob.confirm_email()
    bob.logout()

    bob.go("/account/login")
    bob.page.get_by_label("Email").fill(bob.email)
    bob.page.get_by_label("Password").fill("not the password")
    bob.click("Log in")
    expect(bob.page.locator("#password-error")).to_contain_text("not right")
    expect(bob.page.get_by_label("Email")).to_have_value(bob.email)

    twin = browsing.person("Bob Twin", "bob@accounts.example")
    twin.go("/account/register")
    twin.page.get_by_label("Full name").fill("Bob Twin")
    twin.page.get_by_label("Email").fill(twin.email)
    twin.page.get_by_label("Password", exact=True).fill("short")
    twin.page.get_by_label("Password again").fill("different")
    twin.click("Create account")
    expect(twin.page.locator("#password-error")).to_contain_text("10 to 200 characters")
    expect(twin.page.locator("#password_again-error")).to_contain_text("The passwords differ")
    expect(twin.page.get_by_label("Full name")).to_have_value("Bob Twin")
    browsing.check_clean()
