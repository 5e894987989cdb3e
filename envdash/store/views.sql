-- Views over the tables the build writes. Documented column by column in docs/data.md.

CREATE VIEW facts AS
SELECT f.figure_id, f.place_id, f.metric_id, f.kind, f.is_derived, f.derived_from, f.formula,
       f.period_label, f.period_start, f.period_end, f.value, f.unit, f.comparator, f.strength,
       f.value_std, m.unit AS unit_std, m.theme_id, m.direction, m.comparable,
       f.change_value, f.change_unit, f.change_basis, f.change_versus, f.total, f.scope,
       s.name_zh AS scope_zh, s.name_en AS scope_en, f.note_zh, f.note_en,
       f.source_id, f.quote, f.quote_start, f.quote_end, f.file, f.line
FROM figures f JOIN metrics m USING (metric_id)
LEFT JOIN scopes s ON s.scope_id = f.scope;

-- The newest actual per place, metric and scope; a stated figure wins over a derived one.
CREATE VIEW latest_actual AS
SELECT * FROM facts
WHERE kind = 'actual'
QUALIFY row_number() OVER (PARTITION BY place_id, metric_id, coalesce(scope, '')
                           ORDER BY period_end DESC, is_derived, period_start DESC) = 1;

CREATE VIEW directive_theme_share AS
SELECT place_id, theme_id, count(*) AS directives,
       count(*) * 100.0 / sum(count(*)) OVER (PARTITION BY place_id) AS share
FROM directives GROUP BY place_id, theme_id;
