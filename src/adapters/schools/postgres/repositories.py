"""Repositories of the schools context (write side)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import fields
from typing import Any

from sqlalchemy import bindparam, func, literal_column, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from domain.schools.gias import GiasEstablishment, GiasLink, GiasStatus
from domain.schools.organisations import (
    ActiveLeadProvider,
    AppropriateBody,
    AppropriateBodyType,
    DeliveryPartner,
    LeadProvider,
    LeadProviderDeliveryPartnership,
)
from domain.schools.school import School
from domain.shared.identifiers import Urn

from .tables import (
    active_lead_providers,
    appropriate_bodies,
    delivery_partners,
    gias_school_links,
    lead_provider_delivery_partnerships,
    lead_providers,
    schools,
)

_REGISTER_FIELDS = tuple(f.name for f in fields(GiasEstablishment) if f.name != "urn")
_SERVICE_FIELDS = (
    "marked_as_eligible",
    "induction_tutor_name",
    "induction_tutor_email",
    "induction_tutor_last_nominated_in",
)


def school_from_row(row: Any) -> School:
    m = row._mapping
    register = {name: m[name] for name in _REGISTER_FIELDS}
    register["status"] = GiasStatus(register["status"])
    urn = Urn(m["urn"])
    return School(
        urn=urn,
        gias=GiasEstablishment(urn=urn, **register),
        id=m["id"],
        api_id=m["api_id"],
        **{name: m[name] for name in _SERVICE_FIELDS},
    )


def _school_values(school: School) -> dict[str, Any]:
    values: dict[str, Any] = {name: getattr(school.gias, name) for name in _REGISTER_FIELDS}
    values["status"] = school.gias.status.value
    values.update({name: getattr(school, name) for name in _SERVICE_FIELDS})
    values.update(
        urn=school.urn.value,
        api_id=school.api_id,
        in_england=school.gias.in_england,
        independent=school.gias.independent,
        gias_eligible=school.gias.funding_eligible,
    )
    return values


class SqlAlchemySchoolRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def get_by_urn(self, urn: Urn) -> School | None:
        row = (await self._connection.execute(select(schools).where(schools.c.urn == urn.value))).first()
        return school_from_row(row) if row else None

    async def get_many_by_urn(self, urns: Sequence[Urn]) -> dict[Urn, School]:
        if not urns:
            return {}
        rows = await self._connection.execute(select(schools).where(schools.c.urn.in_([u.value for u in urns])))
        found = (school_from_row(r) for r in rows)
        return {s.urn: s for s in found}

    async def add(self, school: School) -> None:
        await self.add_many([school])

    async def add_many(self, new_schools: Sequence[School]) -> None:
        if not new_schools:
            return
        result = await self._connection.execute(
            schools.insert().returning(schools.c.id, sort_by_parameter_order=True),
            [_school_values(s) for s in new_schools],
        )
        for school, row in zip(new_schools, result.all(), strict=True):
            school.id = row.id

    async def update_many(self, changed: Sequence[School]) -> None:
        if not changed:
            return
        parameters = []
        for school in changed:
            values = _school_values(school)
            values.pop("api_id")
            parameters.append({"b_id": school.id, **values})
        columns = {name: bindparam(name) for name in parameters[0] if name != "b_id"}
        statement = update(schools).where(schools.c.id == bindparam("b_id")).values(**columns, updated_at=func.now())
        await self._connection.execute(statement, parameters)


class SqlAlchemyGiasLinkRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def upsert_many(self, links: Sequence[GiasLink]) -> int:
        if not links:
            return 0
        statement = insert(gias_school_links).values(
            [
                {
                    "urn": link.urn.value,
                    "link_urn": link.link_urn.value,
                    "link_type": link.link_type,
                    "link_date": link.link_date,
                }
                for link in links
            ]
        )
        statement = statement.on_conflict_do_update(
            index_elements=["urn", "link_urn", "link_type"],
            set_={"link_date": statement.excluded.link_date, "updated_at": func.now()},
        ).returning(literal_column("xmax = 0"))  # true when the row was inserted, not updated
        rows = (await self._connection.execute(statement)).all()
        return sum(1 for (inserted,) in rows if inserted)

    async def links_of(self, urn: Urn) -> list[GiasLink]:
        rows = await self._connection.execute(
            select(gias_school_links).where(gias_school_links.c.urn == urn.value).order_by(gias_school_links.c.id)
        )
        return [GiasLink(Urn(r.urn), Urn(r.link_urn), r.link_type, r.link_date) for r in rows]


class SqlAlchemyLeadProviderRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    @staticmethod
    def _from_row(row: Any) -> LeadProvider:
        return LeadProvider(name=row.name, id=row.id, api_id=row.api_id, vat_registered=row.vat_registered)

    async def get_by_name(self, name: str) -> LeadProvider | None:
        row = (await self._connection.execute(select(lead_providers).where(lead_providers.c.name == name))).first()
        return self._from_row(row) if row else None

    async def get(self, lead_provider_id: int) -> LeadProvider | None:
        row = (
            await self._connection.execute(select(lead_providers).where(lead_providers.c.id == lead_provider_id))
        ).first()
        return self._from_row(row) if row else None

    async def list_all(self) -> list[LeadProvider]:
        rows = await self._connection.execute(select(lead_providers).order_by(lead_providers.c.name))
        return [self._from_row(r) for r in rows]

    async def add(self, lead_provider: LeadProvider) -> None:
        lead_provider.id = (
            await self._connection.execute(
                lead_providers.insert()
                .values(
                    name=lead_provider.name,
                    api_id=lead_provider.api_id,
                    vat_registered=lead_provider.vat_registered,
                )
                .returning(lead_providers.c.id)
            )
        ).scalar_one()


class SqlAlchemyDeliveryPartnerRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    @staticmethod
    def _from_row(row: Any) -> DeliveryPartner:
        return DeliveryPartner(name=row.name, id=row.id, api_id=row.api_id)

    async def get_by_name(self, name: str) -> DeliveryPartner | None:
        row = (
            await self._connection.execute(
                select(delivery_partners).where(func.lower(delivery_partners.c.name) == name.lower())
            )
        ).first()
        return self._from_row(row) if row else None

    async def get_by_api_id(self, api_id: uuid.UUID) -> DeliveryPartner | None:
        row = (
            await self._connection.execute(select(delivery_partners).where(delivery_partners.c.api_id == api_id))
        ).first()
        return self._from_row(row) if row else None

    async def add(self, delivery_partner: DeliveryPartner) -> None:
        delivery_partner.id = (
            await self._connection.execute(
                delivery_partners.insert()
                .values(name=delivery_partner.name, api_id=delivery_partner.api_id)
                .returning(delivery_partners.c.id)
            )
        ).scalar_one()


class SqlAlchemyAppropriateBodyRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    @staticmethod
    def _from_row(row: Any) -> AppropriateBody:
        return AppropriateBody(
            name=row.name,
            body_type=AppropriateBodyType(row.body_type),
            id=row.id,
            dfe_sign_in_organisation_id=row.dfe_sign_in_organisation_id,
            dqt_id=row.dqt_id,
        )

    async def _one(self, *conditions: Any) -> AppropriateBody | None:
        row = (await self._connection.execute(select(appropriate_bodies).where(*conditions))).first()
        return self._from_row(row) if row else None

    async def get_by_name(self, name: str) -> AppropriateBody | None:
        return await self._one(appropriate_bodies.c.name == name)

    async def get(self, appropriate_body_id: int) -> AppropriateBody | None:
        return await self._one(appropriate_bodies.c.id == appropriate_body_id)

    async def get_by_dfe_sign_in_organisation(self, organisation_id: uuid.UUID) -> AppropriateBody | None:
        return await self._one(appropriate_bodies.c.dfe_sign_in_organisation_id == organisation_id)

    async def list_all(self) -> list[AppropriateBody]:
        rows = await self._connection.execute(select(appropriate_bodies).order_by(appropriate_bodies.c.name))
        return [self._from_row(r) for r in rows]

    async def add(self, appropriate_body: AppropriateBody) -> None:
        appropriate_body.id = (
            await self._connection.execute(
                appropriate_bodies.insert()
                .values(
                    name=appropriate_body.name,
                    body_type=appropriate_body.body_type.value,
                    dfe_sign_in_organisation_id=appropriate_body.dfe_sign_in_organisation_id,
                    dqt_id=appropriate_body.dqt_id,
                )
                .returning(appropriate_bodies.c.id)
            )
        ).scalar_one()


class SqlAlchemyProviderPartnershipRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def get_active_lead_provider(
        self, lead_provider_id: int, contract_period_year: int
    ) -> ActiveLeadProvider | None:
        row = (
            await self._connection.execute(
                select(active_lead_providers).where(
                    active_lead_providers.c.lead_provider_id == lead_provider_id,
                    active_lead_providers.c.contract_period_year == contract_period_year,
                )
            )
        ).first()
        if row is None:
            return None
        return ActiveLeadProvider(
            lead_provider_id=row.lead_provider_id, contract_period_year=row.contract_period_year, id=row.id
        )

    async def add_active_lead_provider(self, active: ActiveLeadProvider) -> None:
        active.id = (
            await self._connection.execute(
                active_lead_providers.insert()
                .values(lead_provider_id=active.lead_provider_id, contract_period_year=active.contract_period_year)
                .returning(active_lead_providers.c.id)
            )
        ).scalar_one()

    async def get_delivery_partnership(
        self, active_lead_provider_id: int, delivery_partner_id: int
    ) -> LeadProviderDeliveryPartnership | None:
        table = lead_provider_delivery_partnerships
        row = (
            await self._connection.execute(
                select(table).where(
                    table.c.active_lead_provider_id == active_lead_provider_id,
                    table.c.delivery_partner_id == delivery_partner_id,
                )
            )
        ).first()
        if row is None:
            return None
        return LeadProviderDeliveryPartnership(
            active_lead_provider_id=row.active_lead_provider_id,
            delivery_partner_id=row.delivery_partner_id,
            id=row.id,
        )

    async def add_delivery_partnership(self, partnership: LeadProviderDeliveryPartnership) -> None:
        table = lead_provider_delivery_partnerships
        partnership.id = (
            await self._connection.execute(
                table.insert()
                .values(
                    active_lead_provider_id=partnership.active_lead_provider_id,
                    delivery_partner_id=partnership.delivery_partner_id,
                )
                .returning(table.c.id)
            )
        ).scalar_one()
