"""Stage 3, analysis: takes query results, hands on the evidence each view rests on (trends,
targets, comparisons, overview) and the sentences it supports (headlines), in either language."""
