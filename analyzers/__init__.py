"""Lint rules that ban chosen APIs, with name resolution shared by every rule.

The lint path uses the standard library ``ast`` only, so importing this package
never imports libcst, and astroid is imported by the pylint plugin alone.
"""
