"""Pure rules of tags: names and colours."""

import re

# Colours an organizer picks from (label, CSS colour): a fixed palette keeps text readable.
COLOURS = {
    "grey": "#6b7280", "red": "#b91c1c", "orange": "#c2410c", "yellow": "#a16207",
    "green": "#15803d", "blue": "#1d4ed8", "purple": "#7e22ce", "pink": "#be185d",
}
NAME = re.compile(r"[a-z0-9][a-z0-9_.-]{0,39}")


def normalise_name(raw: str) -> str:
    """A tag's name as stored and searched (`#name`): lower case, no spaces or '#'; raises
    ValueError with what is wrong."""
    name = raw.strip().lstrip("#").lower()
    if not name:
        raise ValueError("Give the tag a name.")
    if not NAME.fullmatch(name):
        raise ValueError("A tag name is 1-40 letters, digits, '-', '_' or '.', starting with a letter or digit.")
    return name
