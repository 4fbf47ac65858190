"""The applicant side of grants: schemes, calls, applicant spaces, the vault, applications."""
