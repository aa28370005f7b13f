"""Every table of every context, registered on the one ``metadata`` (Alembic's target)."""

from __future__ import annotations

from adapters.audit.postgres import tables as audit_tables
from adapters.declarations.postgres import tables as declaration_tables
from adapters.finance.postgres import tables as finance_tables
from adapters.identity.postgres import api_tokens_tables
from adapters.identity.postgres import tables as identity_tables
from adapters.induction.postgres import tables as induction_tables
from adapters.registration.postgres import tables as registration_tables
from adapters.schools.postgres import partnerships as schools_partnerships
from adapters.schools.postgres import tables as schools_tables
from adapters.shared.postgres import contract_periods as contract_period_tables
from adapters.shared.postgres import sent_emails as sent_email_tables
from adapters.shared.postgres.metadata import metadata
from adapters.training.postgres import tables as training_tables

__all__ = [
    "api_tokens_tables",
    "audit_tables",
    "contract_period_tables",
    "declaration_tables",
    "finance_tables",
    "identity_tables",
    "induction_tables",
    "metadata",
    "registration_tables",
    "schools_partnerships",
    "schools_tables",
    "sent_email_tables",
    "training_tables",
]
