-- Where every curated record's quote sits in one report ($source): figures (derived ones share the
-- quote of the figure they come from) and directives, as character offsets into sources.text.
SELECT figure_id AS record_id, 'figure' AS record_kind, source_id, quote_start, quote_end
FROM figures
WHERE source_id = $source
UNION ALL
SELECT directive_id, 'directive', source_id, quote_start, quote_end
FROM directives
WHERE source_id = $source
ORDER BY source_id, quote_start, quote_end DESC, record_id;
