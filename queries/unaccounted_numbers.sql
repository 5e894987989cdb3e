-- Numbers in one report's text ($source) that no curated record accounts for, by line.
SELECT line, number, context
FROM unaccounted_numbers
WHERE source_id = $source
ORDER BY line, number;
