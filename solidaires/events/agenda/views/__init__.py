"""Thin views of the agenda: parse, check access, call a service or selector, answer.

One module per topic; ``urls.py`` names each view by its module."""
