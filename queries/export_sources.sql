-- The reports behind an export ($sources: their ids): title, issuer and publication date, oldest first.
SELECT source_id, title_zh, title_en, issuer_zh, issuer_en, published
FROM sources
WHERE list_contains($sources, source_id)
ORDER BY published, source_id;
