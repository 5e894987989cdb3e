-- For one metric and the chosen places: each place's actual per scope and calendar year, with names
-- and its report. Within a place, scope and year the figure whose period ends last wins, a stated
-- figure over a derived one, then the shorter period (an annual value over a multi-year one).
SELECT f.*, year(f.period_end) AS year, p.name_zh AS place_zh, p.name_en AS place_en, p.level,
       p.sort_order, s.title_zh AS source_title_zh, s.title_en AS source_title_en, s.published
FROM facts f
JOIN places p USING (place_id)
JOIN sources s USING (source_id)
WHERE f.metric_id = $metric AND f.kind = 'actual' AND f.value_std IS NOT NULL
  AND list_contains($places, f.place_id)
QUALIFY row_number() OVER (PARTITION BY f.place_id, coalesce(f.scope, ''), year(f.period_end)
                           ORDER BY f.period_end DESC, f.is_derived, f.period_start DESC) = 1
ORDER BY p.sort_order, f.scope NULLS FIRST, f.period_end;
