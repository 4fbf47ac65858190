"""Views of engagements, hours, dashboards, attestations and proposals (one module per topic)."""
