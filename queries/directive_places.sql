-- Places with directives, in display order.
SELECT p.place_id, p.name_zh, p.name_en, p.sort_order
FROM places p WHERE EXISTS (SELECT 1 FROM directives d WHERE d.place_id = p.place_id)
ORDER BY p.sort_order;
