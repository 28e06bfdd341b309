"""Access rules of the program routes: public pages and feeds, organizer pages."""

from datetime import date

from reviewhub.extensions import db
from reviewhub.program import services
from reviewhub.program.models import Speaker
from tests.access.rules import rule
from tests.access.world import ANY, ORGANIZERS
from tests.program.helpers import PNG, add_file, decide, slot_titled


def _draft(world) -> dict:
    """The seed day in the draft, the world's submission accepted and placed, a poster, a keynote."""
    event = world.event
    event.event_date = date(2024, 12, 14)
    event.program_public = True
    services.start_from_seed_day(event, by=None)
    decide(world.submission, "accept_talk")
    decide(world.other_submission, "accept_poster")
    pdf = add_file(world.submission)
    talk = slot_titled(event, "Contributed Talk 1")
    talk.submission_id = world.submission.id
    posters = slot_titled(event, "Lunch Break & Poster Session")
    board = services.place_poster(event, posters, by=None, submission_id=world.other_submission.id,
                                  board_number=1)
    keynote = services.create_speaker(event, by=None, name="Kay Note", kind="keynote", photo=PNG)
    slot_titled(event, "Invited Talk 1").speakers = [keynote]
    db.session.flush()
    return {"slot_id": talk.id, "poster_slot_id": posters.id, "board_id": board.id,
            "speaker_id": keynote.id, "file_id": pdf.id}


def _released(world) -> dict:
    values = _draft(world)
    services.release_schedule(world.event, by=None)
    db.session.commit()
    return values


def _released_hidden(world) -> dict:
    """Released, then the program made private again: its public pages are the organizers'."""
    values = _released(world)
    world.event.program_public = False
    db.session.commit()
    return values


def _draft_only(world) -> dict:
    values = _draft(world)
    db.session.commit()
    return values


def _dated(world) -> dict:
    world.event.event_date = date(2024, 12, 14)
    db.session.commit()
    return {}


def _presenter(world) -> dict:
    values = _draft(world)
    db.session.add(Speaker(event_id=world.event.id, name="P", kind="presenter",
                           submission_id=world.other_submission.id))
    db.session.commit()
    return values


P = "/{slug}/program"
SLOT = {"kind": "break", "title": "Tea", "start_at": "2024-12-14T16:00", "end_at": "2024-12-14T16:30"}
RULES = [
    rule("program.schedule", "GET", P + "/", ANY, prepare=_released),
    rule("program.talk", "GET", P + "/talks/{slot_id}", ANY, prepare=_released),
    rule("program.speaker", "GET", P + "/speakers/{speaker_id}", ANY, prepare=_released),
    rule("program.accepted", "GET", P + "/accepted", ANY, prepare=_released),
    rule("program.people", "GET", P + "/people", ANY, prepare=_released),
    rule("program.people", "GET", P + "/people", ORGANIZERS, prepare=_released_hidden),
    rule("program.ical", "GET", P + "/schedule.ics", ANY, prepare=_released),
    rule("program.talk_ical", "GET", P + "/talks/{slot_id}.ics", ANY, prepare=_released),
    rule("program.frab_xml", "GET", P + "/schedule.xml", ANY, prepare=_released),
    rule("program.frab_json", "GET", P + "/schedule.json", ANY, prepare=_released),
    rule("program.csv", "GET", P + "/program.csv", ANY, prepare=_released),
    rule("program.bibtex", "GET", P + "/accepted.bib", ANY, prepare=_released),
    rule("program.speaker_photo", "GET", P + "/speakers/{speaker_id}/photo", ANY, prepare=_released),
    rule("program.work_file", "GET", P + "/works/{sid}/files/{file_id}", ANY, prepare=_released),
    rule("program.speakers", "GET", P + "/manage/speakers", ORGANIZERS),
    rule("program.speakers", "POST", P + "/manage/speakers", ORGANIZERS, data={"name": "N", "kind": "panelist"}),
    rule("program.speaker_edit", "GET", P + "/manage/speakers/{speaker_id}", ORGANIZERS, prepare=_draft_only),
    rule("program.speaker_edit", "POST", P + "/manage/speakers/{speaker_id}", ORGANIZERS, prepare=_draft_only,
         data={"name": "New name", "kind": "keynote"}),
    rule("program.speaker_delete", "POST", P + "/manage/speakers/{speaker_id}/delete", ORGANIZERS,
         prepare=_draft_only, note="a second delete answers 'already removed'"),
    rule("program.presenter_add", "POST", P + "/manage/speakers/presenters/{sid}", ORGANIZERS,
         prepare=_draft_only),
    rule("program.editor", "GET", P + "/manage/schedule", ORGANIZERS, prepare=_presenter),
    rule("program.slot_new", "GET", P + "/manage/schedule/slots/new", ORGANIZERS),
    rule("program.slot_new", "POST", P + "/manage/schedule/slots/new", ORGANIZERS, data=SLOT),
    rule("program.slot_edit", "GET", P + "/manage/schedule/slots/{slot_id}", ORGANIZERS, prepare=_draft_only),
    rule("program.slot_edit", "POST", P + "/manage/schedule/slots/{slot_id}", ORGANIZERS,
         prepare=_draft_only, data=SLOT),
    rule("program.slot_delete", "POST", P + "/manage/schedule/slots/{slot_id}/delete", ORGANIZERS,
         prepare=_draft_only),
    rule("program.seed_day", "POST", P + "/manage/schedule/seed", ORGANIZERS, prepare=_dated),
    rule("program.poster_place", "GET", P + "/manage/schedule/slots/{poster_slot_id}/posters", ORGANIZERS,
         prepare=_draft_only),
    rule("program.poster_place", "POST", P + "/manage/schedule/slots/{poster_slot_id}/posters", ORGANIZERS,
         prepare=_draft_only, data={"submission_id": "0", "board_number": "2"}),
    rule("program.poster_remove", "POST", P + "/manage/schedule/posters/{board_id}/delete", ORGANIZERS,
         prepare=_draft_only),
    rule("program.release", "GET", P + "/manage/schedule/release", ORGANIZERS, prepare=_draft_only),
    rule("program.release", "POST", P + "/manage/schedule/release", ORGANIZERS, prepare=_draft_only),
    rule("program.visibility", "POST", P + "/manage/visibility", ORGANIZERS),
]
