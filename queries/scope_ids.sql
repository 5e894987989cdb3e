-- Every scope of the vocabulary (data/scopes.yaml), for the pickers' allow-list.
SELECT scope_id FROM scopes ORDER BY scope_id;
