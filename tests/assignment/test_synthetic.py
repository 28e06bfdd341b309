"""Synthetic data: deterministic per seed, plausible shapes, usable by the affinity step."""

import numpy as np

from reviewhub.assignment.synthetic import TOPICS, generate, to_affinity_inputs


def test_same_seed_gives_identical_data_and_another_seed_differs():
    a, b, c = generate(30, 20, seed=5), generate(30, 20, seed=5), generate(30, 20, seed=6)
    assert a.submissions == b.submissions and a.reviewers == b.reviewers and a.bids == b.bids
    assert np.array_equal(a.conflicts, b.conflicts)
    assert a.submissions != c.submissions


def test_documents_look_like_the_workshop_call():
    data = generate(50, 30, seed=1, conflict_rate=0.05)
    lengths = [len(s.abstract.split()) for s in data.submissions]
    assert 120 <= min(lengths) and max(lengths) <= 300
    assert all(0 <= t < len(TOPICS) for s in data.submissions for t in s.topics)
    assert all(r.past_papers and "@" in r.person.email for r in data.reviewers)
    assert len({r.person.email for r in data.reviewers}) == 30
    assert 0 < len(data.conflicts) < 50 * 30 * 0.15
    assert data.conflicts[:, 0].max() <= 50 and data.conflicts.min() >= 1


def test_affinity_inputs_cover_every_record():
    data = generate(10, 8, seed=2)
    subs, revs, bids = to_affinity_inputs(data)
    assert [s.id for s in subs] == list(range(1, 11)) and len(revs) == 8
    assert data.submissions[0].title in subs[0].text
    assert len(bids) == len(data.bids)
