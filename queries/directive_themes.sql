-- How each place's directives spread over the themes (share in percent).
SELECT d.place_id, d.theme_id, t.name_zh AS theme_zh, t.name_en AS theme_en, t.sort_order,
       d.directives, d.share
FROM directive_theme_share d JOIN themes t USING (theme_id)
ORDER BY d.place_id, d.directives DESC, t.sort_order;
