"""Keyboard only: a DfE user signs in, skips to the content, searches for a school and opens it without a mouse."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Page, expect

from tests.e2e.keyboard import tab_to
from tests.e2e.seeding import DFE_ADMIN_PERSONA, DemoWorld

pytestmark = pytest.mark.e2e


async def expect_one_h1(page: Page, name: str) -> None:
    headings = page.get_by_role("heading", level=1)
    await expect(headings).to_have_count(1)
    await expect(headings).to_have_text(name)


async def test_the_skip_link_comes_first_and_moves_focus_to_the_content(page: Page) -> None:
    await page.goto("/")
    await expect_one_h1(page, "Register early career teachers")
    await page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    await expect(skip_link).to_be_focused()
    await page.keyboard.press("Enter")
    await expect(page).to_have_url(re.compile(r"/#main-content$"))
    await expect(page.get_by_role("main")).to_be_focused()
    # The next Tab stop is the first thing in the content, not the header's links.
    await page.keyboard.press("Tab")
    await expect(page.get_by_role("main").get_by_role("button", name="Sign in")).to_be_focused()


async def test_a_keyboard_user_signs_in_searches_and_opens_a_school(page: Page, schools_and_staff: DemoWorld) -> None:
    target = schools_and_staff.open_eligible_school()
    await page.goto("/")
    await tab_to(page, page.get_by_role("button", name="Sign in"))
    await page.keyboard.press("Enter")
    await expect(page).to_have_url(re.compile(r"/sign-in$"))
    await expect_one_h1(page, "Sign in")

    await tab_to(page, page.get_by_role("button", name="Sign in with a persona"))
    await page.keyboard.press("Enter")
    await expect_one_h1(page, "Sign in with a persona")
    await tab_to(page, page.get_by_role("button", name=DFE_ADMIN_PERSONA))
    await page.keyboard.press("Enter")
    await expect(page).to_have_url(re.compile(r"/admin/schools$"))
    await expect_one_h1(page, "Schools")

    await page.keyboard.press("Tab")
    await expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    await page.keyboard.press("Enter")
    await page.keyboard.press("Tab")
    search_box = page.get_by_label("Search by school name or URN")
    await expect(search_box).to_be_focused()
    await page.keyboard.type(str(target.urn))
    await page.keyboard.press("Enter")
    await expect(page).to_have_url(re.compile(rf"/admin/schools\?q={target.urn}$"))
    await expect(page.get_by_role("status")).to_have_text("Showing 1 to 1 of 1 school")
    await expect_one_h1(page, "Schools")

    # By name too: the search box keeps what was typed, so clear it first.
    await tab_to(page, search_box)
    await page.keyboard.press("ControlOrMeta+A")
    await page.keyboard.type(target.name)
    await page.keyboard.press("Enter")
    await expect(page).to_have_url(re.compile(r"/admin/schools\?q="))
    await expect(search_box).to_have_value(target.name)

    school_link = page.get_by_role("table").get_by_role("link", name=target.name, exact=True)
    await tab_to(page, school_link)
    await page.keyboard.press("Enter")
    await expect(page).to_have_url(re.compile(rf"/admin/schools/{target.urn}$"))
    await expect_one_h1(page, target.name)
