"""A libcst codemod command that parses every file and changes nothing.

``benchmarks/fix_speed.py`` runs it through ``python -m libcst.tool codemod``
as the baseline for ``gauntlet fix``: the cost of a libcst pass over a tree.
"""

from __future__ import annotations

from libcst.codemod import VisitorBasedCodemodCommand


class NoOpCommand(VisitorBasedCodemodCommand):
    DESCRIPTION = "Parse each file, walk its tree and leave it unchanged."
