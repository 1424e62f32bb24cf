"""Muster: sourced stances, conditional pledges and exact coverage for a coalition."""

__version__ = "0.1.0"
