-- Where every curated record's quote sits in its report: figures (derived ones share the quote of
-- the figure they come from) and directives, as character offsets into sources.text.
SELECT figure_id AS record_id, 'figure' AS record_kind, source_id, quote_start, quote_end
FROM figures
UNION ALL
SELECT directive_id, 'directive', source_id, quote_start, quote_end
FROM directives
ORDER BY source_id, quote_start, quote_end DESC, record_id;
