"""Test helpers of the mail domain: pointing the app at the local SMTP server."""


def use_smtp(app, smtp_server) -> None:
    """Deliver through the test SMTP server (delivery reads these settings when it connects)."""
    app.config.update(smtp_server.config())
