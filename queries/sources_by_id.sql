-- The reports among $sources, oldest first, with issuer, date and what they cover.
SELECT s.source_id, s.title_zh, s.title_en, s.issuer_zh, s.issuer_en, s.published, s.published_certainty,
       s.period_label, s.kind, p.name_zh AS place_zh, p.name_en AS place_en
FROM sources s
JOIN places p USING (place_id)
WHERE list_contains($sources, s.source_id)
ORDER BY s.published, s.source_id;
