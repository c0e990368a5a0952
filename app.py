"""The handover planner's Streamlit entry point: page config, then the navigation runs the page."""

import streamlit as st

from handover.ui.heap import settle
from handover.ui.shell import navigation

st.set_page_config(
    page_title="Overdragelsesplan · Handover planner",
    # An emoji: Streamlit draws it as a data: icon. A ":material/…:" page icon is fetched from
    # fonts.gstatic.com by every viewer's browser (the only request that left the app).
    page_icon="🤝",
    layout="wide",
)
try:
    navigation().run()
finally:
    # Also after st.stop / st.rerun (exceptions): the first run of a page imports its modules.
    settle()
