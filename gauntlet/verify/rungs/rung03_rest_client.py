"""Rung 3, tiny REST client: fetch weather data and cache it on disk."""

from __future__ import annotations

from gauntlet.verify.constraint import Option, Rung, automatic

RUNG = Rung(
    number=3,
    slug="rest-client",
    title="Tiny REST client",
    asks=(
        "A console program that fetches the weather of a city from an HTTP API "
        "(`GET {api_url}/weather?city=NAME` returns JSON with `city`, "
        "`temperature_c` and `conditions`), prints the temperature, and caches "
        "responses on disk. `commands.cli` gets `{api_url}`, `{city}` and "
        "`{timeout}` (seconds)."
    ),
    constraints=(
        automatic(
            "second-request-cached",
            "A second identical request is served from the disk cache: it "
            "succeeds while the API is stopped, and the API saw one request.",
            check="http-client-cache",
            threshold="same output, 1 request at the API",
        ),
        automatic(
            "http-error-clear",
            "An HTTP error gives a clear message and a non-zero exit, no traceback.",
            check="http-client-errors",
            threshold="exit != 0, a message on stderr, no 'Traceback'",
            failure="status-500",
        ),
        automatic(
            "timeout-clear",
            "A timeout gives a clear message and a non-zero exit, no traceback.",
            check="http-client-errors",
            threshold="exit != 0 within timeout + 3 s, no 'Traceback'",
            failure="hang",
        ),
    ),
    commands=frozenset({"test", "cli"}),
    options=(
        Option("timeout", float, 1.0, "the timeout in seconds passed as {timeout}"),
    ),
)
