"""Exceptions of the verifier, all subclasses of ``VerifyError``."""

from __future__ import annotations


class VerifyError(Exception):
    """Base of every error the verifier raises on purpose."""


class ManifestError(VerifyError):
    """A solution's ``gauntlet.toml`` is missing, unreadable or invalid."""


class CatalogueError(VerifyError):
    """A rung number or name that the catalogue does not contain."""


class SolutionError(VerifyError):
    """The solution could not be run at all (a missing command, a crash at start).

    The engine reports the constraint as an error, and the run exits 2,
    because no verdict on the constraint was reached.
    """


class SandboxError(VerifyError):
    """The sandbox could not be prepared (no isolation tool, a copy failed)."""


class CannotJudgeError(VerifyError):
    """A check cannot judge this solution, such as a source in a language it
    cannot read; the constraint is reported as manual with this message."""
