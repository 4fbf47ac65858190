"""Data and invariants of the volunteering app."""
