"""Beside the pipeline, studio: the curators' workshop. Takes the catalogue and the validation of
`curation`, the build of `store` and a report's text; hands on draft files (data/drafts/), and on
publishing the report's text, its sources.yaml entry, its curated file and a change-log entry, written
as a person writes them, validated and built all together or not at all. Nothing imports it: the
dashboard stays read-only."""
