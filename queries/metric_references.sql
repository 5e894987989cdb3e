-- Reference lines (standards, guideline, national targets and averages) of one metric.
SELECT kind, value, year, label_zh, label_en, source
FROM metric_references
WHERE metric_id = $metric
ORDER BY kind, year NULLS FIRST, value;
