"""Exports of a release: iCal, frab JSON/XML against the shared schemas, CSV, BibTeX, Jekyll page."""

import csv
import io
import json
import re
import uuid
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import icalendar
import jsonschema
import pytest
from lxml import etree

from reviewhub.program.exporters import (
    ImportantDate,
    schedule_rows,
    to_bibtex,
    to_csv,
    to_frab_json,
    to_frab_xml,
    to_ical,
    to_ical_talk,
    to_jekyll_markdown,
)
from reviewhub.program.exporters.jekyll import markdown_text
from reviewhub.program.seed_day import seed_keynotes, seed_organizers
from tests.program.test_snapshot import SPEAKER_EMAILS, sample_snapshot, seed_snapshot

SCHEMAS = Path(__file__).resolve().parents[2] / ".." / "shared" / "schemas"
SEED_PAGE = Path(__file__).resolve().parents[2] / ".." / "shared" / "seed" / "neurips2024-genai-creativity.md"
BASE = "https://reviewhub.example.org"
DOMAIN = "reviewhub.example.org"
SEED_DATES = [ImportantDate("Submission Deadline"), ImportantDate("Final Decisions"),
              ImportantDate("Workshop Date")]
NOTE = "The following schedule is tentative and will be confirmed closer to the workshop:"


def shared_file(path: Path) -> Path:
    """The shared schemas and seed live next to the repo; fail loudly, never skip, when absent."""
    if not path.is_file():
        pytest.fail(f"{path.name} not found: looked for {path.resolve()} "
                    "(expected /work/shared next to the repository root)")
    return path


@pytest.fixture(scope="module")
def frab_json_validator() -> jsonschema.Draft6Validator:
    schema = json.loads(shared_file(SCHEMAS / "frab-schedule.schema.json").read_text())
    return jsonschema.Draft6Validator(schema, format_checker=jsonschema.Draft6Validator.FORMAT_CHECKER)


@pytest.fixture(scope="module")
def frab_xsd() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(shared_file(SCHEMAS / "frab-schedule.xsd"))))


def seed_markdown(snapshot=None) -> str:
    return to_jekyll_markdown(snapshot or seed_snapshot(), SEED_DATES, seed_keynotes(), [],
                              seed_organizers(), schedule_note=NOTE)


# ---- iCal -----------------------------------------------------------------------------------

def test_ical_parses_back_with_zone_and_release_stamp():
    snap = sample_snapshot()
    cal = icalendar.Calendar.from_ical(to_ical(snap, domain=DOMAIN))
    events = cal.walk("VEVENT")
    assert len(events) == len(snap.slots)
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Etc/GMT+12"]
    first = events[0]
    assert first["DTSTART"].params["TZID"] == "Etc/GMT+12"
    assert first.decoded("DTSTART") == snap.slots[0].start
    assert first.decoded("DTSTAMP") == snap.released_at
    assert str(first["UID"]) == f"genai-creativity-2024-slot-1@{DOMAIN}"
    talk = next(e for e in events if "HYPERLINK" in str(e["SUMMARY"]))
    assert "Abstract of" in str(talk["DESCRIPTION"])


def test_ical_uids_are_stable_across_exports_and_releases():
    snap = sample_snapshot()
    moved = replace(snap, version=2, slots=tuple(
        replace(s, start=s.start + timedelta(hours=1), end=s.end + timedelta(hours=1))
        for s in snap.slots))

    def uids(s):
        return sorted(str(e["UID"]) for e in icalendar.Calendar.from_ical(
            to_ical(s, domain=DOMAIN)).walk("VEVENT"))

    assert uids(snap) == uids(snap) == uids(moved)
    assert len(set(uids(snap))) == len(snap.slots)


def test_single_talk_calendar_uses_the_same_uid_and_another_zone_works():
    snap = sample_snapshot(tz="Europe/Berlin")
    cal = icalendar.Calendar.from_ical(to_ical_talk(snap, 6, domain=DOMAIN, slot_url=lambda s: f"{BASE}/t/{s.id}"))
    (event,) = cal.walk("VEVENT")
    assert str(event["UID"]) == f"genai-creativity-2024-slot-6@{DOMAIN}"
    assert str(event["URL"]) == f"{BASE}/t/6"
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    with pytest.raises(KeyError):
        to_ical_talk(snap, 999, domain=DOMAIN)


# ---- frab -----------------------------------------------------------------------------------

@pytest.mark.parametrize("tz", ["Etc/GMT+12", "Europe/Berlin"])
def test_frab_json_validates_against_the_shared_schema(frab_json_validator, tz):
    doc = json.loads(to_frab_json(sample_snapshot(tz=tz), BASE))
    errors = [f"{list(e.path)}: {e.message}" for e in frab_json_validator.iter_errors(doc)]
    assert errors == []
    conf = doc["schedule"]["conference"]
    assert conf["days"][0]["day_start"].startswith("2024-12-14T09:00:00")
    assert (conf.get("time_zone_name") == tz) == (tz == "Europe/Berlin")  # AoE misses the pattern


def test_frab_guid_is_uuid5_of_the_ical_uid_and_durations_are_hh_mm():
    doc = json.loads(to_frab_json(sample_snapshot(), BASE))
    events = [e for d in doc["schedule"]["conference"]["days"] for r in d["rooms"].values() for e in r]
    first = next(e for e in events if e["id"] == 1)
    uid = f"genai-creativity-2024-slot-1@{DOMAIN}"
    assert first["guid"] == str(uuid.uuid5(uuid.NAMESPACE_URL, uid))
    assert first["duration"] == "00:15" and first["start"] == "09:00"
    lunch = next(e for e in events if e["title"].startswith("Lunch"))
    assert lunch["duration"] == "02:00" and "Poster one" in lunch["description"]


@pytest.mark.parametrize("snap", [sample_snapshot(), sample_snapshot(tz="Europe/Berlin"),
                                  replace(seed_snapshot(), slots=())], ids=["aoe", "berlin", "empty"])
def test_frab_xml_validates_against_the_shared_xsd(frab_xsd, frab_json_validator, snap):
    doc = etree.fromstring(to_frab_xml(snap, BASE))
    assert frab_xsd.validate(doc), str(frab_xsd.error_log)
    assert list(frab_json_validator.iter_errors(json.loads(to_frab_json(snap, BASE)))) == []


# ---- CSV and BibTeX -------------------------------------------------------------------------

def test_csv_escapes_cells_that_spreadsheets_would_run():
    rows = list(csv.reader(io.StringIO(to_csv(sample_snapshot()))))
    cells = [c for row in rows[1:] for c in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")]
    assert any(c.startswith("'=HYPERLINK") for c in cells)
    assert any(c.startswith("'+music") for c in cells)
    assert sum(1 for row in rows if row[3] == "poster") == 2


def test_bibtex_escapes_specials_and_keeps_braces_balanced():
    bib = to_bibtex(sample_snapshot(), base_url=BASE)
    assert bib.count("@inproceedings") == 2  # the creative poster is left out
    assert "@inproceedings{genai-creativity-2024-7," in bib
    assert r"\textbraceleft{}Deep\textbraceright{} Learning \& 100\% \_fun\_ \#1 \$x\^{}2\$ \~{} \textbackslash{}o/" in bib
    assert "author = {Anna Huang and Bob \\textbraceleft{}Builder\\textbraceright{}}" in bib
    assert "url = {https://reviewhub.example.org/neurips2024-genai-creativity/files/7.pdf}" in bib
    depth = 0
    for ch in bib:
        depth += {"{": 1, "}": -1}.get(ch, 0)
        assert depth >= 0
    assert depth == 0
    assert to_bibtex(sample_snapshot(), base_url=BASE) == bib


# ---- Jekyll page ----------------------------------------------------------------------------

def _headings(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.startswith("## ")]


def _table(text: str, first: str) -> list[str]:
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(first))
    end = next((i for i in range(start, len(lines)) if not lines[i].startswith("|")), len(lines))
    return [line.rstrip() for line in lines[start:end]]


def test_jekyll_page_of_the_seed_day_reproduces_the_seed_page():
    seed = shared_file(SEED_PAGE).read_text()
    page = seed_markdown()
    assert page.splitlines()[:5] == seed.splitlines()[:5]  # front matter
    assert _headings(page) == _headings(seed)
    assert _table(page, "|    **Time**") == _table(seed, "|    **Time**")
    assert _table(page, "| **Event**") == _table(seed, "| **Event**")
    assert "|   9:00-9:15 | Intro " in page and NOTE in page
    assert 'src="assets/imgs/speakers/anna_huang.jpeg"' in page
    assert "Contact the organizers at [creativity.ai.neurips@gmail.com](mailto:creativity.ai.neurips@gmail.com)" in page
    assert "## **Panelists** {#panelists}\n\nTBD" in page


def test_jekyll_schedule_rows_show_talk_titles_presenters_and_share_the_html_rows():
    snap = sample_snapshot()
    page = seed_markdown(snap)
    rows = schedule_rows(snap)
    talk = next(r for r in rows if r.slot_id == 6)
    assert talk.time == "11:00-11:15" and talk.topic.startswith("=HYPERLINK")
    assert talk.speakers == "Anna Huang, -Bob <b>"
    assert next(r for r in rows if r.slot_id == 2).speakers == "Anna Huang"
    table = _table(page, "|    **Time**")[2:]
    assert [[c.strip() for c in line.strip("|").split(" | ")] for line in table] == [
        [r.time, markdown_text(r.topic), markdown_text(r.speakers)] for r in rows]


def test_jekyll_page_escapes_html_and_dates():
    evil = replace(seed_organizers()[0], name="<script>x</script>")
    page = to_jekyll_markdown(seed_snapshot(), [ImportantDate("Workshop Date", date(2024, 12, 14))],
                              [], [evil], [])
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "| Workshop Date | December 14, 2024 |" in page
    assert "## **Keynote Speakers** {#speakers}\n\nTBD" in page


# ---- privacy --------------------------------------------------------------------------------

def test_no_export_contains_a_speaker_email():
    snap = sample_snapshot()
    exports = [to_ical(snap, domain=DOMAIN).decode(), to_ical_talk(snap, 6, domain=DOMAIN).decode(),
               to_frab_json(snap, BASE), to_frab_xml(snap, BASE).decode(), to_csv(snap),
               to_bibtex(snap, types=("paper", "creative"), base_url=BASE), seed_markdown(snap),
               json.dumps(snap.to_dict())]
    contact = snap.event.contact_email
    for text in exports:
        assert not [e for e in SPEAKER_EMAILS if e in text]
        found = set(re.findall(r"[\w.+-]+@[\w-]+\.[\w.]+", text)) - {contact}
        found = {f for f in found if not re.fullmatch(rf"[\w-]+-slot-\d+@{re.escape(DOMAIN)}", f)}
        assert not found, found
