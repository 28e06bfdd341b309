"""Exports of a released Snapshot: iCal, frab JSON/XML, CSV, BibTeX and the Jekyll event page."""

from reviewhub.program.exporters.common import (
    NAMED_KINDS,
    ImportantDate,
    ScheduleRow,
    SlotUrl,
    date_label,
    important_date_rows,
    schedule_rows,
    slot_guid,
    slot_people,
    slot_uid,
    time_label,
)
from reviewhub.program.exporters.frab import (
    FRAB_TYPES,
    frab_acronym,
    frab_schedule,
    to_frab_json,
    to_frab_xml,
)
from reviewhub.program.exporters.ical import PRODID, to_ical, to_ical_talk
from reviewhub.program.exporters.jekyll import markdown_table, to_jekyll_markdown
from reviewhub.program.exporters.tables import CSV_HEADER, bibtex_escape, to_bibtex, to_csv

__all__ = [
    "CSV_HEADER", "FRAB_TYPES", "NAMED_KINDS", "PRODID", "ImportantDate", "ScheduleRow", "SlotUrl",
    "bibtex_escape", "date_label", "frab_acronym", "frab_schedule", "important_date_rows",
    "markdown_table", "schedule_rows", "slot_guid", "slot_people", "slot_uid", "time_label",
    "to_bibtex", "to_csv", "to_frab_json", "to_frab_xml", "to_ical", "to_ical_talk",
    "to_jekyll_markdown",
]
