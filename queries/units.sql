-- Unit names for display.
SELECT unit_id, name_zh, name_en FROM units;
