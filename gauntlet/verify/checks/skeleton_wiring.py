"""Checks that a SaaS skeleton's parts point at each other.

"Wired" means, in checkable terms:

- gateway: every Kong service is named after a service folder and has a
  route with paths. Its ``url`` port is that service's port in the chart's
  values, and every service folder is routed;
- OIDC: the chart's ``oidc.issuer`` and the gateway's ``openid-connect``
  plugin name the identity provider's ``issuer``, and ``oidc.clientId`` is one
  of its clients;
- chart: ``Chart.yaml`` is apiVersion v2 with a name and a version. The values
  give every service folder an image repository, a tag and a port, and the
  templates read ``.Values.services`` and ``.Values.oidc.issuer``;
- observability: Prometheus scrapes a target on every service's port.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlsplit

from gauntlet.verify.checks import register_check
from gauntlet.verify.checks.skeleton_layout import PartMissing, Skeleton, skeleton
from gauntlet.verify.context import CheckContext
from gauntlet.verify.result import CheckResult

Audit = Callable[[Skeleton], tuple[list[str], str]]


def run_audit(context: CheckContext, audit: Audit) -> CheckResult:
    """Run ``audit``; a list of problems fails the check, else its summary passes."""
    try:
        problems, summary = audit(skeleton(context))
    except PartMissing as err:
        return CheckResult.fail(f"cannot check the wiring: {err}")
    except (AttributeError, TypeError) as err:
        # A list where a mapping belongs, or the reverse, in a part's YAML.
        return CheckResult.fail(
            f"cannot check the wiring: unexpected YAML shape ({err})"
        )
    if problems:
        return CheckResult.fail("; ".join(problems), problems=problems)
    return CheckResult.ok(summary)


def url_port(url: str) -> int | None:
    try:
        parts = urlsplit(url)
        return parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    except ValueError:
        return None


def gateway_services(tree: Skeleton) -> list[dict[str, Any]]:
    config = tree.load("gateway_config")
    services = config.get("services")
    if "_format_version" not in config or not isinstance(services, list):
        raise PartMissing(
            f"{tree.options['gateway_config']!r} is not Kong declarative config "
            "(_format_version and a services list)"
        )
    return [service for service in services if isinstance(service, dict)]


def audit_gateway(tree: Skeleton) -> tuple[list[str], str]:
    folders, ports = tree.services(), tree.service_ports()
    problems, routed = [], set()
    for service in gateway_services(tree):
        name, url = str(service.get("name")), str(service.get("url", ""))
        paths = [p for r in service.get("routes") or [] for p in r.get("paths") or []]
        if name not in folders:
            problems.append(f"gateway service {name!r} has no folder under services")
            continue
        if url_port(url) != ports.get(name):
            problems.append(
                f"gateway service {name!r} points at {url!r}, but the chart gives "
                f"it port {ports.get(name)}"
            )
        if not paths:
            problems.append(f"gateway service {name!r} has no route with paths")
        routed.add(name)
    problems += [
        f"service {name!r} has no gateway route"
        for name in folders
        if name not in routed
    ]
    return problems, f"the gateway routes to all {len(folders)} services on their ports"


def plugins(tree: Skeleton) -> list[dict[str, Any]]:
    config = tree.load("gateway_config")
    found = list(config.get("plugins") or [])
    for service in gateway_services(tree):
        found += service.get("plugins") or []
        for route in service.get("routes") or []:
            found += route.get("plugins") or []
    return [plugin for plugin in found if isinstance(plugin, dict)]


def audit_oidc(tree: Skeleton) -> tuple[list[str], str]:
    provider = tree.load("oidc_config")
    issuer = provider.get("issuer")
    clients = [
        c.get("id") for c in provider.get("staticClients") or [] if isinstance(c, dict)
    ]
    if not isinstance(issuer, str) or urlsplit(issuer).scheme not in ("http", "https"):
        return [f"the OIDC provider config has no issuer URL, got {issuer!r}"], ""
    oidc = tree.values().get("oidc") or {}
    problems = []
    if oidc.get("issuer") != issuer:
        problems.append(
            f"values.yaml oidc.issuer is {oidc.get('issuer')!r}, not {issuer!r}"
        )
    if oidc.get("clientId") not in clients:
        problems.append(
            f"values.yaml oidc.clientId {oidc.get('clientId')!r} is not a client of "
            f"the provider ({clients})"
        )
    gateway = [p for p in plugins(tree) if p.get("name") == "openid-connect"]
    if not any((p.get("config") or {}).get("issuer") == issuer for p in gateway):
        problems.append(
            f"no openid-connect plugin in the gateway uses issuer {issuer!r}"
        )
    return problems, f"issuer {issuer!r} is used by the chart and the gateway"


def audit_chart(tree: Skeleton) -> tuple[list[str], str]:
    chart, values = tree.load("chart", "Chart.yaml"), tree.values()
    problems = []
    if (
        chart.get("apiVersion") != "v2"
        or not chart.get("name")
        or not chart.get("version")
    ):
        problems.append("Chart.yaml needs apiVersion v2, a name and a version")
    services = values.get("services") or {}
    for name in tree.services():
        settings = services.get(name) or {}
        image = settings.get("image") or {}
        if not (image.get("repository") and image.get("tag") and settings.get("port")):
            problems.append(
                f"values.yaml services.{name} needs image.repository, image.tag "
                "and port"
            )
    templates = " ".join(
        path.read_text(encoding="utf-8", errors="replace")
        for path in sorted((tree.path("chart") / "templates").glob("*.y*ml"))
    )
    for reference in (".Values.services", ".Values.oidc.issuer"):
        if reference not in templates:
            problems.append(f"no template reads {reference}")
    return problems, f"chart {chart.get('name')!r} deploys every service with its image"


def audit_observability(tree: Skeleton) -> tuple[list[str], str]:
    config = tree.load("prometheus_config")
    targets = [
        str(target)
        for job in config.get("scrape_configs") or []
        for static in job.get("static_configs") or []
        for target in static.get("targets") or []
    ]
    ports = {url_port(f"http://{target}") for target in targets}
    problems = [
        f"Prometheus scrapes nothing on port {port} of service {name!r}"
        for name, port in tree.service_ports().items()
        if name in tree.services() and port not in ports
    ]
    return problems, f"Prometheus scrapes every service ({len(targets)} targets)"


@register_check("gateway-wired")
def check_gateway_wired(
    context: CheckContext, params: Mapping[str, Any]
) -> CheckResult:
    """The gateway's routes and the service folders must match."""
    return run_audit(context, audit_gateway)


@register_check("oidc-wired")
def check_oidc_wired(context: CheckContext, params: Mapping[str, Any]) -> CheckResult:
    """The chart and the gateway must use the identity provider's issuer."""
    return run_audit(context, audit_oidc)


@register_check("chart-wired")
def check_chart_wired(context: CheckContext, params: Mapping[str, Any]) -> CheckResult:
    """The chart must deploy every service with an image and a port."""
    return run_audit(context, audit_chart)


@register_check("observability-wired")
def check_observability_wired(
    context: CheckContext, params: Mapping[str, Any]
) -> CheckResult:
    """Prometheus must scrape every service."""
    return run_audit(context, audit_observability)
