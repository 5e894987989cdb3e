"""Drafting curated records from a report's text, for a person to confirm.

Takes a report's text, its metadata (`ReportInfo`: published, period, whether it plans) and the
catalogue; hands on `Suggestion`s (value, unit, comparator, change, metric guess, period, kind,
strength, quote) and the draft YAML file. By concern:

- `text`: the Simplified view of the text used for matching, cut into sentences and clauses;
- `readings`: one number as written (value, unit, bound words), and which numbers are figures;
- `changes`: 同比 changes and which figure they belong to;
- `context`: the passage a number stands in, and so its period, kind and strength;
- `metric_match`: the catalogue metric whose name or synonym a number's words use;
- `figures`: the suggestions for a whole text, sentence by sentence;
- `output`: the draft curated file.
"""
