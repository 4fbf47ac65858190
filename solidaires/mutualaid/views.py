"""Thin views of the mutualaid app: parse, check access, call a service or selector, answer."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def index(request: HttpRequest) -> HttpResponse:
    """Placeholder until the section is built."""
    return render(request, "mutualaid/index.html", {})
