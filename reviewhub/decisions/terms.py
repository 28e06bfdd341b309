"""Camera-ready terms: the licences an event may offer its accepted authors (pure)."""

LICENCES = {
    "cc-by-4.0": "CC BY 4.0",
    "cc-by-sa-4.0": "CC BY-SA 4.0",
    "cc-by-nc-4.0": "CC BY-NC 4.0",
    "cc-by-nc-nd-4.0": "CC BY-NC-ND 4.0",
    "cc0-1.0": "CC0 1.0 (public domain)",
    "all-rights-reserved": "All rights reserved",
}


def licence_label(key: str) -> str:
    return LICENCES.get(key, "")


def publication_note(licence: str, non_archival: bool) -> str:
    """What the program and BibTeX say of a work's terms ("" when none were chosen)."""
    parts = [f"Licence: {licence_label(licence)}"] if licence in LICENCES else []
    if non_archival:
        parts.append("non-archival")
    return "; ".join(parts)
