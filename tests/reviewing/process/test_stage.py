"""review_stage as a truth table (pure: no app)."""

from datetime import UTC, datetime, timedelta

import pytest

from reviewhub.reviewing.process.stage import RoundFacts, StageFacts, StageKind, review_stage

T0 = datetime(2026, 9, 1, tzinfo=UTC)


def at(days: float) -> datetime:
    return T0 + timedelta(days=days)


R1 = RoundFacts("R1", at(10))
R2 = RoundFacts("R2", at(30))  # after the response period (days 15-20)
PERIOD = {"response_opens_at": at(15), "response_deadline_at": at(20)}

CASES = [
    # now, rounds, period?, has_response, meta_review, decided -> kind, round
    (5, (R1,), False, False, False, False, StageKind.reviewing, "R1"),
    (12, (R1,), False, False, False, False, StageKind.discussion, None),
    (12, (R1,), True, False, False, False, StageKind.reviewing, "R1"),  # late reviews until the response
    (15, (R1,), True, False, False, False, StageKind.response, None),
    (19.9, (R1,), True, True, False, False, StageKind.response, None),
    (20, (R1,), True, True, False, False, StageKind.discussion, None),
    (25, (R1,), True, False, False, False, StageKind.discussion, None),
    (25, (R1, R2), True, True, False, False, StageKind.reviewing, "R2"),  # a round after the response
    (5, (R2, R1), True, False, False, False, StageKind.reviewing, "R1"),  # the earliest open round first
    (31, (R1, R2), True, True, False, False, StageKind.discussion, None),
    (31, (R1, R2), True, True, True, False, StageKind.meta_review, None),
    (16, (R1,), True, True, True, False, StageKind.meta_review, None),
    (16, (R1,), True, True, True, True, StageKind.decided, None),
    (3, (), False, False, False, True, StageKind.decided, None),
    (3, (), False, False, False, False, StageKind.reviewing, None),  # no deadline at all
    (3, (RoundFacts("review", None),), False, False, False, False, StageKind.reviewing, "review"),
]


@pytest.mark.parametrize("now,rounds,period,has_response,meta,decided,kind,round_name", CASES)
def test_review_stage_truth_table(now, rounds, period, has_response, meta, decided, kind, round_name):
    stage = review_stage(StageFacts(now=at(now), rounds=rounds, has_response=has_response,
                                    meta_review_submitted=meta, decided=decided, **(PERIOD if period else {})))
    assert (stage.kind, stage.round) == (kind, round_name)
    assert stage.response_received is has_response


def test_only_the_response_stage_lets_authors_edit():
    for kind in StageKind:
        stage = review_stage(StageFacts(now=at(16), rounds=(R1,), **PERIOD)) if kind == StageKind.response else None
        if stage:
            assert stage.response_editable
    assert not review_stage(StageFacts(now=at(20), rounds=(R1,), **PERIOD)).response_editable
    assert not review_stage(StageFacts(now=at(14), rounds=(R1,), **PERIOD)).response_editable


def test_reviews_may_be_updated_only_after_a_response_until_the_meta_review():
    assert review_stage(StageFacts(now=at(21), rounds=(R1,), has_response=True, **PERIOD)).review_update_open
    assert not review_stage(StageFacts(now=at(21), rounds=(R1,), has_response=False, **PERIOD)).review_update_open
    assert not review_stage(StageFacts(now=at(21), rounds=(R1,), has_response=True, meta_review_submitted=True,
                                       **PERIOD)).review_update_open
    assert not review_stage(StageFacts(now=at(21), rounds=(R1,), has_response=True, decided=True,
                                       **PERIOD)).review_update_open


def test_labels_name_the_round():
    assert review_stage(StageFacts(now=at(25), rounds=(R1, R2), **PERIOD)).label == "reviewing (R2)"
    assert review_stage(StageFacts(now=at(25), rounds=(R1,), **PERIOD)).label == "discussion"
