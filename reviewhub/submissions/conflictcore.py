"""Finding conflicts of interest from email domains, affiliations and co-authorship (pure:
data in, data out)."""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

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
class PaperRef:
    """One paper of a publication list, as co-author conflicts need it."""

    title: str
    year: int | None
    coauthors: tuple[str, ...]


@dataclass(frozen=True)
class Person:
    user_id: int
    email: str
    affiliation: str
    name: str = ""
    papers: tuple[PaperRef, ...] = ()


@dataclass(frozen=True)
class Author:
    email: str
    affiliation: str
    name: str = ""
    papers: tuple[PaperRef, ...] = ()  # the author's own list, when they have given one


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


def _shared_paper(papers: Iterable[PaperRef], owner: str, other: str, since_year: int) -> PaperRef | None:
    """The newest paper of `owner`'s list (since `since_year`) that `other` co-wrote."""
    from reviewhub.submissions.names import same_person

    if not other.strip():
        return None
    recent = sorted((p for p in papers if p.year is not None and p.year >= since_year),
                    key=lambda p: -(p.year or 0))
    for paper in recent:
        if any(same_person(name, other) and not same_person(name, owner) for name in paper.coauthors):
            return paper
    return None


@lru_cache(maxsize=50_000)
def _recent_families(papers: tuple[PaperRef, ...], since_year: int) -> frozenset[str]:
    """The family names of everyone on a list's recent papers: a cheap first sieve."""
    from reviewhub.submissions.names import family_of

    return frozenset(family_of(name) for paper in papers if paper.year is not None and paper.year >= since_year
                     for name in paper.coauthors)


def coauthor_conflict(person: Person, author: Author, since_year: int) -> str | None:
    """Why `person` co-wrote with `author` recently (from either one's list), or None."""
    from reviewhub.submissions.names import family_of, same_person

    if family_of(author.name) not in _recent_families(person.papers, since_year) and \
            family_of(person.name) not in _recent_families(author.papers, since_year):
        return None
    if same_person(person.name, author.name):
        return None  # the same name: the person's own authorship, not a co-authorship
    paper = _shared_paper(person.papers, person.name, author.name, since_year)
    if paper is None:
        paper = _shared_paper(author.papers, author.name, person.name, since_year)
    if paper is None:
        return None
    return f"co-author of {author.name} on \"{paper.title}\" ({paper.year})"


def find_conflicts(authors: Iterable[Author], people: Iterable[Person], *,
                   coauthor_since: int | None = None) -> list[Found]:
    """One Found per (person, source) that matches any author; the person's own authorship is
    not a "found" conflict (authorship already is one). Co-authorship counts for papers from
    `coauthor_since` on (None: not looked at)."""
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
            if coauthor_since is not None and (person.user_id, "coauthor") not in found:
                reason = coauthor_conflict(person, author, coauthor_since)
                if reason:
                    found[(person.user_id, "coauthor")] = Found(person.user_id, "coauthor", reason)
    return sorted(found.values(), key=lambda f: (f.user_id, f.source))
