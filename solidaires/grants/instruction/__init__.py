"""The instruction side of grants: examination, committee, decisions, payments, final reports,
the budget dashboard and the SCDL open data."""
