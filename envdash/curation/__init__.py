"""Stage 1, curation: takes the YAML and report texts in data/, hands on a validated catalogue and
validated figures and directives (or every problem with file, line, record and field). Also drafts
curated files from a new report's text (`drafting/`, run by `suggest`) and measures how much of
each text is curated (`coverage`)."""
