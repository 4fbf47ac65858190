"""Data and invariants of the grants app."""
