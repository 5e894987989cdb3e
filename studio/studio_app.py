"""The envdash studio, for curators: `python -m envdash studio` serves it (on 127.0.0.1 by default).

Separate from the dashboard (dashboard.py), which stays read-only: only the studio writes data files.
"""
from envdash.studio.app import run_studio

run_studio()
