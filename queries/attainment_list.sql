-- Every target with its actual, previous actual and computed status, for the chosen places.
SELECT a.*, m.name_zh AS metric_zh, m.name_en AS metric_en, m.unit AS unit_std, m.theme_id,
       t.name_zh AS theme_zh, t.name_en AS theme_en,
       p.name_zh AS place_zh, p.name_en AS place_en, p.sort_order,
       tf.quote AS target_quote, af.quote AS actual_quote, af.source_id AS actual_source_id,
       af.period_label AS actual_period_label,
       pf.source_id AS previous_source_id,
       s.title_zh AS source_title_zh, s.title_en AS source_title_en, s.published
FROM attainment a
JOIN metrics m USING (metric_id)
JOIN themes t ON t.theme_id = m.theme_id
JOIN places p ON p.place_id = a.place_id
JOIN figures tf ON tf.figure_id = a.target_id
LEFT JOIN figures af ON af.figure_id = a.actual_id
LEFT JOIN figures pf ON pf.figure_id = a.previous_actual_id
JOIN sources s ON s.source_id = a.source_id
WHERE list_contains($places, a.place_id)
ORDER BY p.sort_order, t.sort_order, m.name_en, a.period_end;
