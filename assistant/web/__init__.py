"""The Gradio web app and its helpers: rendering, uploads, feedback and Markdown export.

May import only the Assistant API and the shared modules (core, models, settings, errors).
"""
