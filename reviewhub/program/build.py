"""Turn the draft (DB rows) into snapshot values: the public release and the editor's checks.

Public rule (documented in the issue note): a work appears in a release only when its decision
accepts it, that decision has been released to the authors, and it is not withdrawn. Its
authors' names are then public too: releasing the decision de-anonymises an accepted work, as
in practice, so a double-blind event never shows names of a work whose decision is pending.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime

from reviewhub.program.checks import SubmissionStatus
from reviewhub.program.models import PosterBoard, ScheduleSlot, Speaker
from reviewhub.program.queries import AcceptedWork
from reviewhub.program.snapshot import (
    EventInfo,
    MediaItem,
    Presenter,
    SlotInfo,
    Snapshot,
    SpeakerInfo,
    TalkInfo,
)

MEDIA_KINDS = ("image", "audio", "video")


def file_path(slug: str, submission_id: int, file_id: int) -> str:
    """The public file route's path (program.work_file); a test keeps them equal."""
    return f"/{slug}/program/works/{submission_id}/files/{file_id}"


def photo_path(slug: str, speaker_id: int) -> str:
    """The public photo route's path (program.speaker_photo)."""
    return f"/{slug}/program/speakers/{speaker_id}/photo"


def event_info(event) -> EventInfo:
    """The event's public facts; the day falls back to a fixed date while none is set."""
    return EventInfo(
        slug=event.slug, name=event.name, short_name=event.short_name or "",
        description_md=event.description_md or "", venue=event.venue or "",
        timezone=event.timezone, contact_email=event.contact_email or "", url="",
        day=event.event_date or date(2000, 1, 1), tagline=event.tagline or "",
    )


def speaker_info(slug: str, speaker: Speaker) -> SpeakerInfo:
    """Public fields only: the e-mail address never enters a snapshot."""
    link = speaker.link if speaker.link.startswith(("http://", "https://")) else None
    return SpeakerInfo(
        id=speaker.id, name=speaker.name, affiliation=speaker.affiliation or "",
        bio_md=speaker.bio_md or "", link=link, kinds=(speaker.kind,),
        photo_url=photo_path(slug, speaker.id) if speaker.photo_key else None,
        position=speaker.position_title or "",
    )


def _pick(files: Sequence, purposes: Iterable[str], kinds: Iterable[str]) -> list:
    """Files of the first purpose present (final versions win over submitted ones)."""
    for purpose in purposes:
        chosen = [f for f in files if f.purpose == purpose and f.kind in kinds]
        if chosen:
            return chosen
    return []


def _presenters(work: AcceptedWork, speakers: Sequence[Speaker]) -> tuple[Presenter, ...]:
    """Presenter speakers with a page, else the confirmed presenter, else the authors."""
    own = [s for s in speakers if s.submission_id == work.submission.id]
    if own:
        return tuple(Presenter(s.name, s.affiliation or "", s.id) for s in own)
    conf = work.confirmation
    if conf is not None and conf.status == "confirmed" and conf.presenter_name:
        return (Presenter(conf.presenter_name, conf.presenter_affiliation or ""),)
    return tuple(Presenter(a.name, a.affiliation or "") for a in work.submission.authors)


def talk_info(slug: str, work: AcceptedWork, speakers: Sequence[Speaker],
              board_number: int | None = None) -> TalkInfo:
    """An accepted work as the public sees it: PDF and media through the public file route."""
    sub = work.submission
    pdfs = _pick(sub.files, ("camera_ready", "main"), ("pdf",))
    media = [MediaItem(f.kind, file_path(slug, sub.id, f.id), f"{f.kind.title()}: {sub.title}")
             for f in _pick(sub.files, ("final_media", "media"), MEDIA_KINDS)]
    if sub.link_url.startswith(("http://", "https://")):
        media.append(MediaItem("link", sub.link_url, sub.title))
    names = tuple(a.name for a in sub.authors)
    return TalkInfo(
        submission_id=sub.id, number=sub.number, title=sub.title, abstract_md=sub.abstract_md or "",
        presenters=_presenters(work, speakers), authors=", ".join(names), author_list=names,
        submission_type=sub.type.key, file_url=file_path(slug, sub.id, pdfs[0].id) if pdfs else None,
        media=tuple(media), board_number=board_number, topics=tuple(t.name for t in sub.topics),
        publication=_publication(work.confirmation),
    )


def _publication(confirmation) -> str:
    from reviewhub.decisions.terms import publication_note

    if confirmation is None or confirmation.terms_agreed_at is None:
        return ""
    return publication_note(confirmation.licence, confirmation.non_archival)


def slot_infos(slug: str, slots: Sequence[ScheduleSlot], boards: Sequence[PosterBoard],
               works: Sequence[AcceptedWork], speakers: Sequence[Speaker], *,
               public: bool) -> list[SlotInfo]:
    """SlotInfo per draft slot; public=True leaves out works that may not be shown yet."""
    by_id = {w.submission.id: w for w in works if w.public or not public}
    shown = {s.id for s in public_speakers(speakers, works)} if public else {s.id for s in speakers}

    def talk(submission_id: int | None, loaded, board: int | None = None) -> TalkInfo | None:
        """By id, not by the relationship, which is stale right after its foreign key changes."""
        if submission_id is None:
            return None
        if submission_id in by_id:
            return talk_info(slug, by_id[submission_id], speakers, board)
        if public:
            return None
        # Only the editor sees these (a rejected or undecided work placed by mistake): it warns.
        known = loaded if loaded is not None and loaded.id == submission_id else None
        return TalkInfo(submission_id, known.number if known else None,
                        known.title if known else f"Submission {submission_id}")

    out = []
    for slot in slots:
        posters = tuple(t for b in boards if b.slot_id == slot.id
                        if (t := talk(b.submission_id, b.submission, b.board_number)) is not None)
        out.append(SlotInfo(
            id=slot.id, start=slot.start_at, end=slot.end_at, kind=slot.kind, title=slot.title,
            room=slot.room or "", speaker_ids=tuple(s.id for s in slot.speakers if s.id in shown),
            talk=talk(slot.submission_id, slot.submission), posters=posters,
        ))
    return out


def public_speakers(speakers: Sequence[Speaker], works: Sequence[AcceptedWork]) -> list[Speaker]:
    """Everyone but presenters of works that are not (or no longer) public."""
    public_ids = {w.submission.id for w in works if w.public}
    return [s for s in speakers if s.kind != "presenter" or s.submission_id in public_ids]


def build_snapshot(event, *, version: int, released_at: datetime, comment: str,
                   slots: Sequence[ScheduleSlot], boards: Sequence[PosterBoard],
                   works: Sequence[AcceptedWork], speakers: Sequence[Speaker]) -> Snapshot:
    """The public release of the current draft."""
    people = tuple(speaker_info(event.slug, s) for s in public_speakers(speakers, works))
    return Snapshot(
        version=version, released_at=released_at, comment=comment, event=event_info(event),
        slots=tuple(slot_infos(event.slug, slots, boards, works, speakers, public=True)),
        speakers=people,
    )


def statuses(works: Sequence[AcceptedWork]) -> list[SubmissionStatus]:
    """What checks.schedule_warnings needs to know about each accepted work."""
    return [SubmissionStatus(w.submission.id, w.submission.title, accepted=True,
                             withdrawn=w.withdrawn, confirmed=w.confirmed) for w in works]
