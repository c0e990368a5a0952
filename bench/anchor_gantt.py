"""The naive anchor of bench/browser_gantt.py: a plain Streamlit page of `px.timeline` of every
obligation (read once from the Parquet file in ANCHOR_ROWS), the figure built on every run."""

from __future__ import annotations

import os

import pandas as pd
import plotly.express as px
import streamlit as st


@st.cache_data
def rows(path: str) -> pd.DataFrame:
    return pd.read_parquet(path)


frame = rows(os.environ["ANCHOR_ROWS"])
st.title("px.timeline")
figure = px.timeline(frame, x_start="start", x_end="finish", y="task", color="state")
figure.update_yaxes(autorange="reversed")
st.plotly_chart(figure)
