"""SARIF 2.1.0, the format code-scanning services read."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from analyzers.diagnostic import Diagnostic, SourceError
from analyzers.rules import all_rules
from gauntlet import __version__

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/micro-gauntlet/"


def artifact_uri(path: str) -> str:
    return Path(path).as_posix()


def rule_descriptors() -> list[dict[str, Any]]:
    return [
        {
            "id": rule.code,
            "name": rule.symbol,
            "shortDescription": {"text": rule.summary},
            "fullDescription": {"text": rule.explanation},
            "defaultConfiguration": {"level": "error"},
        }
        for rule in all_rules()
    ]


def result(diagnostic: Diagnostic, rule_index: dict[str, int]) -> dict[str, Any]:
    return {
        "ruleId": diagnostic.code,
        "ruleIndex": rule_index[diagnostic.code],
        "level": "error",
        "message": {"text": diagnostic.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": artifact_uri(diagnostic.path)},
                    "region": {
                        "startLine": diagnostic.line,
                        "startColumn": diagnostic.column,
                        "endLine": diagnostic.end_line,
                        "endColumn": diagnostic.end_column,
                    },
                }
            }
        ],
    }


def notification(error: SourceError) -> dict[str, Any]:
    location: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(error.path)}}
    if error.line is not None:
        location["region"] = {"startLine": error.line}
    return {
        "level": "error",
        "message": {"text": f"{error.path} {error.message}"},
        "locations": [{"physicalLocation": location}],
    }


def render(diagnostics: Sequence[Diagnostic], errors: Sequence[SourceError]) -> str:
    descriptors = rule_descriptors()
    rule_index = {d["id"]: index for index, d in enumerate(descriptors)}
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "gauntlet",
                "version": __version__,
                "informationUri": INFORMATION_URI,
                "rules": descriptors,
            }
        },
        "results": [result(d, rule_index) for d in diagnostics],
        "invocations": [
            {
                "executionSuccessful": not errors,
                "toolExecutionNotifications": [notification(e) for e in errors],
            }
        ],
    }
    document = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json.dumps(document, indent=2) + "\n"
