"""The trainers' workspace: references, evidence maps and session packs, built on the index and
the answer core."""
