"""The lead provider API (v3): bearer tokens, the reference error bodies, pagination, filters and sorting."""
