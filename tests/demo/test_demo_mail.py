"""The demo never mails a real address: every address it creates and every mail it queues is
in a reserved domain (RFC 2606: example.com/.net/.org, .test, .example, .invalid, .localhost);
`reviewhub demo` says where its mail goes and which base URL the links in it use."""

import email
import email.policy
import re
import subprocess
import sys

import sqlalchemy as sa

from reviewhub.demo import load_demo
from reviewhub.demo import seed_event as seed
from reviewhub.extensions import db
from reviewhub.mail.models import OutboxMessage
from tests.scale_support import ROOT, free_port, process_env

RESERVED_NAMES = {"example.com", "example.net", "example.org"}
RESERVED_TLDS = {"test", "example", "invalid", "localhost"}
# The workshop's own public contact, as printed on the seed page: shown, never mailed.
SEED_CONTACT_COLUMNS = {("events", "contact_email")}
ADDRESS = re.compile(r"[\w.+-]+@([\w-]+(?:\.[\w-]+)+)")


def reserved(address: str) -> bool:
    domain = address.rsplit("@", 1)[-1].strip().lower().rstrip(".")
    return (domain in RESERVED_NAMES or domain.rsplit(".", 1)[-1] in RESERVED_TLDS
            or any(domain.endswith("." + name) for name in RESERVED_NAMES))


def test_reserved_recognises_reserved_domains_only():
    assert reserved("a@example.org") and reserved("a@cmu.example.org") and reserved("a@x.invalid")
    assert not reserved("a@gmail.com") and not reserved("a@cmu.edu") and not reserved("a@example.org.evil.com")


def _every_stored_address() -> dict[str, set[str]]:
    """Every value of every column named email or *_email, by table.column: a table added
    later is covered without being listed here."""
    found: dict[str, set[str]] = {}
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if (column.name == "email" or column.name.endswith("_email")) and \
                    (table.name, column.name) not in SEED_CONTACT_COLUMNS:
                values = set(db.session.scalars(sa.select(column).where(column.is_not(None), column != "")))
                if values:
                    found[f"{table.name}.{column.name}"] = values
    return found


def test_every_address_and_mail_of_the_demo_is_in_a_reserved_domain(app):
    load_demo("program")  # the last phase: every earlier phase's data and mail too
    db.session.commit()
    stored = _every_stored_address()
    assert {"users.email", "authorships.email", "outbox_messages.to_email"} <= set(stored)
    real = {where: sorted(a for a in values if not reserved(a)) for where, values in stored.items()}
    assert not any(real.values()), {k: v for k, v in real.items() if v}
    mails = db.session.scalars(sa.select(OutboxMessage)).all()
    assert len(mails) > 20
    for mail in mails:  # nor an address inside a text, but the workshop's published contact
        for text in (mail.body_text, mail.body_html or ""):
            named = [m.group(0) for m in ADDRESS.finditer(text)
                     if not reserved(m.group(0)) and m.group(0) != seed.CONTACT]
            assert not named, (mail.subject, named)


def test_demo_command_says_where_mail_goes_and_which_base_url_its_links_use(tmp_path):
    port = free_port()
    env = process_env(f"sqlite:///{tmp_path / 'demo.db'}", tmp_path)
    done = subprocess.run([sys.executable, "-m", "flask", "--app", "reviewhub", "demo", "--phase", "review", "--no-serve",
                           "--port", str(port)], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    base = f"http://127.0.0.1:{port}"
    assert f"Links in mail and feeds use {base} (from where it listens" in done.stdout
    assert f"each message is written as an .eml file in {tmp_path / 'mail'}" in done.stdout
    files = sorted((tmp_path / "mail").glob("*.eml"))
    assert files, "the demo wrote no mail"
    links = []
    for path in files:
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        assert reserved(message["To"].addresses[0].addr_spec), message["To"]
        links += re.findall(r"https?://[^\s<>\"]+", message.get_body(("plain",)).get_content())
    assert links and all(link.startswith(base + "/") for link in links), links[:5]
