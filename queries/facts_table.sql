-- Figures with their place, metric and theme names, narrowed by the Data page's filters.
-- An empty list ($places, $themes, $metrics) means no restriction; $kind is all | actual | target;
-- $derived is all | stated | derived; a figure is kept when its whole period lies in $year_from..$year_to.
-- $row_limit keeps the first rows only (NULL: all); `matching` counts every row the filters keep, so the
-- page can say how many there are without reading them all. The filters, count and order work on
-- narrow rows; names, quotes and titles are joined to the kept rows only.
WITH kept AS (
    SELECT f.figure_id, p.sort_order AS place_order, t.sort_order AS theme_order, m.name_en AS metric_order,
           f.period_end, f.kind, f.is_derived, count(*) OVER () AS matching
    FROM figures f
    JOIN places p USING (place_id)
    JOIN metrics m USING (metric_id)
    JOIN themes t ON t.theme_id = m.theme_id
    JOIN sources s ON s.source_id = f.source_id
    WHERE (len($places) = 0 OR list_contains($places, f.place_id))
      AND (len($themes) = 0 OR list_contains($themes, m.theme_id))
      AND (len($metrics) = 0 OR list_contains($metrics, f.metric_id))
      AND ($kind = 'all' OR f.kind = $kind)
      AND ($derived = 'all' OR f.is_derived = ($derived = 'derived'))
      AND year(f.period_start) >= $year_from
      AND year(f.period_end) <= $year_to
    ORDER BY place_order, theme_order, metric_order, f.period_end, f.kind, f.is_derived, f.figure_id
    LIMIT $row_limit
)
SELECT f.figure_id, f.source_id, f.place_id, p.name_zh AS place_zh, p.name_en AS place_en,
       f.metric_id, m.name_zh AS metric_zh, m.name_en AS metric_en,
       f.theme_id, t.name_zh AS theme_zh, t.name_en AS theme_en,
       f.kind, f.strength, f.is_derived, f.formula, f.period_label, f.period_start, f.period_end,
       f.value_std, f.unit_std, f.comparator, f.scope, f.note, f.quote,
       s.title_zh AS source_title_zh, s.title_en AS source_title_en, kept.matching
FROM kept
JOIN facts f USING (figure_id)
JOIN places p ON p.place_id = f.place_id
JOIN metrics m ON m.metric_id = f.metric_id
JOIN themes t ON t.theme_id = f.theme_id
JOIN sources s ON s.source_id = f.source_id
ORDER BY kept.place_order, kept.theme_order, kept.metric_order, kept.period_end, kept.kind, kept.is_derived,
         kept.figure_id;
