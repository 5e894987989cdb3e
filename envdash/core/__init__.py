"""Stage 0, shared by every stage: paths, problems that know their place, periods, reading and
formatting numbers, the languages, the attainment rule and the worker pool. Imports nothing of
envdash outside `core`."""
