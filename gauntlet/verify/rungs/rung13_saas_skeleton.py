"""Rung 13, Open-source SaaS skeleton."""

from __future__ import annotations

from gauntlet.verify.constraint import NOT_BUILT, Rung, manual

RUNG = Rung(
    number=13,
    slug="saas-skeleton",
    title="Open-source SaaS skeleton",
    asks=(
        "A template repository with OIDC auth, billing, an API gateway, an "
        "observability stack and Helm charts."
    ),
    constraints=(
        manual(
            "parts-present-wired",
            "OIDC auth, billing, the API gateway, observability and Helm charts are "
            "present and wired.",
            NOT_BUILT,
        ),
        manual(
            "charts-lint",
            "The Helm charts lint.",
            NOT_BUILT,
        ),
        manual(
            "template-boots",
            "The template boots.",
            NOT_BUILT,
        ),
    ),
    commands=frozenset({"test", "run"}),
)
