-- Tables the build fills. Every column is documented in docs/data.md.
CREATE TABLE build_info (fingerprint VARCHAR, built_at TIMESTAMPTZ, figures BIGINT, derived BIGINT,
                         directives BIGINT, schema_version VARCHAR, code_digest VARCHAR);
CREATE TABLE build_inputs (path VARCHAR PRIMARY KEY, sha256 VARCHAR, role VARCHAR, source_id VARCHAR, drafts BIGINT);
CREATE TABLE places (place_id VARCHAR PRIMARY KEY, name_zh VARCHAR, name_en VARCHAR, level VARCHAR,
                     parent_id VARCHAR, sort_order BIGINT);
CREATE TABLE themes (theme_id VARCHAR PRIMARY KEY, name_zh VARCHAR, name_en VARCHAR, sort_order BIGINT);
CREATE TABLE units (unit_id VARCHAR PRIMARY KEY, name_zh VARCHAR, name_en VARCHAR, dimension VARCHAR, factor DOUBLE);
CREATE TABLE metrics (metric_id VARCHAR PRIMARY KEY, name_zh VARCHAR, name_en VARCHAR, unit VARCHAR,
                      direction VARCHAR, theme_id VARCHAR, comparable BOOLEAN, definition_zh VARCHAR,
                      definition_en VARCHAR, synonyms VARCHAR, share_metric VARCHAR);
CREATE TABLE scopes (scope_id VARCHAR PRIMARY KEY, name_zh VARCHAR, name_en VARCHAR, definition_zh VARCHAR,
                     definition_en VARCHAR);
CREATE TABLE metric_references (metric_id VARCHAR, kind VARCHAR, value DOUBLE, year INTEGER, label_zh VARCHAR,
                                label_en VARCHAR, source VARCHAR);
CREATE TABLE sources (source_id VARCHAR PRIMARY KEY, place_id VARCHAR, issuer_zh VARCHAR, issuer_en VARCHAR,
                      title VARCHAR, title_zh VARCHAR, title_en VARCHAR, title_note_zh VARCHAR,
                      title_note_en VARCHAR, published DATE, published_certainty VARCHAR, published_note_zh VARCHAR,
                      published_note_en VARCHAR, period_label VARCHAR, kind VARCHAR,
                      script VARCHAR, path VARCHAR, text VARCHAR);
CREATE TABLE figures (figure_id VARCHAR PRIMARY KEY, source_id VARCHAR, place_id VARCHAR, metric_id VARCHAR,
                      kind VARCHAR, is_derived BOOLEAN, derived_from VARCHAR, formula VARCHAR, period_label VARCHAR,
                      period_start DATE, period_end DATE, value DOUBLE, unit VARCHAR, comparator VARCHAR,
                      strength VARCHAR, value_std DOUBLE, change_value DOUBLE, change_unit VARCHAR,
                      change_basis VARCHAR, change_versus VARCHAR, total DOUBLE, scope VARCHAR, note_zh VARCHAR,
                      note_en VARCHAR,
                      quote VARCHAR, quote_start BIGINT, quote_end BIGINT, file VARCHAR, line BIGINT);
CREATE TABLE directives (directive_id VARCHAR PRIMARY KEY, source_id VARCHAR, place_id VARCHAR, theme_id VARCHAR,
                         quote VARCHAR, summary_en VARCHAR, summary_zh VARCHAR, deadline_label VARCHAR,
                         deadline DATE, quote_start BIGINT, quote_end BIGINT, file VARCHAR, line BIGINT);
CREATE TABLE attainment (target_id VARCHAR PRIMARY KEY, place_id VARCHAR, metric_id VARCHAR, scope VARCHAR,
                         period_label VARCHAR, period_start DATE, period_end DATE, target_value DOUBLE,
                         comparator VARCHAR, strength VARCHAR, direction VARCHAR, actual_id VARCHAR,
                         actual_value DOUBLE, status VARCHAR, gap DOUBLE, gap_percent DOUBLE,
                         previous_actual_id VARCHAR, previous_actual_value DOUBLE, previous_period_label VARCHAR,
                         previous_meets BOOLEAN, source_id VARCHAR);
CREATE TABLE coverage (source_id VARCHAR PRIMARY KEY, numbers BIGINT, accounted BIGINT, ignored BIGINT,
                       set_aside BIGINT, unaccounted BIGINT);
CREATE TABLE changes (source_id VARCHAR, changed_at TIMESTAMPTZ, curator VARCHAR, added BIGINT, changed BIGINT,
                      removed BIGINT);
CREATE TABLE unaccounted_numbers (source_id VARCHAR, line BIGINT, number VARCHAR, context VARCHAR);
