"""Views of the applicant side of grants (/projets/) and the agents' scheme pages, by topic."""
