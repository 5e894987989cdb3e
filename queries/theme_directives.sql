-- The directives of one place in one theme, with the report they come from.
SELECT d.*, s.title_zh AS source_title_zh, s.title_en AS source_title_en, s.published
FROM directives d JOIN sources s USING (source_id)
WHERE d.place_id = $place AND d.theme_id = $theme
ORDER BY s.published, d.quote_start;
