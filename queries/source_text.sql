-- The full stored text of one report ($source).
SELECT text FROM sources WHERE source_id = $source;
