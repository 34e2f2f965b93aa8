"""coprod: co-production self-assessment. The domain; no Streamlit outside coprod.ui."""
