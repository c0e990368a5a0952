"""Streamlit helpers shared by the pages: the database handle, language and text, column configs.

Only this package, `pages/` and `app.py` import streamlit.
"""
