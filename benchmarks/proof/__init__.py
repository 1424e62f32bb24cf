"""Proof under faults, load and bad input (issue 7): the harnesses behind `make proof`.

One module per suite (crash, concurrency, corpus + inputs, fuzz, load, audit; authorisation and
hardening are pytest files run by `suites`); `common` holds what they share. The quick runs in
tests/proof call the same functions with small plans. Run everything: `python -m benchmarks.proof`.
"""
