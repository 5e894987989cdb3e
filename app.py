"""envdash: environmental performance of cities, from official reports."""
from envdash.navigation import run_app

run_app()
