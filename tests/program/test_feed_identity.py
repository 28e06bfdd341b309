"""Feed identifiers (frab guids, iCal UIDs, person and room guids) and links come from the
configured site, never from the Host header a client sends: the same server reached as
`localhost` and as `127.0.0.1` gives calendar and schedule apps the same talks."""

import json
import re

import icalendar
from lxml import etree

from tests.program.test_public import _released, slot_titled

HOSTS = ("localhost", "127.0.0.1:8000", "attacker.example")


def _identifiers(client, path: str, host: str) -> list[str]:
    response = client.get(path, headers={"Host": host})
    assert response.status_code == 200, (path, host, response.status_code)
    body = response.data
    if path.endswith(".ics"):
        events = icalendar.Calendar.from_ical(body).walk("VEVENT")
        return [str(e["UID"]) for e in events] + [str(e.get("URL", "")) for e in events]
    if path.endswith(".xml"):
        root = etree.fromstring(body)
        return [v for node in root.iter() for k, v in node.attrib.items() if k in ("guid", "href")] + \
            [node.text for node in root.iter("url", "base_url")]
    return re.findall(r'"(?:guid|url|base_url|avatar)": "([^"]+)"', json.dumps(json.loads(body)))


def test_identifiers_do_not_follow_the_host_header(app, client):
    data = _released()
    s = data["event"].slug
    talk = slot_titled(data["event"], "CT 0")
    for path in (f"/{s}/program/schedule.xml", f"/{s}/program/schedule.json",
                 f"/{s}/program/schedule.ics", f"/{s}/program/talks/{talk.id}.ics"):
        seen = [_identifiers(client, path, host) for host in HOSTS]
        assert seen[0], path
        assert seen[0] == seen[1] == seen[2], path
        text = " ".join(seen[0])
        assert "localhost" not in text and "attacker.example" not in text and "8000" not in text
        assert "reviewhub.test" in text  # the configured site (SERVER_NAME in the tests)


def test_bibtex_urls_are_absolute_on_the_configured_site(app, client):
    data = _released()
    s = data["event"].slug
    bibs = [client.get(f"/{s}/program/accepted.bib", headers={"Host": host}).get_data(as_text=True)
            for host in HOSTS]
    assert bibs[0] == bibs[1] == bibs[2]
    urls = re.findall(r"^\s*url = \{(.*)\},$", bibs[0], flags=re.M)
    assert len(urls) == len(data["works"])
    for url in urls:
        assert url.startswith(f"http://reviewhub.test/{s}/"), url
        assert client.get(url.removeprefix("http://reviewhub.test")).status_code == 200
