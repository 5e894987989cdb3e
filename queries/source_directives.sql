-- The directives read from one report ($source), in the order their quotes appear in the text.
SELECT d.directive_id, d.source_id, d.theme_id, t.name_zh AS theme_zh, t.name_en AS theme_en,
       d.summary_zh, d.summary_en, d.deadline_label, d.quote, d.quote_start, d.quote_end
FROM directives d
JOIN themes t USING (theme_id)
WHERE d.source_id = $source
ORDER BY d.quote_start, d.directive_id;
