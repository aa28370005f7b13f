"""The ECT list and page, closing inductions, extensions and period edits over HTTP."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from application.induction.release_induction import ReleaseInduction
from entrypoints.containers import ApplicationContainer
from tests.support.induction import AB_USER
from tests.support.sessions import dfe_user, school_user, sign_in_as
from tests.web.appropriate_body.conftest import (
    ADA,
    GRACE,
    KATHERINE,
    claim,
    csrf_token,
    date_parts,
    field_error,
    post_form,
    summary_errors,
)

pytestmark = pytest.mark.usefixtures("trs")


def teacher_url(teacher_id: int, rest: str = "") -> str:
    return f"/appropriate-body/teachers/{teacher_id}{rest}"


class TestTheList:
    async def test_open_closed_and_all_with_search(
        self, signed_in: httpx.AsyncClient, container: ApplicationContainer, north: int, south: int
    ) -> None:
        ada = await claim(container, north, ADA)
        await claim(container, north, GRACE)
        await claim(container, south, KATHERINE)
        passed = await post_form(
            signed_in,
            teacher_url(ada, "/record-passed-outcome"),
            {**date_parts("finished_on", "2026-07-20"), "number_of_terms": "6"},
        )
        assert passed.status_code == 302, passed.text

        open_list = await signed_in.get("/appropriate-body/teachers")
        assert "Grace Hopper" in open_list.text and "Ada Lovelace" not in open_list.text
        assert "Katherine Johnson" not in open_list.text
        closed = await signed_in.get("/appropriate-body/teachers?status=closed")
        assert "Ada Lovelace" in closed.text and "Grace Hopper" not in closed.text
        everyone = await signed_in.get("/appropriate-body/teachers?status=all")
        assert "Ada Lovelace" in everyone.text and "Grace Hopper" in everyone.text

        by_name = await signed_in.get("/appropriate-body/teachers?status=all&q=hop")
        assert "Grace Hopper" in by_name.text and "Ada Lovelace" not in by_name.text
        by_trn = await signed_in.get(f"/appropriate-body/teachers?status=all&q={ADA}")
        assert "Ada Lovelace" in by_trn.text and "Grace Hopper" not in by_trn.text

    async def test_empty_states(self, signed_in: httpx.AsyncClient) -> None:
        empty = await signed_in.get("/appropriate-body/teachers")
        assert empty.status_code == 200
        assert "You have not claimed any early career teachers yet" in empty.text
        nothing = await signed_in.get("/appropriate-body/teachers?q=zebra")
        assert "No early career teachers match ‘zebra’" in nothing.text

    async def test_a_bad_status_or_page_falls_back(self, signed_in: httpx.AsyncClient) -> None:
        assert (await signed_in.get("/appropriate-body/teachers?status=bogus&page=x")).status_code == 200


class TestAccess:
    async def test_signed_out_people_are_sent_to_sign_in(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/appropriate-body/teachers")
        assert response.status_code == 302
        assert response.headers["location"] == "/sign-in?next=/appropriate-body/teachers"

    @pytest.mark.parametrize("user", [dfe_user(), school_user(100001)])
    async def test_school_and_dfe_users_are_refused(
        self, client: httpx.AsyncClient, container: ApplicationContainer, north: int, user: object
    ) -> None:
        sign_in_as(client, container, user)  # type: ignore[arg-type]
        response = await client.get("/appropriate-body/teachers")
        assert response.status_code == 403

    async def test_another_bodys_teacher_is_not_found(
        self, signed_in: httpx.AsyncClient, container: ApplicationContainer, south: int
    ) -> None:
        theirs = await claim(container, south, KATHERINE)
        assert (await signed_in.get(teacher_url(theirs))).status_code == 404
        assert (await signed_in.get(teacher_url(theirs, "/release/new"))).status_code == 404
        refused = await post_form(
            signed_in,
            teacher_url(theirs, "/release"),
            {**date_parts("finished_on", "2026-07-20"), "number_of_terms": "2"},
        )
        assert refused.status_code == 404

    async def test_a_form_without_the_csrf_token_is_refused(
        self, signed_in: httpx.AsyncClient, container: ApplicationContainer, north: int, db: AsyncEngine
    ) -> None:
        ada = await claim(container, north, ADA)
        await signed_in.get(teacher_url(ada))
        response = await signed_in.post(
            teacher_url(ada, "/release"), data={**date_parts("finished_on", "2026-07-20"), "number_of_terms": "2"}
        )
        assert response.status_code == 403
        async with db.connect() as connection:
            assert (await connection.execute(text("SELECT finished_on FROM induction_periods"))).scalar_one() is None


class TestTheEctPage:
    async def test_it_shows_the_induction(
        self, signed_in: httpx.AsyncClient, container: ApplicationContainer, north: int
    ) -> None:
        ada = await claim(container, north, ADA)
        page = await signed_in.get(teacher_url(ada))
        assert page.status_code == 200
        assert page.text.count("<h1") == 1
        for text_shown in (
            "Ada Lovelace",
            "TRN 1234567",
            "North Hub",
            "2 September 2024",
            "Provider-led",
            "Example University",
            "20 July 2023",
            "No school has registered Ada Lovelace yet",
        ):
            assert text_shown in page.text
        assert ">None<" in page.text.replace("\n", "").replace(" ", "")  # no extensions
        assert "Record a passed induction" in page.text and "Release" in page.text


class TestClosing:
    async def test_pass_validation_messages_are_on_their_fields(
        self, signed_in: httpx.AsyncClient, container: ApplicationContainer, north: int
    ) -> None:
        ada = await claim(container, north, ADA)
        blank = await post_form(signed_in, teacher_url(ada, "/record-passed-outcome"), date_parts("finished_on", ""))
        assert blank.status_code == 400
        assert field_error(blank.text, "finished_on") == "Enter a finish date"
        assert field_error(blank.text, "number_of_terms") == "Enter a number of terms"
        assert summary_errors(blank.text) == ["Enter a finish date", "Enter a number of terms"]
        assert "<title>Error:" in blank.text

        future = await post_form(
            signed_in,
            teacher_url(ada, "/record-passed-outcome"),
            {**date_parts("finished_on", "2027-01-01"), "number_of_terms": "17"},
        )
        assert field_error(future.text, "finished_on") is not None
        assert field_error(future.text, "number_of_terms") == "Number of terms must be between 0 and 16"

        part = await post_form(
            signed_in,
            teacher_url(ada, "/record-passed-outcome"),
            {"finished_on-day": "20", "finished_on-month": "", "finished_on-year": "", "number_of_terms": "abc"},
        )
        assert field_error(part.text, "finished_on") == "End date must include a month and a year"
        assert summary_errors(part.text) == [
            "End date must include a month and a year",
            "Number of terms must be a number with up to 1 decimal place",
        ]
        unreal = await post_form(
            signed_in,
            teacher_url(ada, "/record-passed-outcome"),
            {"finished_on-day": "30", "finished_on-month": "2", "finished_on-year": "2026", "number_of_terms": ""},
        )
        assert summary_errors(unreal.text) == ["End date must be a real date", "Enter a number of terms"]
        assert (
            field_error(part.text, "number_of_terms") == "Number of terms must be a number with up to 1 decimal place"
        )
        assert 'govuk-input--width-2 govuk-input--error" id="finished_on-month"' in part.text
        assert 'govuk-input--width-2" id="finished_on-day"' in part.text  # the day given is not in error
        assert 'href="#finished_on-month"' in part.text

    async def test_pass_is_recorded_and_confirmed(
        self, signed_in: httpx.AsyncClient, container: ApplicationContainer, north: int, db: AsyncEngine
    ) -> None:
        ada = await claim(container, north, ADA)
        done = await post_form(
            signed_in,
            teacher_url(ada, "/record-passed-outcome"),
            {**date_parts("finished_on", "2026-07-20"), "number_of_terms": "6"},
        )
        assert done.headers["location"] == teacher_url(ada, "/record-passed-outcome")
        confirmation = await signed_in.get(done.headers["location"])
        assert "Ada Lovelace has passed their induction" in confirmation.text
        async with db.connect() as connection:
            row = (await connection.execute(text("SELECT outcome, number_of_terms FROM induction_periods"))).one()
        assert (row[0], float(row[1])) == ("pass", 6.0)
        after = await signed_in.get(teacher_url(ada, "/record-passed-outcome/new"))
        assert after.headers["location"] == teacher_url(ada)
        assert "No active induction period found" in (await signed_in.get(teacher_url(ada))).text

    async def test_fail_needs_the_date_they_were_told(
        self, signed_in: httpx.AsyncClient, container: ApplicationContainer, north: int, db: AsyncEngine
    ) -> None:
        ada = await claim(container, north, ADA)
        form = await signed_in.get(teacher_url(ada, "/record-failed-outcome/new"))
        assert 'name="fail_confirmation_sent_on-day"' in form.text
        unconfirmed = await post_form(
            signed_in,
            teacher_url(ada, "/record-failed-outcome"),
            {**date_parts("finished_on", "2026-07-20"), "number_of_terms": "6"},
        )
        assert (
            field_error(unconfirmed.text, "confirmed") == "Confirm if you have told them about their failed induction"
        )
        missing = await post_form(
            signed_in,
            teacher_url(ada, "/record-failed-outcome"),
            {
                "confirmed": "yes",
                **date_parts("finished_on", "2026-07-20"),
                "number_of_terms": "6",
                **date_parts("fail_confirmation_sent_on", ""),
            },
        )
        assert missing.status_code == 400
        assert (
            field_error(missing.text, "fail_confirmation_sent_on")
            == "Enter the date you sent them written confirmation of their failed induction"
        )
        done = await post_form(
            signed_in,
            teacher_url(ada, "/record-failed-outcome"),
            {
                "confirmed": "yes",
                **date_parts("finished_on", "2026-07-20"),
                "number_of_terms": "6",
                **date_parts("fail_confirmation_sent_on", "2026-07-21"),
            },
        )
        assert done.status_code == 302, done.text
        assert "Ada Lovelace has failed their induction" in (await signed_in.get(done.headers["location"])).text
        async with db.connect() as connection:
            assert (await connection.execute(text("SELECT outcome FROM induction_periods"))).scalar_one() == "fail"

    async def test_release_closes_without_an_outcome(
        self, signed_in: httpx.AsyncClient, container: ApplicationContainer, north: int, db: AsyncEngine
    ) -> None:
        ada = await claim(container, north, ADA)
        blank = await post_form(
            signed_in, teacher_url(ada, "/release"), {**date_parts("finished_on", "2026-07-20"), "number_of_terms": ""}
        )
        assert field_error(blank.text, "number_of_terms") == "Enter a number of terms"
        assert field_error(blank.text, "finished_on") is None
        done = await post_form(
            signed_in,
            teacher_url(ada, "/release"),
            {**date_parts("finished_on", "2026-07-20"), "number_of_terms": "2.5"},
        )
        assert done.status_code == 302, done.text
        assert "Ada Lovelace has been released" in (await signed_in.get(done.headers["location"])).text
        async with db.connect() as connection:
            row = (await connection.execute(text("SELECT finished_on::text, outcome FROM induction_periods"))).one()
        assert tuple(row) == ("2026-07-20", None)
        assert (await signed_in.get(teacher_url(ada))).status_code == 404  # no longer theirs to see


class TestExtensions:
    async def test_add_and_edit_with_validation(
        self, signed_in: httpx.AsyncClient, container: ApplicationContainer, north: int
    ) -> None:
        ada = await claim(container, north, ADA)
        new = teacher_url(ada, "/extensions/new")
        blank = await post_form(signed_in, teacher_url(ada, "/extensions"), {"number_of_terms": ""}, form_page=new)
        assert field_error(blank.text, "number_of_terms") == "Enter a number of terms"
        zero = await post_form(signed_in, teacher_url(ada, "/extensions"), {"number_of_terms": "0"}, form_page=new)
        assert field_error(zero.text, "number_of_terms") == "Number of terms must be between 0.1 and 16"
        fine = await post_form(signed_in, teacher_url(ada, "/extensions"), {"number_of_terms": "1.55"}, form_page=new)
        assert field_error(fine.text, "number_of_terms") == "Terms can only have up to 1 decimal place"

        added = await post_form(signed_in, teacher_url(ada, "/extensions"), {"number_of_terms": "2"}, form_page=new)
        assert added.headers["location"] == teacher_url(ada, "/extensions")
        listing = await signed_in.get(added.headers["location"])
        assert "Ada Lovelace’s induction extended by 2 terms" in listing.text
        edit_link = next(part for part in listing.text.split('"') if part.endswith("/edit"))

        edit = await signed_in.get(edit_link)
        assert 'value="2"' in edit.text
        changed = await signed_in.post(
            edit_link.removesuffix("/edit"), data={"number_of_terms": "1.5", "_csrf_token": csrf_token(edit.text)}
        )
        assert changed.status_code == 302
        page = await signed_in.get(teacher_url(ada))
        assert "1.5 terms" in page.text

    async def test_another_bodys_extension_is_not_found(
        self, signed_in: httpx.AsyncClient, container: ApplicationContainer, north: int
    ) -> None:
        ada = await claim(container, north, ADA)
        assert (await signed_in.get(teacher_url(ada, "/extensions/999/edit"))).status_code == 404


class TestEditingAPeriod:
    async def test_edit_with_validation(
        self, signed_in: httpx.AsyncClient, container: ApplicationContainer, north: int, db: AsyncEngine
    ) -> None:
        ada = await claim(container, north, ADA)
        async with db.connect() as connection:
            period_id = (await connection.execute(text("SELECT id FROM induction_periods"))).scalar_one()
        url = teacher_url(ada, f"/induction-periods/{period_id}")
        form = await signed_in.get(url + "/edit")
        assert 'value="2024"' in form.text and "checked" in form.text

        blank = await post_form(
            signed_in,
            url,
            {**date_parts("started_on", ""), "training_programme": "provider_led"},
            form_page=url + "/edit",
        )
        assert field_error(blank.text, "started_on") == "Enter a start date"
        terms_without_end = await post_form(
            signed_in,
            url,
            {**date_parts("started_on", "2024-09-03"), "number_of_terms": "3", "training_programme": "provider_led"},
            form_page=url + "/edit",
        )
        assert field_error(terms_without_end.text, "number_of_terms") == (
            "Delete the number of terms if the induction has no end date"
        )
        saved = await post_form(
            signed_in,
            url,
            {**date_parts("started_on", "2024-09-03"), "training_programme": "school_led"},
            form_page=url + "/edit",
        )
        assert saved.headers["location"] == teacher_url(ada)
        assert "Induction period updated" in (await signed_in.get(teacher_url(ada))).text
        async with db.connect() as connection:
            row = (
                await connection.execute(text("SELECT started_on::text, training_programme FROM induction_periods"))
            ).one()
        assert tuple(row) == ("2024-09-03", "school_led")


async def test_the_list_is_paginated(signed_in: httpx.AsyncClient, db: AsyncEngine, north: int) -> None:
    async with db.begin() as connection:
        for number in range(51):
            teacher_id = (
                await connection.execute(
                    text(
                        "INSERT INTO teachers (trn, trs_first_name, trs_last_name) "
                        "VALUES (:trn, 'Ect', :l) RETURNING id"
                    ),
                    {"trn": str(3000000 + number), "l": f"Number{number:02d}"},
                )
            ).scalar_one()
            await connection.execute(
                text(
                    "INSERT INTO induction_periods (teacher_id, appropriate_body_id, started_on, induction_programme) "
                    "VALUES (:t, :b, '2024-09-02', 'fip')"
                ),
                {"t": teacher_id, "b": north},
            )
    first = await signed_in.get("/appropriate-body/teachers")
    assert "Showing 1 to 50 of 51 early career teachers" in " ".join(first.text.split())
    assert 'href="/appropriate-body/teachers?status=open&amp;page=2"' in first.text
    second = await signed_in.get("/appropriate-body/teachers?status=open&page=2")
    assert "Showing 51 to 51 of 51 early career teachers" in " ".join(second.text.split())


async def test_only_the_bodys_own_periods_can_be_edited(
    signed_in: httpx.AsyncClient, container: ApplicationContainer, db: AsyncEngine, north: int, south: int
) -> None:
    ada = await claim(container, south, ADA)
    await container.induction.release_induction().handle(
        ReleaseInduction(
            appropriate_body_id=south,
            teacher_id=ada,
            finished_on=date(2025, 7, 20),
            number_of_terms=Decimal(3),
            author=AB_USER,
        )
    )
    await claim(container, north, ADA, started_on=date(2025, 9, 1))
    async with db.connect() as connection:
        theirs = (
            await connection.execute(
                text("SELECT id FROM induction_periods WHERE appropriate_body_id = :b"), {"b": south}
            )
        ).scalar_one()
    page = await signed_in.get(teacher_url(ada))
    assert "South Hub" in page.text
    assert f"/induction-periods/{theirs}/edit" not in page.text
    assert (await signed_in.get(teacher_url(ada, f"/induction-periods/{theirs}/edit"))).status_code == 404
    refused = await post_form(
        signed_in,
        teacher_url(ada, f"/induction-periods/{theirs}"),
        {**date_parts("started_on", "2024-09-03"), "training_programme": "school_led"},
    )
    assert refused.status_code == 404
