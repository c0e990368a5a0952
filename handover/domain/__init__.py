"""Pure domain logic: the plan's entities, dates, due rules and validation.

Imports no streamlit, duckdb, plotly or pandas; every function here is testable on plain values.
"""
