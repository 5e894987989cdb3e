"""envdash: environmental performance of cities, from official reports."""
from envdash.present.navigation import run_app

run_app()
