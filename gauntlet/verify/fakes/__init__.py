"""Fake services the verifier runs on loopback for solutions to talk to.

They run in threads of the verifier's inner process, which shares the
solution's network namespace, so the solution reaches them on 127.0.0.1.
"""
