"""Data and invariants of the mutualaid app."""
