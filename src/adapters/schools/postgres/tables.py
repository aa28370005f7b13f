"""Tables of the schools context."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import UUID

from adapters.shared.postgres.metadata import id_column, metadata, timestamps

schools = Table(
    "schools",
    metadata,
    id_column(),
    Column("api_id", UUID(as_uuid=True), nullable=False, unique=True, server_default=func.gen_random_uuid()),
    Column("urn", Integer, nullable=False, unique=True),
    Column("name", Text, nullable=False),
    Column("type_name", Text, nullable=False),
    Column("status", String(32), nullable=False),
    Column("local_authority_code", Integer),
    Column("local_authority_name", Text),
    Column("establishment_number", Text),
    Column("phase_name", Text, nullable=False, server_default="Not applicable"),
    Column("address_line1", Text),
    Column("address_line2", Text),
    Column("address_line3", Text),
    Column("town", Text),
    Column("postcode", Text),
    Column("website", Text),
    Column("opened_on", Date),
    Column("closed_on", Date),
    Column("section_41_approved", Boolean, nullable=False, server_default="false"),
    Column("ukprn", Text),
    Column("primary_contact_email", Text),
    Column("secondary_contact_email", Text),
    Column("administrative_district_name", Text),
    # Derived from the register by the domain on every write; stored so lists and the API can filter on them.
    Column("in_england", Boolean, nullable=False),
    Column("independent", Boolean, nullable=False),
    Column("gias_eligible", Boolean, nullable=False),
    Column("marked_as_eligible", Boolean, nullable=False, server_default="false"),
    Column("induction_tutor_name", Text),
    Column("induction_tutor_email", Text),
    Column("induction_tutor_last_nominated_in", Integer, ForeignKey("contract_periods.year")),
    Column("last_chosen_training_programme", String(16)),
    Column("last_chosen_lead_provider_id", BigInteger, ForeignKey("lead_providers.id")),
    Column("last_chosen_appropriate_body_id", BigInteger, ForeignKey("appropriate_bodies.id")),
    *timestamps(),
    CheckConstraint("status IN ('open', 'closed', 'proposed_to_close', 'proposed_to_open')", name="status_is_known"),
    CheckConstraint(
        "(induction_tutor_name IS NULL) = (induction_tutor_email IS NULL)",
        name="induction_tutor_name_and_email_together",
    ),
    CheckConstraint(
        "induction_tutor_last_nominated_in IS NULL OR induction_tutor_name IS NOT NULL",
        name="induction_tutor_nominated_only_with_details",
    ),
    CheckConstraint("urn > 0", name="urn_positive"),
    CheckConstraint(
        "last_chosen_training_programme IS NULL OR last_chosen_training_programme IN ('provider_led', 'school_led')",
        name="last_chosen_training_programme",
    ),
    CheckConstraint(
        "(last_chosen_training_programme IS NOT DISTINCT FROM 'provider_led') "
        "= (last_chosen_lead_provider_id IS NOT NULL)",
        name="last_chosen_lead_provider_only_when_provider_led",
    ),
)
Index("ix_schools_lower_name", func.lower(schools.c.name))
Index(
    "ix_schools_eligible",
    schools.c.id,
    postgresql_where=text("gias_eligible OR marked_as_eligible"),
)

gias_school_links = Table(
    "gias_school_links",
    metadata,
    id_column(),
    Column("urn", Integer, ForeignKey("schools.urn", ondelete="CASCADE", onupdate="CASCADE"), nullable=False),
    Column("link_urn", Integer, nullable=False),
    Column("link_type", Text, nullable=False),
    Column("link_date", Date),
    *timestamps(),
    UniqueConstraint("urn", "link_urn", "link_type"),
    Index("ix_gias_school_links_link_urn", "link_urn"),
)

lead_providers = Table(
    "lead_providers",
    metadata,
    id_column(),
    Column("api_id", UUID(as_uuid=True), nullable=False, unique=True, server_default=func.gen_random_uuid()),
    Column("name", Text, nullable=False, unique=True),
    Column("vat_registered", Boolean, nullable=False, server_default="true"),
    *timestamps(),
    CheckConstraint("name <> ''", name="name_present"),
)

delivery_partners = Table(
    "delivery_partners",
    metadata,
    id_column(),
    Column("api_id", UUID(as_uuid=True), nullable=False, unique=True, server_default=func.gen_random_uuid()),
    Column("name", Text, nullable=False),
    *timestamps(),
    CheckConstraint("name <> ''", name="name_present"),
)
Index("uq_delivery_partners_lower_name", func.lower(delivery_partners.c.name), unique=True)

appropriate_bodies = Table(
    "appropriate_bodies",
    metadata,
    id_column(),
    Column("name", Text, nullable=False, unique=True),
    Column("body_type", String(32), nullable=False, server_default="teaching_school_hub"),
    Column("dfe_sign_in_organisation_id", UUID(as_uuid=True), unique=True),
    Column("dqt_id", Text),
    *timestamps(),
    CheckConstraint("body_type IN ('teaching_school_hub', 'national', 'local_authority')", name="body_type_is_known"),
    CheckConstraint("name <> ''", name="name_present"),
)

active_lead_providers = Table(
    "active_lead_providers",
    metadata,
    id_column(),
    Column("lead_provider_id", BigInteger, ForeignKey("lead_providers.id"), nullable=False),
    Column("contract_period_year", Integer, ForeignKey("contract_periods.year"), nullable=False),
    *timestamps(),
    UniqueConstraint("lead_provider_id", "contract_period_year"),
    Index("ix_active_lead_providers_contract_period_year", "contract_period_year"),
)

lead_provider_delivery_partnerships = Table(
    "lead_provider_delivery_partnerships",
    metadata,
    id_column(),
    Column("active_lead_provider_id", BigInteger, ForeignKey("active_lead_providers.id"), nullable=False),
    Column("delivery_partner_id", BigInteger, ForeignKey("delivery_partners.id"), nullable=False),
    *timestamps(),
    UniqueConstraint("active_lead_provider_id", "delivery_partner_id"),
    UniqueConstraint("id", "active_lead_provider_id", name="uq_lead_provider_delivery_partnerships_id_alp"),
    Index("ix_lead_provider_delivery_partnerships_delivery_partner_id", "delivery_partner_id"),
)

school_partnerships = Table(
    "school_partnerships",
    metadata,
    id_column(),
    Column("api_id", UUID(as_uuid=True), nullable=False, unique=True, server_default=func.gen_random_uuid()),
    Column("school_id", BigInteger, ForeignKey("schools.id"), nullable=False, index=True),
    Column("lead_provider_delivery_partnership_id", BigInteger, nullable=False, index=True),
    # Repeats the delivery partnership's active lead provider so that one lead provider can have only one
    # partnership with a school per contract period (a composite foreign key keeps the copy honest).
    Column("active_lead_provider_id", BigInteger, nullable=False, index=True),
    Column("api_updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    *timestamps(),
    ForeignKeyConstraint(
        ["lead_provider_delivery_partnership_id", "active_lead_provider_id"],
        ["lead_provider_delivery_partnerships.id", "lead_provider_delivery_partnerships.active_lead_provider_id"],
        name="fk_school_partnerships_delivery_partnership",
    ),
    UniqueConstraint("school_id", "lead_provider_delivery_partnership_id"),
    UniqueConstraint("school_id", "active_lead_provider_id", name="uq_school_partnerships_school_lead_provider_year"),
)

school_funding_eligibilities = Table(
    "school_funding_eligibilities",
    metadata,
    Column("school_id", BigInteger, ForeignKey("schools.id", ondelete="CASCADE"), primary_key=True),
    Column("contract_period_year", Integer, ForeignKey("contract_periods.year"), primary_key=True),
    Column("pupil_premium_uplift", Boolean, nullable=False, server_default="false"),
    Column("sparsity_uplift", Boolean, nullable=False, server_default="false"),
    *timestamps(),
)
