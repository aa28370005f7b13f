"""Names compared after transliteration: when a school's correction looks like a different person."""

from __future__ import annotations

import pytest

from domain.registration.names import looks_like_a_different_person, transliterate


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("Zoë Brontë", "zoe bronte"),
        ("Siân O’Brien", "sian o'brien"),
        ("José Álvarez-Núñez", "jose alvarez-nunez"),
        ("Søren Kierkegaard", "soren kierkegaard"),
        ("Łukasz Straße", "lukasz strasse"),
        ("ÆTHELFLÆD", "aethelflaed"),
        ("Tess Teacher", "tess teacher"),
    ],
)
def test_transliteration_drops_accents_and_case(text: str, plain: str) -> None:
    assert transliterate(text) == plain


@pytest.mark.parametrize(
    ("current", "new", "different"),
    [
        ("Zoe Bronte", "Zoë Brontë", False),  # accents only
        ("Tess Teacher", "TESS TEACHER", False),
        ("Tess Teacher", "Tess Jones", False),  # a new surname
        ("Tess Teacher", "Tessa Teacher", False),  # a different first name
        ("Tess Teacher", "Tess Mary Teacher", False),  # a middle name added
        ("Tess Teacher", "Max Mentor", True),  # both words differ
        ("Siân Evans", "Sian Evans-Jones", False),
        ("Søren Kierkegaard", "Soren Kierkegård", False),
        ("José Álvarez", "Pepe Alvarez", False),
        ("José Álvarez", "Pepe Gómez", True),
        (None, "Max Mentor", False),
        ("", "Max Mentor", False),
    ],
)
def test_a_different_person_changes_both_the_first_and_the_last_word(
    current: str | None, new: str, different: bool
) -> None:
    assert looks_like_a_different_person(current, new) is different
