-- Every report with its metadata and how much was curated from it.
SELECT s.source_id, s.place_id, s.title_zh, s.title_en, s.title_note_zh, s.title_note_en, s.issuer_zh, s.issuer_en,
       s.published, s.published_certainty, s.published_note_zh, s.published_note_en, s.period_label, s.kind, s.script, s.path,
       p.name_zh AS place_zh, p.name_en AS place_en, p.sort_order,
       (SELECT count(*) FROM figures f WHERE f.source_id = s.source_id AND NOT f.is_derived) AS figures,
       (SELECT count(*) FROM figures f WHERE f.source_id = s.source_id AND f.is_derived) AS derived,
       (SELECT count(*) FROM directives d WHERE d.source_id = s.source_id) AS directives,
       c.numbers, c.accounted, c.set_aside, c.ignored, c.unaccounted
FROM sources s
JOIN places p USING (place_id)
LEFT JOIN coverage c USING (source_id)
ORDER BY p.sort_order, s.published;
