"""Use cases for the API, the pages and the CLI: each takes who is acting and applies the policy.

One module per concept (`changes`, `subscription`, `trends`); the API routes, page handlers and
commands call these functions and only render what comes back.
"""
