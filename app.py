"""The handover planner's Streamlit entry point: page config, then the navigation runs the page."""

import streamlit as st

from handover.ui.shell import navigation

st.set_page_config(
    page_title="Overdragelsesplan · Handover planner",
    page_icon=":material/handshake:",
    layout="wide",
)
navigation().run()
