-- Every figure of one metric for the chosen places, oldest first, with names and its report.
SELECT f.*, p.name_zh AS place_zh, p.name_en AS place_en, p.level, p.sort_order,
       s.title_zh AS source_title_zh, s.title_en AS source_title_en, s.published
FROM facts f
JOIN places p USING (place_id)
JOIN sources s USING (source_id)
WHERE f.metric_id = $metric AND list_contains($places, f.place_id) AND f.value IS NOT NULL
ORDER BY p.sort_order, f.period_end, f.is_derived DESC;
