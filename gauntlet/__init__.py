"""The umbrella ``gauntlet`` command line and the challenge-ladder verifier."""

__version__ = "0.1.0"
