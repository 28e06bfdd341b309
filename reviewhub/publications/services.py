"""Import a publication list in two steps (stage, then apply after a look), and the papers
that co-author conflicts read."""

from dataclasses import asdict

import sqlalchemy as sa

from reviewhub import audit
from reviewhub.errors import DomainError
from reviewhub.extensions import db
from reviewhub.models_base import utcnow
from reviewhub.publications import formats
from reviewhub.publications.models import Publication, PublicationImport
from reviewhub.submissions.conflictcore import PaperRef


def stage(user, data: bytes, filename: str) -> PublicationImport:
    """Parse an uploaded list and keep it for the owner's preview. Flushes."""
    try:
        parsed = formats.parse(data, filename)
    except formats.PublicationListError as error:
        raise DomainError(str(error)) from error
    staged = PublicationImport(user_id=user.id, format=parsed.format, filename=(filename or "")[:255],
                               papers=[asdict(p) for p in parsed.papers], problems=parsed.problems[:200],
                               duplicates=parsed.duplicates)
    db.session.add(staged)
    db.session.flush()
    return staged


def known_titles(user) -> set[str]:
    return set(db.session.scalars(sa.select(Publication.title_key).where(Publication.user_id == user.id)))


def apply(user, staged: PublicationImport) -> int:
    """Keep the staged papers the user does not have yet, add them to the reviewer profile's past
    papers (as many as its limit holds), and look for co-author conflicts again. Flushes;
    returns how many papers were added."""
    from reviewhub.assignment.services import profiles

    if staged.applied_at is not None:
        raise DomainError("This list was imported already.")
    known = known_titles(user)
    added: list[formats.Paper] = []
    for item in staged.papers:
        paper = formats.Paper(title=item["title"][:500], abstract=item.get("abstract") or "", year=item.get("year"),
                              coauthors=tuple(item.get("coauthors") or ()), venue=(item.get("venue") or "")[:300])
        key = formats.title_key(paper.title)[:500]
        if not key or key in known:
            continue
        known.add(key)
        added.append(paper)
        db.session.add(Publication(user_id=user.id, title=paper.title, title_key=key, abstract=paper.abstract,
                                   year=paper.year, coauthors=list(paper.coauthors), venue=paper.venue,
                                   source=staged.format))
    staged.applied_at = utcnow()
    _append_to_profile(user, added, profiles)
    db.session.flush()
    audit.record("publications.imported", actor=user, obj=staged, added=len(added), format=staged.format)
    refresh_conflicts(user)
    return len(added)


def _append_to_profile(user, papers: list[formats.Paper], profiles) -> None:
    from reviewhub.assignment.models import ReviewerProfile

    if not papers:
        return
    profile = profiles.get_profile(user) or ReviewerProfile(user_id=user.id, expertise="", keywords="", past_papers="")
    db.session.add(profile)
    text = profile.past_papers or ""
    for paper in papers:
        block = formats.as_past_papers_text([paper])
        if len(text) + len(block) + 2 > profiles.PAST_PAPERS_MAX:
            break
        text = f"{text}\n\n{block}" if text else block
    profile.past_papers, profile.updated_at = text, utcnow()


def remove(user, publication: Publication) -> None:
    if publication.user_id != user.id:
        raise DomainError("Not your publication.")
    db.session.delete(publication)
    db.session.flush()
    audit.record("publications.removed", actor=user, obj=user, title=publication.title[:200])
    refresh_conflicts(user)


def papers_of(user_ids) -> dict[int, tuple[PaperRef, ...]]:
    """Each user's publications as conflict finding reads them (one query)."""
    ids = sorted(set(user_ids))
    found: dict[int, list[PaperRef]] = {}
    if not ids:
        return {}
    rows = db.session.execute(sa.select(Publication.user_id, Publication.title, Publication.year, Publication.coauthors)
                              .where(Publication.user_id.in_(ids)))
    for uid, title, year, coauthors in rows:
        found.setdefault(uid, []).append(PaperRef(title, year, tuple(coauthors or ())))
    return {uid: tuple(papers) for uid, papers in found.items()}


def refresh_conflicts(user) -> None:
    """The user's list changed: co-author conflicts of every event they review or organize, and
    of every submission they author, are found again."""
    from reviewhub.events.models import Event, Membership
    from reviewhub.submissions.models import Authorship, Submission, SubmissionState
    from reviewhub.submissions.services import conflicts

    events = db.session.scalars(sa.select(Event).join(Membership, Membership.event_id == Event.id).where(
        Membership.user_id == user.id, Membership.role.in_(("reviewer", "organizer"))).distinct())
    for event in events:
        conflicts.refresh_conflicts_for_user(event, user)
    authored = db.session.scalars(sa.select(Submission).join(Authorship, Authorship.submission_id == Submission.id)
                                  .where(Authorship.user_id == user.id, Submission.status != SubmissionState.withdrawn)
                                  .distinct())
    for submission in authored:
        conflicts.refresh_conflicts_for_submission(submission)
