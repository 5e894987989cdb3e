-- The figures read from one report ($source), in the order their quotes appear in the text.
SELECT f.figure_id, f.source_id, f.metric_id, m.name_zh AS metric_zh, m.name_en AS metric_en,
       t.name_zh AS theme_zh, t.name_en AS theme_en, f.kind, f.is_derived, f.formula,
       f.period_label, f.value, f.unit, f.comparator, f.strength, f.scope, f.scope_zh, f.scope_en,
       f.note_zh, f.note_en,
       f.quote, f.quote_start, f.quote_end
FROM facts f
JOIN metrics m USING (metric_id)
JOIN themes t ON t.theme_id = f.theme_id
WHERE f.source_id = $source
ORDER BY f.quote_start, f.is_derived, f.figure_id;
