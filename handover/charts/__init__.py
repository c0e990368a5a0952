"""Plotly figure builders: plain values or frames in, `go.Figure` out; no Streamlit, no DuckDB."""
