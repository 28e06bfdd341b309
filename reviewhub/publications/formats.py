"""Publication lists as reviewers (and authors) export them, read into one shape (pure).

Formats: BibTeX (any .bib, DBLP's BibTeX too; bibtexparser 2), DBLP's XML person page
(lxml), an ORCID works export (the JSON of the public API's /works), a Semantic Scholar
author's papers (the Graph API's JSON: a list, or {"data": [...]}) and an OpenReview profile's
notes export (JSON of notes with content.title / content.abstract / content.authors).
Each paper keeps title, abstract, year and co-authors; duplicates (same title, ignoring case
and punctuation) are merged. Errors name the entry they are about.
"""

import json
import re
from dataclasses import dataclass, field

MAX_BYTES = 5 * 1024 * 1024
MAX_PAPERS = 2000
FORMATS = {"bibtex": "BibTeX", "dblp": "DBLP XML", "orcid": "ORCID works (JSON)",
           "semantic_scholar": "Semantic Scholar (JSON)", "openreview": "OpenReview (JSON)"}


class PublicationListError(ValueError):
    """The file as a whole cannot be read; the message says why."""


@dataclass(frozen=True)
class Paper:
    title: str
    abstract: str = ""
    year: int | None = None
    coauthors: tuple[str, ...] = ()  # every author as printed, the list's owner included
    venue: str = ""


@dataclass
class Parsed:
    format: str
    papers: list[Paper] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # "entry smith2020: no title", kept out
    duplicates: int = 0


def title_key(title: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", (title or "").lower()).split())


def _clean(text) -> str:
    text = re.sub(r"[{}]", "", str(text or ""))
    return " ".join(text.replace("\\&", "&").split())


def _year(value) -> int | None:
    match = re.search(r"(1[89]\d\d|20\d\d|21\d\d)", str(value or ""))
    return int(match.group(1)) if match else None


def detect_format(data: bytes, filename: str = "") -> str:
    head = data[:4096].lstrip()
    if head.startswith(b"<"):
        return "dblp"
    if head.startswith((b"{", b"[")):
        try:
            document = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise PublicationListError(f"This JSON cannot be read: {error}.") from error
        return _json_format(document)
    if b"@" in head or filename.lower().endswith(".bib"):
        return "bibtex"
    raise PublicationListError("This is not a publication list reviewhub reads: send BibTeX, DBLP XML, "
                               "or the JSON of ORCID, Semantic Scholar or OpenReview.")


def _json_format(document) -> str:
    if isinstance(document, dict) and ("group" in document or "works" in document):
        return "orcid"
    items = document.get("data") if isinstance(document, dict) and "data" in document else document
    if isinstance(document, dict) and "notes" in document:
        return "openreview"
    if isinstance(items, list) and items and isinstance(items[0], dict):
        first = items[0]
        if "content" in first:
            return "openreview"
        if "title" in first or "paperId" in first:
            return "semantic_scholar"
    raise PublicationListError("This JSON is not an ORCID works export, a Semantic Scholar papers list "
                               "or an OpenReview notes export.")


def parse(data: bytes, filename: str = "") -> Parsed:
    """The papers of an uploaded list, whichever format it is in."""
    if not data.strip():
        raise PublicationListError("The file is empty.")
    if len(data) > MAX_BYTES:
        raise PublicationListError(f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB.")
    kind = detect_format(data, filename)
    reader = {"bibtex": _bibtex, "dblp": _dblp, "orcid": _orcid,
              "semantic_scholar": _semantic_scholar, "openreview": _openreview}[kind]
    parsed = Parsed(kind)
    for paper in reader(data, parsed.problems):
        parsed.papers.append(paper)
    parsed.papers, parsed.duplicates = dedupe(parsed.papers)
    if len(parsed.papers) > MAX_PAPERS:
        raise PublicationListError(f"The list holds {len(parsed.papers)} papers; at most {MAX_PAPERS} are read.")
    if not parsed.papers:
        raise PublicationListError("No paper with a title was found in this file"
                                   + (f" ({parsed.problems[0]})." if parsed.problems else "."))
    return parsed


def dedupe(papers: list[Paper]) -> tuple[list[Paper], int]:
    """One paper per title; the copy with an abstract (then a year) wins."""
    best: dict[str, Paper] = {}
    order: list[str] = []
    for paper in papers:
        key = title_key(paper.title)
        kept = best.get(key)
        if kept is None:
            best[key] = paper
            order.append(key)
        elif (bool(paper.abstract), paper.year is not None) > (bool(kept.abstract), kept.year is not None):
            best[key] = paper
    return [best[k] for k in order], len(papers) - len(order)


def _text(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _split_bibtex_authors(value: str) -> tuple[str, ...]:
    return tuple(n for n in (_clean(part) for part in re.split(r"\s+and\s+", value or "")) if n and n.lower() != "others")


def _bibtex(data: bytes, problems: list[str]):
    import bibtexparser

    library = bibtexparser.parse_string(_text(data))
    for block in library.failed_blocks:
        line = getattr(block, "start_line", None)
        problems.append(f"line {line + 1 if line is not None else '?'}: this entry cannot be read")
    for entry in library.entries:
        fields = {f.key.lower(): f.value for f in entry.fields}
        title = _clean(fields.get("title"))
        if not title:
            problems.append(f"entry {entry.key}: no title")
            continue
        yield Paper(title=title, abstract=_clean(fields.get("abstract")), year=_year(fields.get("year")),
                    coauthors=_split_bibtex_authors(fields.get("author", "")),
                    venue=_clean(fields.get("booktitle") or fields.get("journal")))


def _dblp(data: bytes, problems: list[str]):
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise PublicationListError(f"This XML cannot be read: {error}.") from error
    kinds = ("article", "inproceedings", "proceedings", "book", "incollection", "phdthesis", "mastersthesis")
    records = [el for el in root.iter() if isinstance(el.tag, str) and el.tag in kinds]
    if not records and root.tag != "dblpperson":
        raise PublicationListError("This XML is not a DBLP person page (dblpperson) or DBLP records.")
    for number, record in enumerate(records, start=1):
        element = record.find("title")
        title = _clean("".join(element.itertext())) if element is not None else ""
        if not title:
            problems.append(f"record {record.get('key') or number}: no title")
            continue
        authors = tuple(_clean(re.sub(r"\s+\d{4}$", "", a.text or "")) for a in record.findall("author"))
        yield Paper(title=title.rstrip("."), year=_year(record.findtext("year")), coauthors=authors,
                    venue=_clean(record.findtext("booktitle") or record.findtext("journal")))


def _orcid(data: bytes, problems: list[str]):
    document = json.loads(data.decode("utf-8"))
    groups = document.get("group") or document.get("works") or []
    for number, group in enumerate(groups, start=1):
        summaries = group.get("work-summary") or [group]
        summary = summaries[0] if summaries else {}
        title = _clean(((summary.get("title") or {}).get("title") or {}).get("value"))
        if not title:
            problems.append(f"work {number}: no title")
            continue
        date = summary.get("publication-date") or {}
        year = _year(((date.get("year") or {}).get("value")) if isinstance(date, dict) else None)
        contributors = ((summary.get("contributors") or {}).get("contributor") or [])
        names = tuple(_clean((c.get("credit-name") or {}).get("value")) for c in contributors
                      if (c.get("credit-name") or {}).get("value"))
        venue = _clean((summary.get("journal-title") or {}).get("value") if summary.get("journal-title") else "")
        yield Paper(title=title, year=year, coauthors=names, venue=venue)


def _semantic_scholar(data: bytes, problems: list[str]):
    document = json.loads(data.decode("utf-8"))
    items = document.get("data") if isinstance(document, dict) else document
    for number, item in enumerate(items or [], start=1):
        paper = item.get("paper", item) if isinstance(item, dict) else {}
        title = _clean(paper.get("title"))
        if not title:
            problems.append(f"paper {paper.get('paperId') or number}: no title")
            continue
        names = tuple(_clean(a.get("name")) for a in paper.get("authors") or [] if a.get("name"))
        yield Paper(title=title, abstract=_clean(paper.get("abstract")), year=_year(paper.get("year")),
                    coauthors=names, venue=_clean(paper.get("venue")))


def _value(content: dict, name: str):
    value = content.get(name)
    return value.get("value") if isinstance(value, dict) else value  # API v2 wraps values


def _openreview(data: bytes, problems: list[str]):
    document = json.loads(data.decode("utf-8"))
    notes = document.get("notes") if isinstance(document, dict) else document
    for number, note in enumerate(notes or [], start=1):
        content = note.get("content") or {}
        title = _clean(_value(content, "title"))
        if not title:
            problems.append(f"note {note.get('id') or number}: no title")
            continue
        authors = _value(content, "authors") or []
        year = _year(_value(content, "year")) or _year_from_millis(note.get("pdate") or note.get("cdate"))
        yield Paper(title=title, abstract=_clean(_value(content, "abstract")), year=year,
                    coauthors=tuple(_clean(a) for a in authors if isinstance(a, str)),
                    venue=_clean(_value(content, "venue")))


def _year_from_millis(value) -> int | None:
    from datetime import UTC, datetime

    try:
        return datetime.fromtimestamp(int(value) / 1000, tz=UTC).year
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def as_past_papers_text(papers: list[Paper]) -> str:
    """The profile's past-papers text: "title\\nabstract", a blank line between papers."""
    return "\n\n".join(f"{p.title}\n{p.abstract}".strip() for p in papers)
