"""The answer core: retrieval, the extractive composer, support scoring and the citation check.

May import the index and the shared modules, never llm/, web/ or the CLI.
"""
