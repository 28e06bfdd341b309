"""Ways out of the outbox: SMTP through Flask-Mail's connection, or .eml files without a server.

Senders take plain `Outgoing` values and the settings they were built with, never the
database session or the app context, so delivery can run several of them in threads (one
SMTP connection each) while the main thread records the outcomes.
"""

import logging
import smtplib
from dataclasses import dataclass
from pathlib import Path

from flask_mail import Connection

from reviewhub.extensions import mail
from reviewhub.mail.mime import envelope_address, message_bytes

log = logging.getLogger(__name__)


class TemporaryFailure(Exception):
    """4xx, a dropped connection, a timeout: try again later."""


class PermanentFailure(Exception):
    """5xx: the server will never take this message; a person must look."""


@dataclass(frozen=True)
class Outgoing:
    id: int
    to_email: str
    to_name: str
    subject: str
    body_text: str
    body_html: str
    message_id: str

    @classmethod
    def of(cls, row) -> "Outgoing":
        return cls(row.id, row.to_email, row.to_name, row.subject, row.body_text, row.body_html,
                   row.message_id)


def _decode(text) -> str:
    return text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)


class SmtpSender:
    """One SMTP connection, opened on first use and reopened after a failure."""

    def __init__(self, config: dict):
        self.config = config
        self.sender = config["MAIL_DEFAULT_SENDER"]
        self.connection = None

    def _connect(self):
        # A configured server is used even under TESTING: the outbox decides what is sent.
        state = mail.init_mail(self.config, testing=False)
        connection = Connection(state).__enter__()
        if connection.host is not None and connection.host.sock is not None:
            # smtplib waits forever by default; a hung server must not hold the lease forever.
            connection.host.sock.settimeout(self.config.get("MAIL_TIMEOUT_SECONDS", 30))
        return connection

    def send(self, message: Outgoing) -> None:
        try:
            if self.connection is None:
                self.connection = self._connect()
            self.connection.host.sendmail(envelope_address(self.sender), [envelope_address(message.to_email)],
                                          message_bytes(message, self.sender))
        except smtplib.SMTPResponseException as error:
            self.close()
            text = f"{error.smtp_code} {_decode(error.smtp_error)}"
            if 400 <= error.smtp_code < 500:
                raise TemporaryFailure(text) from error
            raise PermanentFailure(text) from error
        except smtplib.SMTPRecipientsRefused as error:
            self.close()
            codes = [code for code, _ in error.recipients.values()]
            text = "; ".join(f"{to}: {code} {_decode(msg)}" for to, (code, msg) in error.recipients.items())
            if all(400 <= code < 500 for code in codes):
                raise TemporaryFailure(text) from error
            raise PermanentFailure(text) from error
        except (TimeoutError, smtplib.SMTPException, OSError) as error:
            self.close()
            raise TemporaryFailure(f"{type(error).__name__}: {error}") from error

    def close(self) -> None:
        if self.connection is not None:
            try:
                self.connection.__exit__(None, None, None)
            except (smtplib.SMTPException, OSError):
                pass
            self.connection = None


class FileSender:
    """No SMTP server configured: each message becomes an .eml file and a log line."""

    def __init__(self, config: dict):
        self.folder = Path(config["MAIL_FILE_DIR"])
        self.folder.mkdir(parents=True, exist_ok=True)
        self.sender = config["MAIL_DEFAULT_SENDER"]

    def send(self, message: Outgoing) -> None:
        (self.folder / f"{message.id:08d}.eml").write_bytes(message_bytes(message, self.sender))
        log.info("mail to %s: %s", message.to_email, message.subject)

    def close(self) -> None:
        pass


def make_senders(config: dict) -> list:
    """MAIL_SMTP_CONNECTIONS parallel SMTP senders, or one file sender."""
    if not config.get("MAIL_SERVER"):
        return [FileSender(config)]
    return [SmtpSender(config) for _ in range(max(1, int(config.get("MAIL_SMTP_CONNECTIONS", 1))))]
