-- The named scopes among $scopes, with their definitions, in the vocabulary's order.
SELECT scope_id, name_zh, name_en, definition_zh, definition_en
FROM scopes
WHERE list_contains($scopes, scope_id)
ORDER BY scope_id;
