-- Every publish of one report ($source) from the studio, newest first.
SELECT changed_at, curator, added, changed, removed
FROM changes
WHERE source_id = $source
ORDER BY changed_at DESC;
