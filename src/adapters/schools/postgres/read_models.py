"""Read side of the schools context: SQL straight into read models (one query per page)."""

from __future__ import annotations

from sqlalchemy import Select, and_, func, literal_column, or_, select
from sqlalchemy.ext.asyncio import AsyncEngine

from application.schools.read_models import SchoolDetail, SchoolLink, SchoolSummary
from application.shared.pagination import Page, PageRequest

from .tables import gias_school_links, schools


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _search_condition(query: str) -> object | None:
    query = query.strip()
    if not query:
        return None
    if query.isdigit():
        return schools.c.urn == int(query)
    words = query.lower().split()
    return and_(*(func.lower(schools.c.name).like(f"%{_escape_like(w)}%", escape="\\") for w in words))


_SUMMARY_COLUMNS = (
    schools.c.urn,
    schools.c.name,
    schools.c.type_name,
    schools.c.status,
    schools.c.phase_name,
    schools.c.local_authority_name,
    schools.c.town,
    schools.c.postcode,
    or_(schools.c.gias_eligible, schools.c.marked_as_eligible).label("eligible"),
)


class SqlAlchemySchoolQueries:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def search(self, query: str, page: PageRequest) -> Page[SchoolSummary]:
        condition = _search_condition(query)
        statement: Select[tuple[object, ...]] = select(*_SUMMARY_COLUMNS, func.count().over().label("total"))
        if condition is not None:
            statement = statement.where(condition)  # type: ignore[arg-type]
        statement = statement.order_by(schools.c.name, schools.c.urn).limit(page.per_page).offset(page.offset)
        async with self._engine.connect() as connection:
            rows = (await connection.execute(statement)).all()
            total = rows[0].total if rows else 0
            if not rows and page.page > 1:
                count = select(func.count()).select_from(schools)
                if condition is not None:
                    count = count.where(condition)  # type: ignore[arg-type]
                total = (await connection.execute(count)).scalar_one()
        items = [
            SchoolSummary(
                urn=r.urn,
                name=r.name,
                type_name=r.type_name,
                status=r.status,
                phase_name=r.phase_name,
                local_authority_name=r.local_authority_name,
                town=r.town,
                postcode=r.postcode,
                eligible=r.eligible,
            )
            for r in rows
        ]
        return Page(items=items, page=page.page, per_page=page.per_page, total=total)

    async def detail(self, urn: int) -> SchoolDetail | None:
        linked = schools.alias("linked")
        async with self._engine.connect() as connection:
            row = (await connection.execute(select(schools).where(schools.c.urn == urn))).first()
            if row is None:
                return None
            link_rows = (
                await connection.execute(
                    select(
                        gias_school_links.c.link_urn,
                        gias_school_links.c.link_type,
                        gias_school_links.c.link_date,
                        linked.c.name.label("linked_school_name"),
                    )
                    .select_from(gias_school_links.outerjoin(linked, linked.c.urn == gias_school_links.c.link_urn))
                    .where(gias_school_links.c.urn == urn)
                    .order_by(gias_school_links.c.link_date.desc().nulls_last(), literal_column("1"))
                )
            ).all()
        return SchoolDetail(
            urn=row.urn,
            api_id=str(row.api_id),
            name=row.name,
            type_name=row.type_name,
            status=row.status,
            phase_name=row.phase_name,
            local_authority_code=row.local_authority_code,
            local_authority_name=row.local_authority_name,
            establishment_number=row.establishment_number,
            address=[p for p in (row.address_line1, row.address_line2, row.address_line3, row.town) if p],
            postcode=row.postcode,
            website=row.website,
            opened_on=row.opened_on,
            closed_on=row.closed_on,
            section_41_approved=row.section_41_approved,
            ukprn=row.ukprn,
            primary_contact_email=row.primary_contact_email,
            secondary_contact_email=row.secondary_contact_email,
            administrative_district_name=row.administrative_district_name,
            in_england=row.in_england,
            independent=row.independent,
            gias_eligible=row.gias_eligible,
            marked_as_eligible=row.marked_as_eligible,
            eligible=row.gias_eligible or row.marked_as_eligible,
            induction_tutor_name=row.induction_tutor_name,
            induction_tutor_email=row.induction_tutor_email,
            links=[
                SchoolLink(
                    link_urn=r.link_urn,
                    link_type=r.link_type,
                    link_date=r.link_date,
                    linked_school_name=r.linked_school_name,
                )
                for r in link_rows
            ],
            created_at=row.created_at,
            updated_at=row.updated_at,
        )
