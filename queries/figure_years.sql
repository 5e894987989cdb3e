-- The first and last calendar year any figure's period touches.
SELECT min(year(period_start)) AS first_year, max(year(period_end)) AS last_year FROM figures;
