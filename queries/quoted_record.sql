-- One curated record ($record, a figure or directive id): its report and where its quote sits there.
-- No row when no record has that id (a link's focus is checked against it); in the order of
-- quoted_records, should a figure and a directive share an id.
SELECT figure_id AS record_id, 'figure' AS record_kind, source_id, quote_start, quote_end
FROM figures
WHERE figure_id = $record
UNION ALL
SELECT directive_id, 'directive', source_id, quote_start, quote_end
FROM directives
WHERE directive_id = $record
ORDER BY source_id, quote_start, quote_end DESC, record_kind;
