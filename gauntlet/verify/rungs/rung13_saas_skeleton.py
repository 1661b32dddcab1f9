"""Rung 13, Open-source SaaS skeleton: parts present and wired, charts, boot."""

from __future__ import annotations

import shutil

from gauntlet.verify.constraint import Constraint, Option, Rung, automatic, manual


def helm_lint_constraint() -> Constraint:
    """Build the lint constraint: automatic where helm is installed, else manual."""
    summary = "The Helm charts lint."
    if shutil.which("helm") is None:
        return manual(
            "charts-lint",
            summary,
            "helm is not installed on this machine; run `helm lint --strict` on "
            "the chart, or install helm and verify again",
        )
    return automatic(
        "charts-lint",
        summary,
        check="helm-lint",
        threshold="helm lint --strict exits 0",
        timeout=20.0,
    )


RUNG = Rung(
    number=13,
    slug="saas-skeleton",
    title="Open-source SaaS skeleton",
    asks=(
        "A template repository with OIDC auth, billing, an API gateway, an "
        "observability stack and Helm charts. The verifier reads the parts from "
        "the places the options name (Dex config, Kong declarative config, "
        "Prometheus config, a Helm chart, one folder per service) and boots each "
        "service with `commands.run`, given `{service}` and `{port}`."
    ),
    constraints=(
        automatic(
            "parts-present",
            "OIDC auth, billing, an API gateway, an observability stack and Helm "
            "charts are all present.",
            check="skeleton-parts",
            threshold="every part's file or folder exists and parses",
        ),
        automatic(
            "gateway-wired",
            "The API gateway routes to the services that exist.",
            check="gateway-wired",
            threshold="each Kong service is a service folder on its chart port; "
            "each folder is routed",
        ),
        automatic(
            "oidc-wired",
            "The chart and the gateway use the identity provider's issuer.",
            check="oidc-wired",
            threshold="one issuer in Dex, values.yaml and the openid-connect plugin",
        ),
        automatic(
            "chart-wired",
            "The Helm chart deploys every service with its image.",
            check="chart-wired",
            threshold="Chart.yaml v2; image, tag and port per service; templates "
            "read them",
        ),
        automatic(
            "observability-wired",
            "Prometheus scrapes every service.",
            check="observability-wired",
            threshold="a scrape target on every service's port",
        ),
        helm_lint_constraint(),
        automatic(
            "template-boots",
            "The template boots.",
            check="skeleton-boots",
            threshold="every service answers /healthz 200 with Prometheus /metrics",
        ),
    ),
    commands=frozenset({"test", "run"}),
    options=(
        Option(
            "services_dir", str, "services", "the folder with one folder per service"
        ),
        Option("billing_service", str, "billing", "the billing service's folder name"),
        Option("oidc_config", str, "auth/dex.yaml", "the Dex configuration"),
        Option("gateway_config", str, "gateway/kong.yaml", "Kong declarative config"),
        Option(
            "prometheus_config",
            str,
            "observability/prometheus.yml",
            "the Prometheus configuration",
        ),
        Option("chart", str, "charts/saas", "the Helm chart folder"),
    ),
)
