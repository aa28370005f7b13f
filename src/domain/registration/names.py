"""Comparing names the way people read them: ``Zoë Brontë`` and ``zoe bronte`` are the same name written two ways.

Used when a school corrects a teacher's name (integrations.md §5.6): a correction that changes both the first and
the last word, even after transliteration, looks like a different person, so the school is asked to confirm it.
"""

from __future__ import annotations

import unicodedata

#: Letters NFKD does not split into a base letter and an accent.
_SPECIAL = str.maketrans(
    {
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ø": "o",
        "Ø": "O",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "Ð": "D",
        "þ": "th",
        "Þ": "Th",
        "ı": "i",
        "’": "'",
        "‘": "'",
    }
)


def transliterate(text: str) -> str:
    """``text`` in plain Latin letters, without accents, lower case (``"Siân O’Brien"`` → ``"sian o'brien"``)."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def name_words(name: str) -> list[str]:
    return transliterate(name).split()


def looks_like_a_different_person(current: str | None, new: str) -> bool:
    """Both the first and the last word of ``new`` differ from ``current``'s, after transliteration.

    A changed spelling, added accents, a new surname after marriage or a different first name keep one of the two,
    so they need no confirmation. No current name: nothing to compare with.
    """
    before, after = name_words(current or ""), name_words(new)
    if not before or not after:
        return False
    return before[0] != after[0] and before[-1] != after[-1]
