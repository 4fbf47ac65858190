"""Views of the missions, volunteer offers and saved searches (one module per topic)."""
