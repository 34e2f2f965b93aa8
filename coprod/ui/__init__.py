"""Shared widgets and Streamlit caching: the only part of coprod that imports Streamlit."""
