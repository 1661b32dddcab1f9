"""Small programs the verifier runs inside the sandbox next to a solution.

They import the solution's code in a process of their own, so the solution
never runs in the verifier's process.
"""
