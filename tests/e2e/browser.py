"""People in the browser: each has their own browser context (cookies), inbox and screenshots."""

from pathlib import Path

from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.e2e.mailbox import Mail, Mailbox

DESKTOP = {"width": 1280, "height": 860}
PASSWORD = "correct horse battery"


class Person:
    def __init__(self, session: "Browsing", name: str, email: str, password: str,
                 context: BrowserContext, page: Page):
        self.session, self.name, self.email, self.password = session, name, email, password
        self.context, self.page = context, page

    # --- navigation ---------------------------------------------------------------------
    def go(self, path: str) -> Page:
        response = self.page.goto(self.session.server.url + path)
        assert response is not None and response.status < 500, f"{path}: {response and response.status}"
        return self.page

    def follow(self, url: str) -> Page:
        """Open a link from an email: it must point at the test server."""
        assert url.startswith(self.session.server.url + "/"), f"emailed link points elsewhere: {url}"
        self.page.goto(url)
        return self.page

    def click(self, name: str, role: str = "button") -> None:
        self.page.get_by_role(role, name=name, exact=True).click()

    def form(self, button: str):
        """The form whose submit button reads `button` (pages often hold several forms)."""
        return self.page.locator("form").filter(
            has=self.page.get_by_role("button", name=button, exact=True))

    def nav(self, label: str) -> None:
        """Follow a link of the navigation (the way a person moves between pages)."""
        self.page.get_by_role("navigation").get_by_role("link", name=label, exact=True).first.click()

    def shot(self, step: str) -> None:
        self.page.screenshot(path=str(self.session.screenshots / f"{step}.png"), full_page=True)

    def sees(self, text: str) -> None:
        expect(self.page.get_by_text(text, exact=False).first).to_be_visible()

    def flash(self) -> str:
        return " ".join(self.page.locator(".flash").all_inner_texts())

    # --- mail ---------------------------------------------------------------------------
    def inbox(self, subject: str = "", since: int = 0, timeout: float = 10) -> Mail:
        return self.session.mailbox.wait_for(self.email, subject, since=since, timeout=timeout)

    # --- accounts -----------------------------------------------------------------------
    def register(self, affiliation: str = "") -> None:
        self.go("/account/register")
        page = self.page
        page.get_by_label("Full name").fill(self.name)
        page.get_by_label("Email").fill(self.email)
        page.get_by_label("Affiliation").fill(affiliation)
        page.get_by_label("Password", exact=True).fill(self.password)
        page.get_by_label("Password again").fill(self.password)
        self.click("Create account")
        expect(page.locator(".flash")).to_contain_text("open its link to confirm the address and sign in")

    def confirm_email(self) -> None:
        """Follow the emailed confirmation link: its first use also signs in."""
        mail = self.inbox("confirm")
        self.follow(mail.link("/account/confirm/"))
        expect(self.page.locator(".flash")).to_contain_text("your email address is confirmed")

    def login(self) -> None:
        self.go("/account/login")
        self.page.get_by_label("Email").fill(self.email)
        self.page.get_by_label("Password").fill(self.password)
        self.click("Log in")
        expect(self.page.get_by_role("button", name="Log out")).to_be_visible()

    def logout(self) -> None:
        self.click("Log out")
        expect(self.page.locator(".flash")).to_contain_text("You are logged out")


class Browsing:
    """One test's people; checks afterwards that no page answered 5xx or broke its CSP."""

    def __init__(self, browser: Browser, server, mailbox: Mailbox, screenshots: Path):
        self.browser, self.server, self.mailbox, self.screenshots = browser, server, mailbox, screenshots
        self.people: list[Person] = []
        self.server_errors: list[str] = []
        self.console_errors: list[str] = []
        self.refused_pages: set[str] = set()  # 4xx pages (a form with errors answers 400)

    def person(self, name: str, email: str, password: str = PASSWORD, *,
               viewport: dict | None = None, **context_options) -> Person:
        context = self.browser.new_context(viewport=viewport or DESKTOP, **context_options)
        context.set_default_timeout(10_000)
        page = context.new_page()
        page.on("response", self._on_response)
        page.on("console", self._on_console)
        person = Person(self, name, email, password, context, page)
        self.people.append(person)
        return person

    def _on_response(self, response) -> None:
        if 400 <= response.status < 500 and response.request.resource_type == "document":
            self.refused_pages.add(response.url)
        if response.status >= 500:
            self.server_errors.append(f"{response.status} {response.request.method} {response.url}")

    def _on_console(self, message) -> None:
        where = (message.location or {}).get("url")
        if message.type == "error" and not (
                message.text.startswith("Failed to load resource") and where in self.refused_pages):
            self.console_errors.append(f"{message.text} ({where})")

    def check_clean(self) -> None:
        """No server error and no console error (a CSP violation is one) on any page seen."""
        assert not self.server_errors, f"server errors: {self.server_errors}\n{self.server.log_tail()}"
        assert not self.console_errors, f"browser console errors: {self.console_errors}"

    def capture_failure(self, test_name: str) -> None:
        for index, person in enumerate(self.people):
            try:
                person.page.screenshot(path=str(self.screenshots / f"FAILED-{test_name}-{index}.png"),
                                       full_page=True)
            except Exception:  # noqa: BLE001 (a closed page must not hide the real failure)
                pass

    def close(self) -> None:
        for person in self.people:
            person.context.close()
