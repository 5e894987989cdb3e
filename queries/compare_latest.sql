-- For one metric, each place's newest actual (or its actual for $year when given).
SELECT f.*, p.name_zh AS place_zh, p.name_en AS place_en, p.level, p.sort_order,
       s.title_zh AS source_title_zh, s.title_en AS source_title_en, s.published
FROM facts f
JOIN places p USING (place_id)
JOIN sources s USING (source_id)
WHERE f.metric_id = $metric AND f.kind = 'actual' AND f.value_std IS NOT NULL
  AND ($year IS NULL OR year(f.period_end) = $year)
QUALIFY row_number() OVER (PARTITION BY f.place_id
                           ORDER BY f.scope NULLS FIRST, f.period_end DESC, f.is_derived) = 1
ORDER BY p.sort_order;
