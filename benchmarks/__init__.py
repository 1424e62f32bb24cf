"""Muster's benchmarks: each module has a `main()` that measures and prints its figures.

`make bench` (`python -m benchmarks`) runs them all; `python -m benchmarks NAME ...` runs some.
Figures are printed with a baseline measured in the same process, so the ratio stays meaningful
on a busy machine; no test asserts a duration.
"""
