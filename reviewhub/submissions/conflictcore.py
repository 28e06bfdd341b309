"""Finding conflicts of interest from email domains and affiliations (pure: data in, data out)."""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

# Mail providers anyone can sign up with: sharing one says nothing about an institution.
PUBLIC_PROVIDERS = frozenset({
    "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "hotmail.co.uk", "live.com",
    "msn.com", "yahoo.com", "yahoo.co.uk", "yahoo.co.jp", "yahoo.fr", "ymail.com", "aol.com",
    "icloud.com", "me.com", "mac.com", "proton.me", "protonmail.com", "pm.me", "gmx.de", "gmx.net",
    "gmx.com", "web.de", "mail.com", "mail.ru", "yandex.ru", "yandex.com", "qq.com", "foxmail.com",
    "163.com", "126.com", "sina.com", "sohu.com", "naver.com", "hanmail.net", "zoho.com",
    "fastmail.com", "tutanota.com", "hey.com", "example.com", "example.org",
    "demo.example.org",  # the demo's accounts: one shared host, not one institution
})
# Reserved names (RFC 2606) that tests and demos use as stand-ins for a registry: under them
# the next label is the institution (uni1.example.edu and uni2.example.edu differ).
SHARED_SUFFIXES = frozenset({"example.edu", "example.org", "example.com", "example.net"})
# Second-level labels under which the registrable domain has three labels (cs.ox.ac.uk -> ox.ac.uk).
_SECOND_LEVEL = {"ac", "co", "edu", "gov", "org", "net", "com", "or", "ne", "go"}
_STOP_WORDS = {"the", "of", "and", "at", "de", "du", "des", "la", "le", "für", "fur", "inc", "ltd", "llc"}


@dataclass(frozen=True)
class Person:
    user_id: int
    email: str
    affiliation: str


@dataclass(frozen=True)
class Author:
    email: str
    affiliation: str


@dataclass(frozen=True)
class Found:
    user_id: int
    source: str  # email_domain | affiliation
    reason: str


def institution_domain(email: str) -> str | None:
    """The registrable part of an institutional address (cs.stanford.edu -> stanford.edu);
    None for public providers and malformed addresses."""
    if "@" not in email:
        return None
    host = email.rsplit("@", 1)[1].strip().lower().rstrip(".")
    labels = [label for label in host.split(".") if label]
    if len(labels) < 2:
        return None
    keep = 3 if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2 else 2
    if ".".join(labels[-2:]) in SHARED_SUFFIXES and len(labels) >= 3:
        keep = 3
    domain = ".".join(labels[-keep:])
    if domain in PUBLIC_PROVIDERS or host in PUBLIC_PROVIDERS:
        return None
    return domain


def normalise_affiliation(text: str) -> str:
    """Case, accents, punctuation and filler words removed: "Université de Montréal" and
    "universite  montreal" are the same institution."""
    plain = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode().lower()
    words = [w for w in re.split(r"[^a-z0-9]+", plain) if w and w not in _STOP_WORDS]
    return " ".join(words)


def find_conflicts(authors: Iterable[Author], people: Iterable[Person]) -> list[Found]:
    """One Found per (person, source) that matches any author; the person's own authorship is
    not a "found" conflict (authorship already is one)."""
    authors = list(authors)
    found: dict[tuple[int, str], Found] = {}
    for person in people:
        own_email = person.email.strip().lower()
        domain = institution_domain(person.email)
        affiliation = normalise_affiliation(person.affiliation)
        for author in authors:
            if author.email.strip().lower() == own_email:
                continue
            if domain and institution_domain(author.email) == domain:
                found.setdefault((person.user_id, "email_domain"),
                                 Found(person.user_id, "email_domain", f"same mail domain {domain}"))
            if affiliation and normalise_affiliation(author.affiliation) == affiliation:
                found.setdefault((person.user_id, "affiliation"),
                                 Found(person.user_id, "affiliation", f"same affiliation {person.affiliation}"))
    return sorted(found.values(), key=lambda f: (f.user_id, f.source))
