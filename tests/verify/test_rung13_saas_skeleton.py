"""Rung 13 on its reference skeletons: the bad one lacks Prometheus and a route."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gauntlet.verify.result import ConstraintResult, RungReport, Status
from gauntlet.verify.rungs import rung13_saas_skeleton
from gauntlet.verify.session import verify

SOLUTIONS = Path(__file__).parents[2] / "fixtures" / "solutions" / "13"


@pytest.fixture(scope="module")
def good() -> RungReport:
    return verify(13, SOLUTIONS / "good")


@pytest.fixture(scope="module")
def bad() -> RungReport:
    return verify(13, SOLUTIONS / "bad")


def result(report: RungReport, constraint: str) -> ConstraintResult:
    return next(r for r in report.results if r.constraint.id == constraint)


def test_good_passes(good: RungReport) -> None:
    assert good.failed() == []
    assert good.exit_code == 0


def test_good_boots_services(good: RungReport) -> None:
    boot = result(good, "template-boots")
    assert boot.measurements["services"] == ["api", "billing"]


def test_bad_misses_prometheus(bad: RungReport) -> None:
    parts = result(bad, "parts-present")
    assert parts.status is Status.FAILED
    assert "prometheus.yml" in parts.message


def test_bad_gateway_routes_nowhere(bad: RungReport) -> None:
    gateway = result(bad, "gateway-wired")
    assert gateway.status is Status.FAILED
    assert "'payments'" in gateway.message


def test_bad_oidc_still_wired(bad: RungReport) -> None:
    assert result(bad, "oidc-wired").status is Status.PASSED


@pytest.mark.skipif(shutil.which("helm") is not None, reason="helm is installed")
def test_lint_manual_without_helm(good: RungReport) -> None:
    lint = result(good, "charts-lint")
    assert lint.status is Status.MANUAL
    assert "helm is not installed" in lint.message


def test_lint_automatic_with_helm(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: f"/usr/bin/{name}")
    constraint = rung13_saas_skeleton.helm_lint_constraint()
    assert constraint.check == "helm-lint"


def test_cli_exit_code_bad() -> None:
    argv = [sys.executable, "-m", "gauntlet", "verify", "13", str(SOLUTIONS / "bad")]
    completed = subprocess.run(
        [*argv, "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 1
    failed = {
        entry["id"]
        for entry in json.loads(completed.stdout)["constraints"]
        if entry["status"] == "failed"
    }
    assert failed == {"parts-present", "gateway-wired", "observability-wired"}
