-- Places that have a report, in the fixed order, with their parent and curated counts.
SELECT p.place_id, p.name_zh, p.name_en, p.level, p.sort_order,
       parent.name_zh AS parent_zh, parent.name_en AS parent_en,
       (SELECT count(*) FROM figures f WHERE f.place_id = p.place_id) AS figures,
       (SELECT count(*) FROM figures f WHERE f.place_id = p.place_id AND f.is_derived) AS derived,
       (SELECT count(*) FROM directives d WHERE d.place_id = p.place_id) AS directives
FROM places p
LEFT JOIN places parent ON parent.place_id = p.parent_id
WHERE EXISTS (SELECT 1 FROM sources s WHERE s.place_id = p.place_id)
ORDER BY p.sort_order;
