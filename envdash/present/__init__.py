"""Stage 4, presentation: takes the analysis and hands on what a reader sees — charts, tables,
slides, downloads, links, URL state and the page frame the Streamlit pages in pages/ lay out."""
