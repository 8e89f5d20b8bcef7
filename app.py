"""The page's set-up and navigation; each page lives in app_pages/."""

import streamlit as st

# "expanded": on a phone the form opens over the page at first, instead of hiding behind a small arrow.
st.set_page_config(
    page_title="Interview signals", page_icon=":material/insights:", layout="wide", initial_sidebar_state="expanded"
)
st.navigation(
    [
        st.Page("app_pages/estimate.py", title="Estimate", icon=":material/insights:", default=True),
        st.Page("app_pages/follow_up.py", title="Follow-up note", icon=":material/edit_note:"),
        st.Page("app_pages/journal.py", title="Journal", icon=":material/book:"),
    ]
).run()
