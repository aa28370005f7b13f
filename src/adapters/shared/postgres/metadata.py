"""The one SQLAlchemy ``MetaData`` every table belongs to, with a naming convention so that Alembic
migrations name constraints predictably (and can drop them again on downgrade)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import BigInteger, Column, DateTime, Identity, MetaData, func

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)


def id_column() -> Column[Any]:
    return Column("id", BigInteger, Identity(always=False), primary_key=True)


def timestamps() -> tuple[Column[Any], Column[Any]]:
    return (
        Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
        Column(
            "updated_at",
            DateTime(timezone=True),
            nullable=False,
            server_default=func.now(),
            onupdate=func.now(),
        ),
    )
