"""Publications of a person (kept across events), and uploaded lists waiting for a look."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from reviewhub.extensions import db
from reviewhub.models_base import utcnow


class Publication(db.Model):
    __tablename__ = "publications"
    __table_args__ = (sa.UniqueConstraint("user_id", "title_key", name="uq_publications_user_title"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(sa.String(500))
    title_key: Mapped[str] = mapped_column(sa.String(500))  # formats.title_key: the dedupe key
    abstract: Mapped[str] = mapped_column(sa.Text, default="")
    year: Mapped[int | None]
    coauthors: Mapped[list] = mapped_column(sa.JSON, default=list)  # names as printed, owner included
    venue: Mapped[str] = mapped_column(sa.String(300), default="")
    source: Mapped[str] = mapped_column(sa.String(20))  # formats.FORMATS key
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)


class PublicationImport(db.Model):
    """An uploaded list, parsed, shown to its owner before anything is kept."""

    __tablename__ = "publication_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    format: Mapped[str] = mapped_column(sa.String(20))
    filename: Mapped[str] = mapped_column(sa.String(255), default="")
    papers: Mapped[list] = mapped_column(sa.JSON, default=list)  # [{title, abstract, year, coauthors, venue}]
    problems: Mapped[list] = mapped_column(sa.JSON, default=list)
    duplicates: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    applied_at: Mapped[datetime | None]
