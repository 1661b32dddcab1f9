"""The sandbox every solution runs in: a temporary copy, limits, no network.

``Sandbox`` starts the solution's processes; ``isolation`` confines the whole
session (network namespace, read-only filesystem); ``limits`` and ``cgroup``
bound each process and the session's process count.
"""

from gauntlet.verify.sandbox.limits import Limits
from gauntlet.verify.sandbox.process import ManagedProcess, RunResult, Sandbox

__all__ = ["Limits", "ManagedProcess", "RunResult", "Sandbox"]
