"""Singular and plural forms for messages that count things."""

from __future__ import annotations


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """Format ``count`` with the noun form that agrees with it: "1 wave", "2 waves".

    ``plural`` defaults to ``singular`` with an "s" added.
    """
    return f"{count} {inflect(count, singular, plural or singular + 's')}"


def inflect(count: int, singular: str, plural: str) -> str:
    """Return ``singular`` when ``count`` is 1, else ``plural``.

    For verbs and pronouns that agree with a count: "depends"/"depend",
    "it"/"them".
    """
    return singular if count == 1 else plural
