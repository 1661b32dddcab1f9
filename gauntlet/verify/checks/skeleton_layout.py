"""Reading a SaaS skeleton's tree: where each part lives and its parsed config.

The parts and their default places (each one an option of the rung):

- services: one folder per service under ``services_dir``, the billing service
  among them (``billing_service``);
- OIDC: the identity provider's configuration (``oidc_config``, Dex format:
  ``issuer`` and ``staticClients[].id``);
- API gateway: Kong's declarative configuration (``gateway_config``:
  ``services[]`` with ``name``, ``url``, ``routes[].paths`` and ``plugins``);
- observability: Prometheus' configuration (``prometheus_config``:
  ``scrape_configs[].static_configs[].targets``);
- Helm chart: ``chart`` with ``Chart.yaml``, ``values.yaml`` (``oidc.issuer``,
  ``oidc.clientId`` and ``services.NAME.{image.repository, image.tag, port}``)
  and ``templates/``.

The check ``skeleton-parts`` reports what is missing; the wiring checks read
what is there.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml  # type: ignore[import-untyped]

from gauntlet.verify.checks import register_check
from gauntlet.verify.context import CheckContext
from gauntlet.verify.result import CheckResult


class PartMissing(Exception):
    """A part of the skeleton is absent or unreadable; the message names it."""


@dataclass(frozen=True)
class Skeleton:
    """The paths of a skeleton's parts inside the sandbox's working copy."""

    root: Path
    options: Mapping[str, Any]

    def path(self, option: str) -> Path:
        return self.root / str(self.options[option])

    def services(self) -> list[str]:
        folder = self.path("services_dir")
        if not folder.is_dir():
            return []
        return sorted(
            entry.name
            for entry in folder.iterdir()
            if entry.is_dir() and not entry.name.startswith((".", "_"))
        )

    def load(self, option: str, name: str | None = None) -> dict[str, Any]:
        """Parse the YAML file of ``option`` (or ``name`` inside that folder)."""
        path = self.path(option) / name if name else self.path(option)
        shown = path.relative_to(self.root)
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise PartMissing(f"{str(shown)!r} is missing") from None
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as err:
            raise PartMissing(f"{str(shown)!r} is not readable YAML: {err}") from err
        if not isinstance(data, dict):
            raise PartMissing(f"{str(shown)!r} is not a YAML mapping")
        return data

    def values(self) -> dict[str, Any]:
        return self.load("chart", "values.yaml")

    def service_ports(self) -> dict[str, int]:
        """Return each service's port from the chart's values."""
        services = self.values().get("services")
        if not isinstance(services, dict):
            raise PartMissing("values.yaml has no 'services' mapping")
        ports = {}
        for name, settings in services.items():
            port = settings.get("port") if isinstance(settings, dict) else None
            if isinstance(port, int):
                ports[str(name)] = port
        return ports


def skeleton(context: CheckContext) -> Skeleton:
    return Skeleton(context.work, context.options)


def missing_parts(tree: Skeleton) -> list[str]:
    problems = []
    billing = tree.path("services_dir") / str(tree.options["billing_service"])
    if not billing.is_dir():
        problems.append(
            f"billing service folder {str(billing.relative_to(tree.root))!r}"
        )
    for option in ("oidc_config", "gateway_config", "prometheus_config"):
        try:
            tree.load(option)
        except PartMissing as err:
            problems.append(f"{option.removesuffix('_config')}: {err}")
    for name in ("Chart.yaml", "values.yaml"):
        try:
            tree.load("chart", name)
        except PartMissing as err:
            problems.append(f"chart: {err}")
    if not (tree.path("chart") / "templates").is_dir():
        problems.append("chart: no templates/ folder")
    return problems


@register_check("skeleton-parts")
def check_skeleton_parts(
    context: CheckContext, params: Mapping[str, Any]
) -> CheckResult:
    """Every listed part must be present and parse."""
    tree = skeleton(context)
    problems = missing_parts(tree)
    services = tree.services()
    if problems:
        return CheckResult.fail(
            f"missing or unreadable parts ({len(problems)}): {'; '.join(problems)}",
            missing=problems,
        )
    return CheckResult.ok(
        f"OIDC, billing, gateway, observability and chart present; services: "
        f"{', '.join(services)}",
        services=services,
    )
