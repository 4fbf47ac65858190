"""Views of the instruction side of grants, by topic."""
