-- Places with at least one figure, in the fixed display order.
SELECT p.place_id, p.name_zh, p.name_en, p.level, p.sort_order
FROM places p
WHERE EXISTS (SELECT 1 FROM figures f WHERE f.place_id = p.place_id)
ORDER BY p.sort_order;
