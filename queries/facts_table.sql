-- Figures with their place, metric and theme names, narrowed by the Data page's filters.
-- An empty list ($places, $themes, $metrics) means no restriction; $kind is all | actual | target;
-- $derived is all | stated | derived; a figure is kept when its whole period lies in $year_from..$year_to.
-- $row_limit rows from row $row_offset are kept (a NULL limit: all); `matching` counts every row the filters keep, so the
-- page can say how many there are without reading them all. The filters, count and order work on
-- narrow rows; names, quotes and titles are joined to the rows shown only.
WITH kept AS NOT MATERIALIZED (
    SELECT f.figure_id, p.sort_order AS place_order, t.sort_order AS theme_order, m.name_en AS metric_order,
           f.period_end, f.kind, f.is_derived
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
),
-- a count and a top-N both stream, where a window over every kept row would hold them all
shown AS (
    SELECT * FROM kept
    ORDER BY place_order, theme_order, metric_order, period_end, kind, is_derived, figure_id
    LIMIT $row_limit OFFSET $row_offset
)
SELECT f.figure_id, f.source_id, f.place_id, p.name_zh AS place_zh, p.name_en AS place_en,
       f.metric_id, m.name_zh AS metric_zh, m.name_en AS metric_en,
       f.theme_id, t.name_zh AS theme_zh, t.name_en AS theme_en,
       f.kind, f.strength, f.is_derived, f.formula, f.period_label, f.period_start, f.period_end,
       f.value_std, f.unit_std, f.comparator, f.scope, f.scope_zh, f.scope_en, f.note_zh, f.note_en, f.quote,
       s.title_zh AS source_title_zh, s.title_en AS source_title_en, s.published,
       (SELECT count(*) FROM kept) AS matching
FROM shown
JOIN facts f USING (figure_id)
JOIN places p ON p.place_id = f.place_id
JOIN metrics m ON m.metric_id = f.metric_id
JOIN themes t ON t.theme_id = f.theme_id
JOIN sources s ON s.source_id = f.source_id
ORDER BY shown.place_order, shown.theme_order, shown.metric_order, shown.period_end, shown.kind,
         shown.is_derived, shown.figure_id;
