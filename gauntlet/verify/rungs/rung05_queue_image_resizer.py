"""Rung 5, Queue-driven image resizer."""

from __future__ import annotations

from gauntlet.verify.constraint import NOT_BUILT, Rung, manual

RUNG = Rung(
    number=5,
    slug="queue-image-resizer",
    title="Queue-driven image resizer",
    asks=(
        "An API accepts an image upload and enqueues a message; a worker resizes the "
        "image and stores the result in blob storage."
    ),
    constraints=(
        manual(
            "stored-image-size",
            "The stored image has the size the upload requested.",
            NOT_BUILT,
        ),
        manual(
            "poison-message-survived",
            "The worker keeps working after a poison message.",
            NOT_BUILT,
        ),
        manual(
            "retry-backoff",
            "Stretch: failed messages are retried with exponential back-off.",
            NOT_BUILT,
        ),
    ),
    commands=frozenset({"test", "run", "worker"}),
)
