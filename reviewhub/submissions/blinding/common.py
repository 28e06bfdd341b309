"""What every cleaner returns or raises, and the byte helpers they share."""

from dataclasses import dataclass, field


class CannotBlind(ValueError):
    """The file could not be cleaned (damaged, an unsupported variant, a missing tool); the
    message says why in words an author can act on."""


@dataclass(frozen=True)
class Blinded:
    """What a cleaner removed, each item a short phrase for the author ("EXIF (Artist, GPS)")."""

    removed: tuple[str, ...] = field(default=())


def listing(label: str, names) -> str:
    """'label (a, b, c)' with the names sorted and unique, or just the label."""
    unique = sorted({str(n) for n in names if str(n)})
    return f"{label} ({', '.join(unique[:12])}{', ...' if len(unique) > 12 else ''})" if unique else label
