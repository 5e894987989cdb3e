-- The newest actual of each metric in $metrics for every place (stated beats derived).
SELECT l.*, m.name_zh AS metric_zh, m.name_en AS metric_en
FROM latest_actual l JOIN metrics m USING (metric_id)
WHERE list_contains($metrics, l.metric_id)
ORDER BY l.place_id, l.metric_id;
