"""Stage 2, store: takes the validated curation, adds derived values and attainment, writes DuckDB
atomically (`build`), keeps it fresh when data files change, and hands on the results of named
queries (queries/*.sql) cached per database version."""
