"""frab persons carry the integer `id` and `public_name` schedule apps key speakers by, and
every event has `subtitle` and `description` (empty when there is none), in XML and JSON,
valid against the shared frab schemas."""

import json

import jsonschema
import pytest
from lxml import etree

from reviewhub.program.exporters import to_frab_json, to_frab_xml
from reviewhub.program.exporters.common import slot_people
from reviewhub.program.exporters.frab import person_id
from reviewhub.program.snapshot import Presenter
from tests.program.test_exporters import BASE, SCHEMAS, shared_file
from tests.program.test_snapshot import sample_snapshot


@pytest.fixture(scope="module")
def frab_json_validator() -> jsonschema.Draft6Validator:
    schema = json.loads(shared_file(SCHEMAS / "frab-schedule.schema.json").read_text())
    return jsonschema.Draft6Validator(schema, format_checker=jsonschema.Draft6Validator.FORMAT_CHECKER)


@pytest.fixture(scope="module")
def frab_xsd() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(shared_file(SCHEMAS / "frab-schedule.xsd"))))


def _json_events(doc):
    return [e for d in doc["schedule"]["conference"]["days"] for r in d["rooms"].values() for e in r]


def test_json_persons_have_id_and_public_name_and_events_subtitle_and_description(frab_json_validator):
    snap = sample_snapshot()
    doc = json.loads(to_frab_json(snap, BASE))
    assert list(frab_json_validator.iter_errors(doc)) == []
    by_slot = {s.id: s for s in snap.slots}
    talks_with_people = 0
    for event in _json_events(doc):
        assert isinstance(event["subtitle"], str) and isinstance(event["description"], str)
        expected = slot_people(snap, by_slot[event["id"]])
        assert [p["public_name"] for p in event["persons"]] == [p.name for p in expected]
        assert [p["id"] for p in event["persons"]] == [person_id(p) for p in expected]
        assert all(isinstance(p["id"], int) for p in event["persons"])
        talks_with_people += bool(event["persons"])
    assert talks_with_people >= 2


def test_person_ids_tell_people_apart_and_stay_the_same():
    speaker = Presenter("Anna Huang", "Google DeepMind", 1)
    assert person_id(speaker) == 1
    bob, carol = Presenter("-Bob <b>", "@MIT"), Presenter("Carol", "@MIT")
    assert person_id(bob) == person_id(Presenter("-Bob <b>", "@MIT")) != person_id(carol)
    assert person_id(bob) > 2**30 > person_id(speaker)
    # Every talk's people, read back as a converter does (by id), are that talk's own.
    snap = sample_snapshot()
    doc = json.loads(to_frab_json(snap, BASE))
    names = {}
    for event in _json_events(doc):
        for p in event["persons"]:
            assert names.setdefault(p["id"], p["public_name"]) == p["public_name"]
    assert len(names) >= 2


def test_xml_persons_have_id_and_every_event_subtitle_and_description(frab_xsd):
    snap = sample_snapshot()
    root = etree.fromstring(to_frab_xml(snap, BASE))
    assert frab_xsd.validate(root), str(frab_xsd.error_log)
    by_slot = {s.id: s for s in snap.slots}
    events = root.findall(".//event")
    assert events
    for event in events:
        assert event.find("subtitle") is not None and event.find("description") is not None
        people = slot_people(snap, by_slot[int(event.get("id"))])
        persons = event.findall("persons/person")
        assert [(int(p.get("id")), p.text) for p in persons] == [(person_id(p), p.name) for p in people]
        assert all(p.get("guid") for p in persons)
