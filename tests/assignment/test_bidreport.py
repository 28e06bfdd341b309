"""The bid report's pure function: concentration on one author or institution, reciprocal bids."""

from reviewhub.assignment.bidreport import AuthorFact, BidFact, bid_report


def _authors():
    """Twenty submissions: 1-3 by Ann (Lab X), 4 by Bo (Lab X), 5-20 by others at their own
    places (submission 9 is reviewer 200's, 10 reviewer 100's, 8 reviewer 300's)."""
    facts = [AuthorFact(s, "Ann Ito", "ann@x.org", "Lab X") for s in (1, 2, 3)]
    facts.append(AuthorFact(4, "Bo Lee", "bo@x.org", " lab  x "))
    facts += [AuthorFact(s, f"Other {s}", f"o{s}@u{s}.org", f"Univ {s}") for s in range(5, 21)]
    facts.append(AuthorFact(3, "Cy Dan", "cy@y.org", "Lab Y"))  # a coauthor elsewhere
    return facts


def test_a_reviewer_whose_positive_bids_go_to_one_author_is_listed_with_the_evidence():
    bids = [BidFact(1, s, "eager") for s in (1, 2, 3)] + [BidFact(1, 7, "willing"),
                                                          BidFact(1, 8, "not_willing")]
    report = bid_report(bids, _authors(), {})
    author = [c for c in report.concentrated if c.kind == "author"]
    assert len(author) == 1
    c = author[0]
    assert (c.reviewer_id, c.who, c.hits, c.positive_bids) == (1, "Ann Ito", (1, 2, 3), 4)
    assert (c.share, c.base_share, c.lift) == (0.75, 0.15, 5.0)
    inst = [x for x in report.concentrated if x.kind == "institution"]
    assert [(x.who, x.hits, x.base_share) for x in inst] == [("Lab X", (1, 2, 3), 0.2)]


def test_institution_concentration_is_case_and_space_blind_and_needs_lift():
    bids = [BidFact(2, s, "willing") for s in (1, 4, 2)]
    report = bid_report(bids, _authors(), {})
    inst = [c for c in report.concentrated if c.kind == "institution"]
    assert [(c.reviewer_id, c.who, c.hits, c.share) for c in inst] == [(2, "Lab X", (1, 2, 4), 1.0)]
    assert inst[0].base_share == 0.2
    # a lab holding a fifth of the submissions is not suspicious below five times that share
    assert not [c for c in bid_report(bids, _authors(), {}, min_lift=6).concentrated
                if c.kind == "institution"]


def test_spread_bids_and_too_few_bids_and_negative_bids_are_not_listed():
    spread = [BidFact(3, s, "eager") for s in (1, 5, 6, 7)]
    few = [BidFact(4, 1, "eager"), BidFact(4, 2, "eager")]
    negative = [BidFact(5, s, "not_willing") for s in (1, 2, 3)] + [BidFact(5, 3, "conflict")]
    report = bid_report(spread + few + negative, _authors(), {})
    assert report.concentrated == ()
    assert report.reviewers_with_positive_bids == 2 and report.positive_bids == 6


def test_reviewers_who_bid_on_each_others_papers_are_paired():
    papers = {100: {10}, 200: {9}, 300: {8}}
    bids = [BidFact(100, 9, "eager"), BidFact(200, 10, "willing"),  # 100 <-> 200
            BidFact(300, 10, "eager"),  # one way only: 300 -> 100, 100 does not bid on 8
            BidFact(100, 8, "not_willing")]
    report = bid_report(bids, _authors(), papers)
    assert [(r.a, r.b, r.a_bid_on, r.b_bid_on) for r in report.reciprocal] == [(100, 200, (9,), (10,))]


def test_coauthors_count_once_per_submission_and_authors_match_by_account():
    facts = [AuthorFact(1, "Ann", "ann@x.org", user_id=7), AuthorFact(2, "Ann I.", "ANN@other.org", user_id=7),
             AuthorFact(3, "Zed", "zed@z.org"), AuthorFact(4, "Zed", "Zed@Z.org "),
             *[AuthorFact(s, f"O{s}", f"o{s}@o.org") for s in range(5, 15)]]
    bids = [BidFact(1, s, "eager") for s in (1, 2, 5)] + [BidFact(2, s, "eager") for s in (3, 4, 6)]
    report = bid_report(bids, facts, {})
    got = {(c.reviewer_id, c.who, c.hits) for c in report.concentrated if c.kind == "author"}
    assert got == {(1, "Ann", (1, 2)), (2, "Zed", (3, 4))}
