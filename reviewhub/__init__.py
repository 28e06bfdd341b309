"""reviewhub: call for submissions, peer review, decisions and public program."""
