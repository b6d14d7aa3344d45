"""The trainers' workspace: references, evidence maps and session packs, built on the answer core.

May import the shared modules, the index, answer/ and ingest/; never llm/, web/, the CLI or core.
"""
