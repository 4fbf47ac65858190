"""Data and invariants of the messaging app."""
