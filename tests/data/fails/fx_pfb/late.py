"""Never runs."""
