"""An outbox row as the bytes of a MIME message (text and HTML parts, its stable Message-ID).

Built with the standard library's compat32 classes: several times faster than rendering
through email.policy.default (which Flask-Mail's Message uses), and at 20,000 decision emails
the message building, not SMTP, was the bottleneck. Every header value passes header_safe
again here, so no CR/LF reaches a header whatever a row holds.
"""

from email.header import Header
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.policy import compat32
from email.utils import formataddr, formatdate, parseaddr

from reviewhub.mail.rendering import header_safe

# SMTP wants CRLF line ends; smtplib does not convert them in bytes it is given.
_SMTP_POLICY = compat32.clone(linesep="\r\n")


def address(name: str, email: str) -> str:
    email = header_safe(email)
    name = header_safe(name)
    return formataddr((name, email), charset="utf-8") if name else email


def envelope_address(value: str) -> str:
    """The bare address of "Name <addr>" (for MAIL FROM / RCPT TO)."""
    return header_safe(parseaddr(value)[1] or value)


def message_bytes(row, sender: str) -> bytes:
    message = MIMEMultipart("alternative")
    subject = header_safe(row.subject)
    message["Subject"] = subject if subject.isascii() else Header(subject, "utf-8", header_name="Subject")
    name, email = parseaddr(sender)
    message["From"] = address(name, email or sender)
    message["To"] = address(row.to_name, row.to_email)
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = header_safe(row.message_id)
    message["Auto-Submitted"] = "auto-generated"
    message.attach(MIMEText(row.body_text, "plain", "utf-8"))
    if row.body_html:
        message.attach(MIMEText(row.body_html, "html", "utf-8"))
    return message.as_bytes(policy=_SMTP_POLICY)
