-- The newest target of each metric in $metrics for every place, with its computed status.
SELECT a.*, m.name_zh AS metric_zh, m.name_en AS metric_en, m.unit AS unit_std,
       p.name_zh AS place_zh, p.name_en AS place_en
FROM attainment a JOIN metrics m USING (metric_id) JOIN places p ON p.place_id = a.place_id
WHERE list_contains($metrics, a.metric_id)
QUALIFY row_number() OVER (PARTITION BY a.place_id, a.metric_id ORDER BY a.period_end DESC, a.scope NULLS FIRST) = 1;
