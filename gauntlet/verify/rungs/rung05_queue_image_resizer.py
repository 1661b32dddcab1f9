"""Rung 5, Queue-driven image resizer: an upload API, a queue and a resizing worker."""

from __future__ import annotations

from gauntlet.verify.constraint import Option, Rung, automatic, manual

RUNG = Rung(
    number=5,
    slug="queue-image-resizer",
    title="Queue-driven image resizer",
    asks=(
        "An API accepts an image upload and enqueues a message; a worker resizes "
        "the image and stores the result in blob storage. `POST "
        "/images?width=W&height=H` with the image as the body returns 200, 201 "
        'or 202 with JSON `{"id": ID}`; the worker stores the result as '
        "`{store_dir}/ID.<ext>`. The verifier provides the store as a folder and "
        "the queue that options.queue names: `{queue_dir}`, a folder with one "
        "file per message written under a dot-name and renamed into place, or "
        "`{queue_db}`, a SQLite file with the table `messages (id, body)`. "
        "`commands.run` starts the API on `{port}` (and the worker, unless "
        "`commands.worker` starts it)."
    ),
    constraints=(
        automatic(
            "stored-image-size",
            "The stored image has the size the upload requested.",
            check="resized-image-stored",
            threshold="a 64x48 PNG resized to 32x20 is stored within 5 s",
            source=(64, 48),
            target=(32, 20),
            timeout_seconds=5.0,
        ),
        automatic(
            "poison-message-survived",
            "The worker keeps working after a poison message.",
            check="poison-message-survived",
            threshold=(
                "after 3 poison messages the processes still run and a later "
                "upload is stored, resized, within 5 s"
            ),
            target=(20, 15),
            settle_seconds=1.0,
            timeout_seconds=5.0,
        ),
        manual(
            "retry-backoff",
            "Stretch: failed messages are retried with exponential back-off.",
            "the delays between retries are internal to the worker; the poison "
            "check only shows that failures do not stop it, so a person reads "
            "the retry policy in the code",
        ),
    ),
    commands=frozenset({"test", "run", "worker"}),
    options=(
        Option(
            "queue",
            str,
            "directory",
            "the queue the solution uses: 'directory' ({queue_dir}) or 'sqlite' "
            "({queue_db})",
        ),
        Option(
            "store",
            str,
            "directory",
            "the blob store the solution uses; the verifier provides 'directory'",
        ),
    ),
)
