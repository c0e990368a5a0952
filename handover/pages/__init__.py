"""One plain Streamlit script per screen, run by `st.navigation` from app.py."""
