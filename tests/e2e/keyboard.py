"""Moving through a page as a keyboard user does: with Tab, Enter and typing, never the mouse."""

from __future__ import annotations

from playwright.async_api import Locator, Page

MAX_TAB_PRESSES = 40


async def tab_to(page: Page, target: Locator) -> None:
    """Press Tab until ``target`` has the focus; fails if it is not reachable within a page's worth of stops."""
    for _ in range(MAX_TAB_PRESSES):
        await page.keyboard.press("Tab")
        if await target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{target} cannot be reached with the Tab key")
