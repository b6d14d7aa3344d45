"""The index: the Chroma store adapter and the embedder; ingestion writes it, answering reads it.

May import only the shared modules (assistant.models, settings, errors), never a layer above it.
"""
