"""State changes of the submissions domain; each flushes, audits, and never commits."""

from reviewhub.submissions.services.conflicts import (  # noqa: F401
    declare_conflicts,
    link_authorships,
    override_conflict,
    refresh_conflicts_for_submission,
    refresh_conflicts_for_user,
)
from reviewhub.submissions.services.files import (  # noqa: F401
    attach_file,
    extract_texts,
    file_for_download,
    remove_file,
)
from reviewhub.submissions.services.lifecycle import (  # noqa: F401
    FilesRefused,
    Incomplete,
    can_create_at,
    create_draft,
    deadline_of,
    extend_deadline,
    open_at,
    save,
    submit,
    type_deadline,
    update,
    withdraw,
)
from reviewhub.submissions.services.types import (  # noqa: F401
    delete_type,
    ensure_default_types,
    save_type,
)
