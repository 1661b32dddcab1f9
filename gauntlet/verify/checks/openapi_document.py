"""Check that a running service serves a valid OpenAPI document.

The document is fetched over HTTP (JSON, or YAML when the body is not JSON)
and validated with openapi-spec-validator, which supports OpenAPI 2.0, 3.0
and 3.1. The check also requires the paths in its parameters to be described.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

import httpx
import yaml  # type: ignore[import-untyped]
from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import (
    OpenAPIValidationError,
    ValidatorDetectError,
)

from gauntlet.verify.checks import register_check
from gauntlet.verify.checks.live_server import serving
from gauntlet.verify.context import CheckContext
from gauntlet.verify.result import CheckResult

# A path parameter: '/flags/{name}' and '/flags/{flag}' describe the same path.
TEMPLATE_PARAMETER = re.compile(r"\{[^}]*\}")


def parse_document(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return yaml.safe_load(text)


def fetch_document(url: str, path: str) -> dict[str, Any] | CheckResult:
    """Return the parsed document at ``url``, or the failed result saying why."""
    response = httpx.get(url, timeout=5.0)
    if response.status_code != 200:
        return CheckResult.fail(f"GET {path} returned {response.status_code}")
    try:
        document = parse_document(response.text)
    except yaml.YAMLError as err:
        return CheckResult.fail(f"GET {path} returned neither JSON nor YAML: {err}")
    if not isinstance(document, dict):
        return CheckResult.fail(
            f"GET {path} returned {type(document).__name__}, not an object"
        )
    return document


@register_check("openapi-document")
def check_openapi_document(
    context: CheckContext, params: Mapping[str, Any]
) -> CheckResult:
    """Fetch the OpenAPI document from the running service and validate it."""
    path = str(context.options["openapi_path"])
    with serving(context) as server:
        document = fetch_document(f"{server.url}{path}", path)
    if isinstance(document, CheckResult):
        return document
    try:
        validate(document)
    except (OpenAPIValidationError, ValidatorDetectError) as err:
        reason = getattr(err, "message", str(err))
        return CheckResult.fail(f"the OpenAPI document at {path} is invalid: {reason}")

    described = set(document.get("paths", {}))
    templates = {TEMPLATE_PARAMETER.sub("{}", p) for p in described}
    missing = [
        p
        for p in params.get("paths", ())
        if TEMPLATE_PARAMETER.sub("{}", p) not in templates
    ]
    version = document.get("openapi") or document.get("swagger")
    if missing:
        return CheckResult.fail(
            f"the OpenAPI {version} document validates but does not describe {missing}",
            described_paths=sorted(described),
        )
    return CheckResult.ok(
        f"the OpenAPI {version} document at {path} validates and describes "
        f"{len(described)} paths",
        described_paths=sorted(described),
    )
