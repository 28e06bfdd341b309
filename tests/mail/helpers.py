"""Test helpers of the mail domain: pointing the app at the local SMTP server."""

from reviewhub.extensions import mail


def use_smtp(app, smtp_server) -> None:
    """Deliver through the test SMTP server (Flask-Mail suppresses sending under TESTING)."""
    app.config.update(smtp_server.config(), MAIL_SUPPRESS_SEND=False)
    mail.init_app(app)  # Flask-Mail reads the server settings at init
