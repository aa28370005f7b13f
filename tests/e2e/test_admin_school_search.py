"""A DfE user signs in with a persona, finds schools by name and by URN, pages through them and opens one."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Page, expect

from application.shared.pagination import PageRequest
from entrypoints.containers import ApplicationContainer
from tests.e2e.seeding import DFE_ADMIN_NAME, DFE_ADMIN_PERSONA, DemoWorld

pytestmark = pytest.mark.e2e

PER_PAGE = 20


async def sign_in_as_dfe_admin(page: Page) -> None:
    """From the admin console, through the sign-in and persona pages, and back where we started."""
    await page.goto("/admin/schools")
    await expect(page).to_have_url(re.compile(r"/sign-in\?next=/admin/schools$"))
    await expect(page.get_by_role("heading", level=1, name="Sign in")).to_be_visible()
    await page.get_by_role("button", name="Sign in with a persona").click()
    await expect(page.get_by_role("heading", level=1, name="Sign in with a persona")).to_be_visible()
    await page.get_by_role("button", name=DFE_ADMIN_PERSONA).click()
    await expect(page).to_have_url(re.compile(r"/admin/schools$"))
    await expect(page.get_by_text(f"Signed in as {DFE_ADMIN_NAME}")).to_be_visible()


async def search(page: Page, query: str) -> None:
    await page.get_by_label("Search by school name or URN").fill(query)
    await page.get_by_role("button", name="Search").click()


async def test_dfe_user_finds_a_school_by_name_and_by_urn_and_opens_it(
    page: Page, schools_and_staff: DemoWorld
) -> None:
    target = schools_and_staff.open_eligible_school()
    await sign_in_as_dfe_admin(page)
    await expect(page.get_by_role("heading", level=1, name="Schools")).to_be_visible()

    await search(page, str(target.urn))
    await expect(page).to_have_url(re.compile(rf"/admin/schools\?q={target.urn}$"))
    await expect(page.get_by_role("status")).to_have_text("Showing 1 to 1 of 1 school")
    results = page.get_by_role("table")
    await expect(results.get_by_role("row")).to_have_count(2)  # the header and the one school
    await expect(results.get_by_role("link", name=target.name, exact=True)).to_be_visible()
    await expect(page.get_by_label("Search by school name or URN")).to_have_value(str(target.urn))

    # Words of the name, in another order and case, find it too.
    words = target.name.split()
    await search(page, f"{words[-1].upper()} {words[0].lower()}")
    await expect(page.get_by_role("status")).to_contain_text("Showing 1 to")
    await expect(results.get_by_role("cell", name=str(target.urn), exact=True)).to_be_visible()

    await search(page, "zzzz no such school")
    await expect(page.get_by_role("status")).to_have_text("No schools found")
    await expect(page.get_by_text("Check the spelling of the school's name")).to_be_visible()
    await expect(page.get_by_role("table")).to_have_count(0)

    await search(page, str(target.urn))
    await results.get_by_role("link", name=target.name, exact=True).click()
    await expect(page).to_have_url(re.compile(rf"/admin/schools/{target.urn}$"))
    await expect(page.get_by_role("heading", level=1)).to_have_text(target.name)
    await expect(page.get_by_text(f"URN {target.urn}", exact=True)).to_be_visible()
    await expect(page.get_by_role("heading", level=2, name="Register details (GIAS)")).to_be_visible()
    assert target.local_authority_name
    await expect(page.get_by_text(target.local_authority_name).first).to_be_visible()
    await expect(page.get_by_text("Eligible for funding", exact=True)).to_be_visible()

    await page.get_by_role("link", name="Back to schools").click()
    await expect(page).to_have_url(re.compile(r"/admin/schools$"))


async def test_dfe_user_pages_through_the_school_list(page: Page, schools_and_staff: DemoWorld) -> None:
    total = len(schools_and_staff.schools)
    last_page = (total + PER_PAGE - 1) // PER_PAGE
    assert last_page >= 4, "the demo world should have several pages of schools"
    await sign_in_as_dfe_admin(page)
    status = page.get_by_role("status")
    pagination = page.get_by_role("navigation", name="Pagination")
    await expect(status).to_have_text(f"Showing 1 to {PER_PAGE} of {total} schools")
    await expect(page.get_by_role("table").get_by_role("row")).to_have_count(PER_PAGE + 1)
    first_page_names = await page.get_by_role("table").get_by_role("link").all_inner_texts()
    await expect(pagination.get_by_role("link", name="Previous")).to_have_count(0)

    await pagination.get_by_role("link", name="Next").click()
    await expect(page).to_have_url(re.compile(r"/admin/schools\?page=2$"))
    await expect(status).to_have_text(f"Showing {PER_PAGE + 1} to {2 * PER_PAGE} of {total} schools")
    second_page_names = await page.get_by_role("table").get_by_role("link").all_inner_texts()
    assert not set(first_page_names) & set(second_page_names), "page 2 should show other schools"
    await expect(pagination.get_by_role("link", name="Page 2")).to_have_attribute("aria-current", "page")

    await pagination.get_by_role("link", name=f"Page {last_page}", exact=True).click()
    await expect(page).to_have_url(re.compile(rf"/admin/schools\?page={last_page}$"))
    await expect(status).to_have_text(f"Showing {(last_page - 1) * PER_PAGE + 1} to {total} of {total} schools")
    await expect(pagination.get_by_role("link", name="Next")).to_have_count(0)

    await pagination.get_by_role("link", name="Previous").click()
    await expect(page).to_have_url(re.compile(rf"/admin/schools\?page={last_page - 1}$"))


async def test_paging_keeps_the_search(
    page: Page, schools_and_staff: DemoWorld, container: ApplicationContainer
) -> None:
    """A search with more than a page of results pages through those results only."""
    word = _commonest_name_word(schools_and_staff)
    count = (await container.schools.search_schools().handle(word, PageRequest(page=1, per_page=1))).total
    assert count > PER_PAGE, "the demo world should have a name word shared by more than a page of schools"
    await sign_in_as_dfe_admin(page)
    await search(page, word)
    status = page.get_by_role("status")
    await expect(status).to_have_text(f"Showing 1 to {PER_PAGE} of {count} schools")
    await page.get_by_role("navigation", name="Pagination").get_by_role("link", name="Next").click()
    await expect(page).to_have_url(re.compile(rf"/admin/schools\?q={word}&page=2$"))
    await expect(status).to_contain_text(f"Showing {PER_PAGE + 1} to")
    await expect(status).to_contain_text(f"of {count} schools")
    await expect(page.get_by_label("Search by school name or URN")).to_have_value(word)


def _commonest_name_word(world: DemoWorld) -> str:
    counts: dict[str, int] = {}
    for school in world.schools:
        for word in {w.lower() for w in school.name.split() if w.isalpha()}:
            counts[word] = counts.get(word, 0) + 1
    return max(counts, key=lambda w: counts[w])
