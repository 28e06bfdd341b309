"""Everything the schedule editor shows, gathered in one place (the template runs no queries)."""

from __future__ import annotations

from dataclasses import dataclass, field

from reviewhub.program import build, queries
from reviewhub.program.checks import ScheduleWarning, schedule_warnings
from reviewhub.program.models import PosterBoard, ScheduleRelease, ScheduleSlot, Speaker
from reviewhub.program.public import retracted_ids


@dataclass
class EditorState:
    slots: list[ScheduleSlot]
    boards: list[PosterBoard]
    works: list[queries.AcceptedWork]
    speakers: list[Speaker]
    releases: list[ScheduleRelease]
    warnings: list[ScheduleWarning] = field(default_factory=list)
    retracted: int = 0  # works of the latest release no longer public (withdrawn, rejected)

    def boards_of(self, slot_id: int) -> list[PosterBoard]:
        return [b for b in self.boards if b.slot_id == slot_id]

    @property
    def schedulable(self) -> list[queries.AcceptedWork]:
        """Accepted works that may be placed (not withdrawn)."""
        return [w for w in self.works if not w.withdrawn]

    def work_label(self, submission_id: int | None) -> str:
        work = next((w for w in self.works if w.submission.id == submission_id), None)
        return f"#{work.submission.number} {work.submission.title}" if work else ""


def unreleased_warnings(works, placed: set[int]) -> list[ScheduleWarning]:
    """Placed works whose decision is not released yet stay out of the public release."""
    return [ScheduleWarning("unreleased", f"“{w.submission.title}”: the decision is not released "
                            "yet, so the public release leaves it out.", (), w.submission.id)
            for w in works if w.submission.id in placed and not w.released and not w.withdrawn]


def editor_state(event, *, hidden=frozenset()) -> EditorState:
    """The draft with its warnings (overlaps, clashes, withdrawn/unconfirmed/unscheduled work).
    Works in `hidden` (the viewer's conflicts) whose decision is not released are left out:
    listing them would tell a conflicted organizer their submission's decision."""
    works = [w for w in queries.list_accepted(event) if w.released or w.submission.id not in hidden]
    state = EditorState(queries.list_slots(event), queries.list_boards(event), works,
                        queries.list_speakers(event), queries.list_releases(event))
    infos = build.slot_infos(event.slug, state.slots, state.boards, state.works, state.speakers,
                             public=False)
    placed = {t.submission_id for s in infos for t in s.talks}
    people = [build.speaker_info(event.slug, s) for s in state.speakers]
    if state.releases:
        state.retracted = len(retracted_ids(state.releases[0]))
    state.warnings = (schedule_warnings(infos, build.statuses(state.works), people)
                      + unreleased_warnings(state.works, placed))
    return state
