-- All themes in display order.
SELECT theme_id, name_zh, name_en, sort_order FROM themes ORDER BY sort_order;
