"""Rung 7, Feature-flag service."""

from __future__ import annotations

from gauntlet.verify.constraint import NOT_BUILT, Rung, manual

RUNG = Rung(
    number=7,
    slug="feature-flags",
    title="Feature-flag service",
    asks=("A multi-tenant feature-flag service with a REST API and a client SDK."),
    constraints=(
        manual(
            "flag-read-under-20ms",
            "Flags are served in under 20 ms.",
            NOT_BUILT,
        ),
        manual(
            "openapi-valid",
            "The service's OpenAPI document validates.",
            NOT_BUILT,
        ),
        manual(
            "tenants-isolated",
            "A tenant cannot read another tenant's flags.",
            NOT_BUILT,
        ),
        manual(
            "rate-limited",
            "Requests over the rate limit get 429.",
            NOT_BUILT,
        ),
    ),
    commands=frozenset({"test", "run"}),
)
