"""Rung 7, Feature-flag service: multi-tenant flags over REST, with a client SDK."""

from __future__ import annotations

from gauntlet.verify.constraint import Option, Rung, automatic

RUNG = Rung(
    number=7,
    slug="feature-flags",
    title="Feature-flag service",
    asks=(
        "A multi-tenant feature-flag service with a REST API and a client SDK. "
        '`POST /tenants` with `{"name": NAME}` returns 200 or 201 with '
        '`{"api_key": KEY}`; `PUT /flags/NAME` with `{"enabled": BOOL}` and '
        "`GET /flags/NAME` (returning `enabled`) and `GET /flags` act on the "
        "tenant whose key is sent as `Authorization: Bearer KEY`. "
        "`GET /openapi.json` serves the OpenAPI document. `commands.run` starts "
        "the service on `{port}`; `[call]` names the SDK function "
        "`(base_url, api_key, flag) -> bool`."
    ),
    constraints=(
        automatic(
            "flag-read-under-20ms",
            "Flags are served in under 20 ms.",
            check="flag-read-latency",
            threshold=(
                "p99 < options.read_limit_ms (20 ms) over 400 reads from 4 "
                "concurrent clients, best of up to 3 rounds"
            ),
            clients=4,
            rounds=3,
            requests=400,
            percentile=99.0,
        ),
        automatic(
            "openapi-valid",
            "The service's OpenAPI document validates.",
            check="openapi-document",
            threshold="openapi-spec-validator accepts it; it describes /flags/{name}",
            paths=("/flags/{name}",),
        ),
        automatic(
            "tenants-isolated",
            "A tenant cannot read another tenant's flags.",
            check="tenant-isolation",
            threshold=(
                "B's key gets no 200 for A's flag, B's list omits it, "
                "no key gets 401 or 403"
            ),
            flag="isolated",
        ),
        automatic(
            "rate-limited",
            "Requests over the rate limit get 429.",
            check="bearer-rate-limit",
            threshold="a 429 within 3 x options.rate_limit requests on one key",
            factor=3,
        ),
        automatic(
            "sdk-reads-flag",
            "The client SDK reads a tenant's flags.",
            check="flag-sdk-read",
            threshold="True for a flag that is on, False for one that is off",
            timeout=10.0,
        ),
    ),
    commands=frozenset({"test", "run"}),
    options=(
        Option(
            "rate_limit",
            int,
            100,
            "the number of requests one API key may send per window before a 429",
        ),
        Option(
            "read_limit_ms",
            float,
            20.0,
            "the p99 limit in milliseconds for a flag read; a loaded machine adds "
            "its own delay, so it may raise it",
        ),
        Option(
            "rate_window", float, 1.0, "the length of the rate-limit window in seconds"
        ),
        Option(
            "openapi_path", str, "/openapi.json", "where the OpenAPI document is served"
        ),
    ),
)
