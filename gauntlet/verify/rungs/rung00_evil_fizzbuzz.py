"""Rung 0, Evil FizzBuzz: a FizzBuzz function whose every 7th call is fast."""

from __future__ import annotations

from gauntlet.verify.constraint import Option, Rung, automatic, manual

RUNG = Rung(
    number=0,
    slug="evil-fizzbuzz",
    title="Evil FizzBuzz (warm-up)",
    asks=(
        "A function that returns 'Fizz' for multiples of 3, 'Buzz' for multiples "
        "of 5, 'FizzBuzz' for multiples of both and the number as text otherwise."
    ),
    constraints=(
        automatic(
            "output-correct",
            "The function returns the right value for every n in the checked range.",
            check="call-output",
            threshold="every n from 1 to 3000 matches",
            expected="fizzbuzz",
            start=1,
            stop=3000,
        ),
        automatic(
            "every-7th-call-fast",
            "Every 7th call returns within the latency limit.",
            check="call-latency",
            threshold="p99 of every 7th call <= options.latency_limit_ns (1000 ns)",
            every=7,
            calls=70_000,
            percentile=99.0,
        ),
        manual(
            "evil",
            "The solution is as evil as the name asks.",
            "taste in evil is for people to judge",
        ),
    ),
    commands=frozenset({"test"}),
    options=(
        Option(
            "latency_limit_ns",
            float,
            1000.0,
            "the limit in nanoseconds for every 7th call; timers differ between "
            "machines, so a slow machine may raise it",
        ),
    ),
)
