"""The conference review process: rounds, author response, updates after it, sub-reviewers,
review ratings and the per-submission review stage. Everything is off until an event turns it on."""
