"""The lead provider API's read side for delivery partners, partnerships and schools, and the training facts
the partnership use cases need. It lives in the training adapters because the answers depend on training
periods (a higher context than schools); the read models and ports are the schools context's.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Select,
    Text,
    and_,
    case,
    cast,
    exists,
    func,
    literal,
    or_,
    select,
    union_all,
    update,
)
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from sqlalchemy.sql.elements import ColumnElement

from adapters.registration.postgres.tables import ect_at_school_periods, mentor_at_school_periods, teachers
from adapters.schools.postgres.tables import (
    active_lead_providers,
    delivery_partners,
    lead_provider_delivery_partnerships,
    school_partnerships,
    schools,
)
from adapters.shared.postgres.contract_periods import contract_periods
from application.schools.api_read_models import (
    DeliveryPartnerResource,
    PartnershipFilters,
    PartnershipResource,
    SchoolFilters,
    SchoolResource,
    SortKey,
    SortOrder,
)
from application.shared.pagination import PageRequest

from .tables import schedules, training_periods

# Training periods with the school they happen at and the trainee's role, ECTs and mentors together.
_trainees = union_all(
    select(
        training_periods.c.id,
        training_periods.c.teacher_id,
        training_periods.c.training_programme,
        training_periods.c.school_partnership_id,
        training_periods.c.expression_of_interest_id,
        training_periods.c.schedule_id,
        training_periods.c.started_on,
        ect_at_school_periods.c.school_id,
        literal("ect").label("role"),
    ).join(ect_at_school_periods, ect_at_school_periods.c.id == training_periods.c.ect_at_school_period_id),
    select(
        training_periods.c.id,
        training_periods.c.teacher_id,
        training_periods.c.training_programme,
        training_periods.c.school_partnership_id,
        training_periods.c.expression_of_interest_id,
        training_periods.c.schedule_id,
        training_periods.c.started_on,
        mentor_at_school_periods.c.school_id,
        literal("mentor").label("role"),
    ).join(mentor_at_school_periods, mentor_at_school_periods.c.id == training_periods.c.mentor_at_school_period_id),
).subquery("trainees")


def _trainees_by_contract_period() -> tuple[Any, ColumnElement[int], Any]:
    """Trainees with the contract period their training counts in: the schedule's, else the partnership's or
    the expression of interest's, else (school-led) the period its start date falls in. Returns the joined
    source, that year, and the expression of interest's active lead provider."""
    schedule = schedules.alias("tp_schedule")
    partnership = school_partnerships.alias("tp_partnership")
    partnership_alp = active_lead_providers.alias("tp_partnership_alp")
    interest_alp = active_lead_providers.alias("tp_interest_alp")
    period = contract_periods.alias("tp_contract_period")
    tp = _trainees
    year_of = func.coalesce(
        schedule.c.contract_period_year,
        partnership_alp.c.contract_period_year,
        interest_alp.c.contract_period_year,
        period.c.year,
    )
    source = (
        tp.outerjoin(schedule, schedule.c.id == tp.c.schedule_id)
        .outerjoin(partnership, partnership.c.id == tp.c.school_partnership_id)
        .outerjoin(partnership_alp, partnership_alp.c.id == partnership.c.active_lead_provider_id)
        .outerjoin(interest_alp, interest_alp.c.id == tp.c.expression_of_interest_id)
        .outerjoin(period, and_(tp.c.started_on >= period.c.started_on, tp.c.started_on <= period.c.finished_on))
    )
    return source, year_of, interest_alp


def _training_at_school(school_id: Any, year: Any, *conditions: ColumnElement[bool]) -> ColumnElement[bool]:
    """Some training period at the school whose contract period is ``year``."""
    source, year_of, _ = _trainees_by_contract_period()
    return exists(
        select(literal(1)).select_from(source).where(_trainees.c.school_id == school_id, year_of == year, *conditions)
    )


def _any(condition: ColumnElement[bool]) -> ColumnElement[bool]:
    return func.coalesce(func.bool_or(condition), False)


def _school_training(school_id: Any, year: Any, lead_provider_id: int) -> Any:
    """One row per school, from the school's own trainees (by index): what ``_induction_programme_choice``
    looks for, and whether the lead provider has an expression of interest there in ``year``. A lateral
    subquery, so that a page of schools never makes Postgres read every trainee in the country."""
    source, year_of, interest_alp = _trainees_by_contract_period()
    tp = _trainees
    in_year = year_of == year
    return (
        select(
            _any(and_(in_year, tp.c.role == "mentor")).label("mentor"),
            _any(and_(in_year, tp.c.role == "ect", tp.c.training_programme == "provider_led")).label(
                "ect_provider_led"
            ),
            _any(and_(in_year, tp.c.role == "ect", tp.c.training_programme == "school_led")).label("ect_school_led"),
            _any(
                and_(interest_alp.c.contract_period_year == year, interest_alp.c.lead_provider_id == lead_provider_id)
            ).label("interest"),
        )
        .select_from(source)
        .where(tp.c.school_id == school_id)
        .lateral("school_training")
    )


def _induction_programme_choice(school_id: Any, year: Any) -> ColumnElement[str]:
    tp = _trainees
    return case(
        (_training_at_school(school_id, year, tp.c.role == "mentor"), literal("provider_led")),
        (
            _training_at_school(school_id, year, tp.c.role == "ect", tp.c.training_programme == "provider_led"),
            literal("provider_led"),
        ),
        (
            _training_at_school(school_id, year, tp.c.role == "ect", tp.c.training_programme == "school_led"),
            literal("school_led"),
        ),
        else_=literal("not_yet_known"),
    )


def _order(statement: Select[Any], sort: tuple[SortOrder, ...], columns: dict[SortKey, Any], id_column: Any) -> Any:
    clauses = [columns[s.key].desc() if s.descending else columns[s.key].asc() for s in sort]
    return statement.order_by(*clauses, id_column.asc())


def _page(statement: Select[Any], page: PageRequest) -> Select[Any]:
    return statement.limit(page.per_page).offset(page.offset)


_tutor_email = func.coalesce(
    schools.c.induction_tutor_email, schools.c.primary_contact_email, schools.c.secondary_contact_email
)


class SqlAlchemyLeadProviderApiQueries:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def _rows(self, statement: Any) -> list[Any]:
        # One statement, so no transaction: autocommit saves the BEGIN and ROLLBACK round trips of every page.
        async with self._engine.connect() as connection:
            await connection.execution_options(isolation_level="AUTOCOMMIT")
            return list(await connection.execute(statement))

    # Delivery partners -----------------------------------------------------------------------------------

    def _delivery_partners(self, lead_provider_id: int) -> Select[Any]:
        years = func.array_agg(func.distinct(active_lead_providers.c.contract_period_year))
        return (
            select(
                delivery_partners.c.id,
                delivery_partners.c.api_id,
                delivery_partners.c.name,
                delivery_partners.c.created_at,
                delivery_partners.c.updated_at,
                years.label("years"),
            )
            .join(
                lead_provider_delivery_partnerships,
                lead_provider_delivery_partnerships.c.delivery_partner_id == delivery_partners.c.id,
            )
            .join(
                active_lead_providers,
                active_lead_providers.c.id == lead_provider_delivery_partnerships.c.active_lead_provider_id,
            )
            .where(active_lead_providers.c.lead_provider_id == lead_provider_id)
            .group_by(delivery_partners.c.id)
        )

    @staticmethod
    def _delivery_partner(row: Any) -> DeliveryPartnerResource:
        return DeliveryPartnerResource(
            api_id=row.api_id,
            name=row.name,
            created_at=row.created_at,
            updated_at=row.updated_at,
            cohort=[str(year) for year in sorted(row.years)],
        )

    async def delivery_partners(
        self, lead_provider_id: int, cohorts: list[int] | None, sort: tuple[SortOrder, ...], page: PageRequest
    ) -> list[DeliveryPartnerResource]:
        statement = self._delivery_partners(lead_provider_id)
        if cohorts is not None:
            statement = statement.having(
                func.bool_or(active_lead_providers.c.contract_period_year.in_(cohorts)).is_(True)
            )
        columns = {
            SortKey.CREATED_AT: delivery_partners.c.created_at,
            SortKey.UPDATED_AT: delivery_partners.c.updated_at,
        }
        statement = _page(_order(statement, sort, columns, delivery_partners.c.id), page)
        return [self._delivery_partner(row) for row in await self._rows(statement)]

    async def delivery_partner(self, lead_provider_id: int, api_id: uuid.UUID) -> DeliveryPartnerResource | None:
        rows = await self._rows(self._delivery_partners(lead_provider_id).where(delivery_partners.c.api_id == api_id))
        return self._delivery_partner(rows[0]) if rows else None

    # Partnerships ----------------------------------------------------------------------------------------

    def _partnerships(self, lead_provider_id: int, today: date) -> Select[Any]:
        currently_training = (
            select(func.count())
            .select_from(training_periods)
            .where(
                training_periods.c.school_partnership_id == school_partnerships.c.id,
                training_periods.c.started_on <= today,
                or_(training_periods.c.finished_on.is_(None), training_periods.c.finished_on >= today),
            )
            .scalar_subquery()
        )
        return (
            select(
                school_partnerships.c.api_id,
                active_lead_providers.c.contract_period_year,
                schools.c.urn,
                schools.c.api_id.label("school_api_id"),
                delivery_partners.c.api_id.label("delivery_partner_api_id"),
                delivery_partners.c.name.label("delivery_partner_name"),
                schools.c.induction_tutor_name,
                _tutor_email.label("induction_tutor_email"),
                currently_training.label("participants_currently_training"),
                school_partnerships.c.created_at,
                school_partnerships.c.api_updated_at,
            )
            .select_from(school_partnerships)
            .join(active_lead_providers, active_lead_providers.c.id == school_partnerships.c.active_lead_provider_id)
            .join(
                lead_provider_delivery_partnerships,
                lead_provider_delivery_partnerships.c.id == school_partnerships.c.lead_provider_delivery_partnership_id,
            )
            .join(
                delivery_partners, delivery_partners.c.id == lead_provider_delivery_partnerships.c.delivery_partner_id
            )
            .join(schools, schools.c.id == school_partnerships.c.school_id)
            .where(active_lead_providers.c.lead_provider_id == lead_provider_id)
        )

    @staticmethod
    def _partnership(row: Any) -> PartnershipResource:
        return PartnershipResource(
            api_id=row.api_id,
            cohort=str(row.contract_period_year),
            urn=str(row.urn),
            school_id=row.school_api_id,
            delivery_partner_id=row.delivery_partner_api_id,
            delivery_partner_name=row.delivery_partner_name,
            induction_tutor_name=row.induction_tutor_name,
            induction_tutor_email=row.induction_tutor_email,
            participants_currently_training=row.participants_currently_training,
            created_at=row.created_at,
            updated_at=row.api_updated_at,
        )

    async def partnerships(
        self,
        lead_provider_id: int,
        filters: PartnershipFilters,
        sort: tuple[SortOrder, ...],
        page: PageRequest,
        today: date,
    ) -> list[PartnershipResource]:
        # The page's partnerships are chosen first (filters, order, offset) and only they are counted and
        # joined to their schools and delivery partners: an offset never makes Postgres work out skipped rows.
        chosen = (
            select(school_partnerships.c.id)
            .join(active_lead_providers, active_lead_providers.c.id == school_partnerships.c.active_lead_provider_id)
            .where(active_lead_providers.c.lead_provider_id == lead_provider_id)
        )
        if filters.cohorts is not None:
            chosen = chosen.where(active_lead_providers.c.contract_period_year.in_(filters.cohorts))
        if filters.updated_since is not None:
            chosen = chosen.where(school_partnerships.c.api_updated_at >= filters.updated_since)
        if filters.delivery_partner_ids is not None:
            # Compared as text: the reference does not validate these ids, unknown ones just match nothing.
            wanted = [value.strip().lower() for value in filters.delivery_partner_ids]
            chosen = (
                chosen.join(
                    lead_provider_delivery_partnerships,
                    lead_provider_delivery_partnerships.c.id
                    == school_partnerships.c.lead_provider_delivery_partnership_id,
                )
                .join(
                    delivery_partners,
                    delivery_partners.c.id == lead_provider_delivery_partnerships.c.delivery_partner_id,
                )
                .where(cast(delivery_partners.c.api_id, Text).in_(wanted))
            )
        columns = {
            SortKey.CREATED_AT: school_partnerships.c.created_at,
            SortKey.UPDATED_AT: school_partnerships.c.api_updated_at,
        }
        on_page = _page(_order(chosen, sort, columns, school_partnerships.c.id), page).subquery("partnership_page")
        statement = self._partnerships(lead_provider_id, today).join(on_page, on_page.c.id == school_partnerships.c.id)
        statement = _order(statement, sort, columns, school_partnerships.c.id)
        return [self._partnership(row) for row in await self._rows(statement)]

    async def partnership(self, lead_provider_id: int, api_id: uuid.UUID, today: date) -> PartnershipResource | None:
        rows = await self._rows(
            self._partnerships(lead_provider_id, today).where(school_partnerships.c.api_id == api_id)
        )
        return self._partnership(rows[0]) if rows else None

    # Schools ---------------------------------------------------------------------------------------------

    def _schools(
        self,
        lead_provider_id: int,
        cohort: int,
        conditions: tuple[ColumnElement[bool], ...] = (),
        sort: tuple[SortOrder, ...] = (),
        page: PageRequest | None = None,
    ) -> Select[Any]:
        """Which schools (and in what order) is decided on the schools table alone, in a subquery that is
        paginated; the costly columns (partnerships and trainees of the cohort) are worked out for that page's
        schools only, each from the school's own rows by index, never for the whole country."""
        year = literal(cohort)
        partnership_alp = active_lead_providers.alias("school_partnership_alp")

        def in_partnership(school_id: Any) -> ColumnElement[bool]:
            return exists(
                select(literal(1))
                .select_from(school_partnerships)
                .join(partnership_alp, partnership_alp.c.id == school_partnerships.c.active_lead_provider_id)
                .where(school_partnerships.c.school_id == school_id, partnership_alp.c.contract_period_year == year)
            )

        columns = {SortKey.CREATED_AT: schools.c.created_at, SortKey.UPDATED_AT: schools.c.updated_at}
        chosen = select(schools.c.id).where(
            exists(select(literal(1)).where(contract_periods.c.year == year)),
            or_(schools.c.gias_eligible, schools.c.marked_as_eligible, in_partnership(schools.c.id)),
            *conditions,
        )
        chosen = _order(chosen, sort, columns, schools.c.id)
        if page is not None:
            chosen = _page(chosen, page)
        on_page = chosen.subquery("school_page")
        partnered = (
            select(
                (func.count() > 0).label("in_partnership"),
                _any(partnership_alp.c.lead_provider_id == lead_provider_id).label("own_partnership"),
            )
            .select_from(school_partnerships)
            .join(partnership_alp, partnership_alp.c.id == school_partnerships.c.active_lead_provider_id)
            .where(school_partnerships.c.school_id == schools.c.id, partnership_alp.c.contract_period_year == year)
            .lateral("school_partnering")
        )
        training = _school_training(schools.c.id, year, lead_provider_id)
        choice = case(
            (training.c.mentor, literal("provider_led")),
            (training.c.ect_provider_led, literal("provider_led")),
            (training.c.ect_school_led, literal("school_led")),
            else_=literal("not_yet_known"),
        )
        statement = (
            select(
                schools.c.id,
                schools.c.api_id,
                schools.c.name,
                schools.c.urn,
                partnered.c.in_partnership,
                choice.label("induction_programme_choice"),
                or_(partnered.c.own_partnership, training.c.interest).label("expression_of_interest"),
                schools.c.induction_tutor_name,
                _tutor_email.label("induction_tutor_email"),
                schools.c.created_at,
                schools.c.updated_at,
            )
            .join_from(schools, on_page, on_page.c.id == schools.c.id)
            .join(partnered, literal(True))
            .join(training, literal(True))
        )
        return _order(statement, sort, columns, schools.c.id)

    @staticmethod
    def _school(row: Any, cohort: int) -> SchoolResource:
        interested = bool(row.expression_of_interest)
        return SchoolResource(
            api_id=row.api_id,
            name=row.name,
            urn=str(row.urn),
            cohort=str(cohort),
            in_partnership=bool(row.in_partnership),
            induction_programme_choice=row.induction_programme_choice,
            expression_of_interest=interested,
            induction_tutor_name=row.induction_tutor_name if interested else None,
            induction_tutor_email=row.induction_tutor_email if interested else None,
            created_at=row.created_at,
            updated_at=row.updated_at,
        )

    async def schools(
        self, lead_provider_id: int, filters: SchoolFilters, sort: tuple[SortOrder, ...], page: PageRequest
    ) -> list[SchoolResource]:
        conditions = []
        if filters.updated_since is not None:
            conditions.append(schools.c.updated_at >= filters.updated_since)
        if filters.urn is not None:
            conditions.append(schools.c.urn == filters.urn)
        statement = self._schools(lead_provider_id, filters.cohort, tuple(conditions), sort, page)
        return [self._school(row, filters.cohort) for row in await self._rows(statement)]

    async def school(self, lead_provider_id: int, api_id: uuid.UUID, cohort: int) -> SchoolResource | None:
        rows = await self._rows(self._schools(lead_provider_id, cohort, (schools.c.api_id == api_id,)))
        return self._school(rows[0], cohort) if rows else None


class SqlAlchemySchoolTrainingFacts:
    """The partnership use cases' view of training periods, inside their unit of work."""

    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def induction_programme_choice(self, school_id: int, contract_period_year: int) -> str:
        choice = _induction_programme_choice(literal(school_id), literal(contract_period_year))
        return str((await self._connection.execute(select(choice))).scalar_one())

    async def attach_expressions_of_interest(
        self, school_id: int, active_lead_provider_id: int, school_partnership_id: int
    ) -> list[int]:
        at_school = select(_trainees.c.id).where(
            _trainees.c.school_id == school_id,
            _trainees.c.expression_of_interest_id == active_lead_provider_id,
            _trainees.c.school_partnership_id.is_(None),
        )
        rows = await self._connection.execute(
            update(training_periods)
            .where(training_periods.c.id.in_(at_school))
            .values(school_partnership_id=school_partnership_id, updated_at=func.now())
            .returning(training_periods.c.id)
        )
        return sorted(row.id for row in rows)

    async def touch_trainees(self, school_partnership_id: int, now: datetime) -> None:
        trained = select(training_periods.c.teacher_id).where(
            training_periods.c.school_partnership_id == school_partnership_id
        )
        await self._connection.execute(update(teachers).where(teachers.c.id.in_(trained)).values(updated_at=now))
