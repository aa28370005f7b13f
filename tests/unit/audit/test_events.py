from datetime import UTC, date, datetime

import pytest

from domain.audit.events import Author, AuthorType, Event, EventType, MissingAuthor, describe_change


def test_people_must_be_identified_but_the_system_need_not_be() -> None:
    with pytest.raises(MissingAuthor, match="Author is missing"):
        Author(AuthorType.SCHOOL_USER)
    assert Author.system().type == AuthorType.SYSTEM
    assert Author.lead_provider("Teach First").name == "Teach First"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (None, "a@example.com", "Email set to 'a@example.com'"),
        ("a@example.com", None, "Email 'a@example.com' removed"),
        ("a@example.com", "b@example.com", "Email changed from 'a@example.com' to 'b@example.com'"),
        ("a@example.com", "a@example.com", "Email 'a@example.com' unchanged"),
        (None, None, "Email is not set"),
    ],
)
def test_modification_sentences(old: object, new: object, expected: str) -> None:
    assert describe_change("email", old, new) == expected


def test_dates_use_the_short_govuk_style() -> None:
    assert describe_change("finished_on", date(2026, 9, 1), date(2026, 9, 30)) == (
        "Finished on changed from '1 Sept 2026' to '30 Sept 2026'"
    )


def test_an_event_needs_a_heading() -> None:
    with pytest.raises(Exception, match="heading"):
        Event(type=EventType.SCHOOL_OPENED, heading=" ", author=Author.system(), happened_at=datetime.now(UTC))
