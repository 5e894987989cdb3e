-- Metrics that have at least one figure, grouped by theme in the catalogue's order.
SELECT m.metric_id, m.name_zh, m.name_en, m.unit, m.direction, m.comparable, m.theme_id,
       m.definition_zh, m.definition_en,
       t.name_zh AS theme_zh, t.name_en AS theme_en, t.sort_order AS theme_order,
       count(*) AS figures,
       count(*) FILTER (WHERE f.kind = 'actual') AS actuals
FROM metrics m
JOIN themes t USING (theme_id)
JOIN figures f USING (metric_id)
GROUP BY ALL
ORDER BY t.sort_order, m.name_en;
