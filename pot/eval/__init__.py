"""Evaluation runs: many questions through Proof of Thought, live or replayed, scored.

Live runs (`run`) ask an LLM; replays (`replay`) re-verify recorded programs. Both write the
same result records, so `metrics` and `report` treat them alike.
"""
