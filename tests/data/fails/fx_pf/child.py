"""Never runs: its parent package fails."""
