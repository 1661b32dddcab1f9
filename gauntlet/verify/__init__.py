"""The challenge-ladder verifier behind ``gauntlet verify`` and ``gauntlet challenges``.

A rung (``gauntlet.verify.rungs``) lists its constraints; each automatic
constraint names a check (``gauntlet.verify.checks``) with its parameters. The
engine (``gauntlet.verify.engine``) runs the checks of one rung against a
solution copied into a sandbox (``gauntlet.verify.sandbox``) and returns a
report (``gauntlet.verify.result``).
"""
