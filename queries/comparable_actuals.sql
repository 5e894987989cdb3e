-- Newest actual per place and scope for every comparable metric (the small multiples).
SELECT f.*, year(f.period_end) AS year, m.name_zh AS metric_zh, m.name_en AS metric_en, p.name_zh AS place_zh,
       p.name_en AS place_en, p.level, p.sort_order, t.sort_order AS theme_order,
       s.title_zh AS source_title_zh, s.title_en AS source_title_en, s.published
FROM facts f
JOIN metrics m USING (metric_id)
JOIN themes t ON t.theme_id = m.theme_id
JOIN places p ON p.place_id = f.place_id
JOIN sources s ON s.source_id = f.source_id
WHERE m.comparable AND f.kind = 'actual' AND f.value_std IS NOT NULL
QUALIFY row_number() OVER (PARTITION BY f.metric_id, f.place_id, coalesce(f.scope, '')
                           ORDER BY f.period_end DESC, f.is_derived, f.period_start DESC) = 1
ORDER BY t.sort_order, m.name_en, p.sort_order;
