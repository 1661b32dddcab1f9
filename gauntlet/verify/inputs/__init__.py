"""Inputs the verifier generates for solutions, each with its known answer."""
