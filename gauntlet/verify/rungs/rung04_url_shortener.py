"""Rung 4, URL shortener: a minimal HTTP API on SQLite with a rate limit."""

from __future__ import annotations

from gauntlet.verify.constraint import Option, Rung, automatic

TARGET = "http://127.0.0.1:9/docs/page?lang=en"

ROUND_TRIP = (
    {
        "method": "POST",
        "path": "/shorten",
        "json": {"url": TARGET},
        "status": [200, 201],
        "capture": {"code": "code"},
    },
    {
        "method": "GET",
        "path": "/{code}",
        "status": [301, 302, 303, 307, 308],
        "location": TARGET,
    },
)

RUNG = Rung(
    number=4,
    slug="url-shortener",
    title="URL shortener",
    asks=(
        "A minimal HTTP API storing codes in SQLite: `POST /shorten` with JSON "
        '`{"url": URL}` returns 200 or 201 with JSON `{"code": CODE}`, and '
        "`GET /CODE` redirects to URL. Requests over the per-client-IP limit get "
        "429. `commands.run` gets `{port}` and `{data_dir}` (where the database "
        "goes)."
    ),
    constraints=(
        automatic(
            "round-trip-redirect",
            "Shorten then resolve round-trips: a redirect whose Location is the "
            "original URL.",
            check="http-contract",
            threshold="2xx with a code, then 3xx with the same Location",
            steps=ROUND_TRIP,
        ),
        automatic(
            "codes-survive-restart",
            "Codes still resolve after the server restarts.",
            check="http-restart-survival",
            threshold="3xx with the same Location after a restart",
            before=ROUND_TRIP[:1],
            after=ROUND_TRIP[1:],
        ),
        automatic(
            "invalid-url-rejected",
            "Invalid URLs are rejected with a 4xx status.",
            check="http-contract",
            threshold="400-499 for each invalid URL",
            steps=tuple(
                {
                    "method": "POST",
                    "path": "/shorten",
                    "json": {"url": bad},
                    "status": list(range(400, 429)) + list(range(430, 500)),
                }
                for bad in ("not a url", "ftp//missing-colon", "", "javascript:x")
            ),
        ),
        automatic(
            "rate-limit-429",
            "Requests over the limit get 429.",
            check="http-rate-limit",
            threshold="429 within options.rate_limit + 1 requests",
            method="POST",
            path="/shorten",
            json={"url": TARGET},
        ),
    ),
    commands=frozenset({"test", "run"}),
    options=(
        Option(
            "rate_limit",
            int,
            20,
            "the number of requests a client may send per window before a 429",
        ),
    ),
)
