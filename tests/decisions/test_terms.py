"""Camera-ready terms: the organizer offers licences (and non-archival), the authors of an
accepted work choose and agree, and the choice shows on the public work page and in BibTeX."""

from datetime import timedelta

import pytest

from reviewhub.decisions import presentation
from reviewhub.decisions.terms import publication_note
from reviewhub.errors import DeadlinePassed, DomainError, NotAllowed
from reviewhub.extensions import db
from reviewhub.models_base import utcnow
from tests.decisions import test_presentation
from tests.decisions.test_presentation import _decision

world = test_presentation.world  # the same fixture: an accepted and a rejected work, released


def _offer(world, **kw):
    presentation.set_terms(world["event"], by=world["organizer"], **{
        "licences": ["cc-by-4.0", "cc-by-nc-4.0"], "allow_non_archival": True,
        "terms_md": "You grant the workshop the right to publish the work.", **kw})
    db.session.commit()


def test_the_note_says_the_licence_and_non_archival():
    assert publication_note("cc-by-4.0", False) == "Licence: CC BY 4.0"
    assert publication_note("cc-by-nc-4.0", True) == "Licence: CC BY-NC 4.0; non-archival"
    assert publication_note("", False) == "" and publication_note("made-up", True) == "non-archival"


def test_the_organizer_form_needs_a_licence(world, login_as):
    client = login_as(world["organizer"])
    path = f"/{world['event'].slug}/decisions/terms"
    bad = client.post(path, data={"terms_md": "x"})
    assert bad.status_code == 400 and "Offer at least one licence." in bad.text
    made_up = client.post(path, data={"licences": ["cc-by-99"]})
    assert made_up.status_code == 400
    ok = client.post(path, data={"licences": ["cc-by-4.0", "all-rights-reserved"], "terms_md": "Terms."})
    assert ok.status_code == 302
    terms = presentation.get_terms(world["event"])
    assert terms.licences == ["cc-by-4.0", "all-rights-reserved"] and not terms.allow_non_archival


def test_the_authors_choose_agree_and_see_their_choice(world, login_as):
    _offer(world)
    client = login_as(world["coauthor"])  # any author of the work
    slug, sid = world["event"].slug, world["accepted"].id
    page = client.get(f"/{slug}/decisions/mine").text
    assert "You grant the workshop the right to publish the work." in page and "CC BY-NC 4.0" in page
    path = f"/{slug}/decisions/mine/{sid}/terms"
    no_agree = client.post(path, data={f"t{sid}-licence": "cc-by-4.0"})
    assert no_agree.status_code == 400 and "Agree to the publishing terms" in no_agree.text
    not_offered = client.post(path, data={f"t{sid}-licence": "cc0-1.0", f"t{sid}-agree": "y"})
    assert not_offered.status_code == 400
    done = client.post(path, data={f"t{sid}-licence": "cc-by-nc-4.0", f"t{sid}-non_archival": "y",
                                   f"t{sid}-agree": "y"})
    assert done.status_code == 302
    assert "Chosen: <strong>CC BY-NC 4.0</strong>, non-archival" in client.get(f"/{slug}/decisions/mine").text


def test_the_service_refuses_what_the_event_does_not_allow(world):
    sub = world["accepted"]
    with pytest.raises(NotAllowed):  # no terms set
        presentation.choose_terms(sub, _decision(sub), by=world["author"], licence="cc-by-4.0",
                                  non_archival=False, agreed=True)
    _offer(world, allow_non_archival=False)
    with pytest.raises(DomainError, match="non-archival"):
        presentation.choose_terms(sub, _decision(sub), by=world["author"], licence="cc-by-4.0",
                                  non_archival=True, agreed=True)
    with pytest.raises(NotAllowed):
        rejected = world["rejected"]
        presentation.choose_terms(rejected, _decision(rejected), by=world["author"], licence="cc-by-4.0",
                                  non_archival=False, agreed=True)
    with pytest.raises(DeadlinePassed):
        presentation.choose_terms(sub, _decision(sub), by=world["author"], licence="cc-by-4.0", non_archival=False,
                                  agreed=True, now=world["event"].camera_ready_at + timedelta(seconds=1))


def test_others_cannot_choose_for_a_work(world, login_as):
    _offer(world)
    sid = world["accepted"].id
    response = login_as(world["other"]).post(f"/{world['event'].slug}/decisions/mine/{sid}/terms",
                                             data={f"t{sid}-licence": "cc-by-4.0", f"t{sid}-agree": "y"})
    assert response.status_code == 404


def test_the_choice_shows_on_the_public_work_and_in_bibtex(world):
    from types import SimpleNamespace

    from reviewhub.decisions.queries import get_confirmation
    from reviewhub.program.build import talk_info
    from reviewhub.program.exporters.tables import _bib_entry
    from reviewhub.program.queries import AcceptedWork

    _offer(world)
    sub = world["accepted"]
    presentation.choose_terms(sub, _decision(sub), by=world["author"], licence="cc-by-4.0", non_archival=True,
                              agreed=True, now=utcnow())
    db.session.commit()
    talk = talk_info(world["event"].slug, AcceptedWork(sub, _decision(sub), get_confirmation(sub)), [])
    assert talk.publication == "Licence: CC BY 4.0; non-archival"
    assert type(talk).from_dict(talk.to_dict()) == talk  # kept in the release snapshot
    shot = SimpleNamespace(event=SimpleNamespace(slug="ev", name="Workshop", day=utcnow().date()))
    assert "note = {Licence: CC BY 4.0; non-archival}" in _bib_entry(shot, talk, "https://reviewhub.example")
