"""Imports every model module so the metadata (and Alembic) sees the whole schema."""

from reviewhub import audit, jobs  # noqa: F401
from reviewhub.accounts import models as accounts_models  # noqa: F401
from reviewhub.api import models as api_models  # noqa: F401
from reviewhub.assignment import models as assignment_models  # noqa: F401
from reviewhub.committee import models as committee_models  # noqa: F401
from reviewhub.decisions import models as decisions_models  # noqa: F401
from reviewhub.events import models as events_models  # noqa: F401
from reviewhub.groupmail import models as groupmail_models  # noqa: F401
from reviewhub.integrity import models as integrity_models  # noqa: F401
from reviewhub.mail import models as mail_models  # noqa: F401
from reviewhub.program import models as program_models  # noqa: F401
from reviewhub.publications import models as publications_models  # noqa: F401
from reviewhub.questions import models as questions_models  # noqa: F401
from reviewhub.reviewing import models as reviewing_models  # noqa: F401
from reviewhub.reviewing.process import models as review_process_models  # noqa: F401
from reviewhub.search import models as search_models  # noqa: F401
from reviewhub.security import models as security_models  # noqa: F401
from reviewhub.submissions import models as submissions_models  # noqa: F401
from reviewhub.tags import models as tags_models  # noqa: F401
from reviewhub.uploads import models as uploads_models  # noqa: F401
