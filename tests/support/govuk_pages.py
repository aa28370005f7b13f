"""Reading the GOV.UK pieces of a rendered page in tests: the error summary, field errors, notification banners."""

from __future__ import annotations

import re
from html import unescape


def text_of(html: str) -> str:
    """The words of some markup, one space apart (tags gone)."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def error_summary(html: str) -> str:
    """The text of the page's error summary; fails the test when there is none."""
    match = re.search(r'<div class="govuk-error-summary".*?</ul>', html, re.S)
    assert match, "the page should have an error summary"
    return text_of(match.group(0))


def error_summary_links(html: str) -> list[tuple[str, str]]:
    """(href, message) for each linked item of the error summary, in order."""
    match = re.search(r'<div class="govuk-error-summary".*?</ul>', html, re.S)
    assert match, "the page should have an error summary"
    return [(href, text_of(text)) for href, text in re.findall(r'<a href="([^"]+)">(.*?)</a>', match.group(0), re.S)]


def field_error(html: str, field: str) -> str | None:
    """The error message shown on the field (without the visually hidden "Error:"), if any."""
    match = re.search(rf'<p id="{re.escape(field)}-error"[^>]*>(.*?)</p>', html, re.S)
    return text_of(match.group(1)).removeprefix("Error:").strip() if match else None


def notification_banners(html: str) -> list[str]:
    """The text of every notification banner (success or not) on the page."""
    return [
        text_of(banner)
        for banner in re.findall(r'<div class="govuk-notification-banner[^"]*".*?</div>\s*</div>', html, re.S)
    ]


def has_success_banner(html: str) -> bool:
    return "govuk-notification-banner--success" in html
