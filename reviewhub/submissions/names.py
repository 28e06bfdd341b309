"""Whether two written names are the same person's (pure: for co-author conflicts).

The normalisation, documented for organizers (README, "Co-author conflicts"):
- accents, case and punctuation do not count ("José Núñez" = "jose nunez");
- "Last, First" is turned around ("Núñez, José" = "José Núñez");
- particles stay with the family name ("van der Berg", "de la Cruz");
- two names match when their family names are equal and their given names agree: equal, or
  one is the other's initials ("J. Núñez" and "J.-M. Núñez" both match "José Núñez"; "J. R.
  Smith" does not match "John Q. Smith": the second initials differ). A name with no given
  name never matches (a bare "Smith" says too little).
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_PARTICLES = {"van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "la", "le", "dos", "das", "ter", "ten", "bin", "al"}
_SUFFIXES = {"jr", "sr", "ii", "iii", "iv", "phd"}


@dataclass(frozen=True)
class NameKey:
    family: str  # "van der berg"
    given: tuple[str, ...]  # ("jose", "maria") or initials ("j", "m")


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("ß", "ss").replace("ø", "o").replace("Ø", "o").replace("ł", "l").replace("Ł", "l")
    return text.lower()


def _words(text: str) -> list[str]:
    # "J.-M." and "Jean-Marc" give two given names; apostrophes join ("O'Neil" -> "oneil").
    text = re.sub(r"['’`]", "", _plain(text))
    return [w for w in re.split(r"[^a-z0-9]+", text) if w]


@lru_cache(maxsize=200_000)  # the same names come back for every submission and reviewer
def name_key(name: str) -> NameKey | None:
    """The parts of a name that matching compares; None when there is no family name."""
    name = " ".join((name or "").split())
    if "," in name:
        family_part, given_part = name.split(",", 1)
        given_words = [w for w in _words(given_part) if w not in _SUFFIXES]
        family = [w for w in _words(family_part) if w not in _SUFFIXES]
        if not family:
            return None
        return NameKey(" ".join(family), tuple(given_words))
    words = [w for w in _words(name) if w not in _SUFFIXES]
    if not words:
        return None
    family = [words[-1]]
    rest = words[:-1]
    while rest and rest[-1] in _PARTICLES:
        family.insert(0, rest.pop())
    return NameKey(" ".join(family), tuple(rest))


def _given_agree(left: tuple[str, ...], right: tuple[str, ...]) -> bool:
    if not left or not right:
        return False
    for a, b in zip(left, right, strict=False):
        if a == b:
            continue
        if (len(a) == 1 or len(b) == 1) and a[0] == b[0]:
            continue
        return False
    return True


def same_person(left: str, right: str) -> bool:
    a, b = name_key(left), name_key(right)
    if a is None or b is None or a.family != b.family:
        return False
    return _given_agree(a.given, b.given)


def family_of(name: str) -> str:
    """The family name's key, for grouping names before the finer comparison."""
    key = name_key(name)
    return key.family if key else ""
