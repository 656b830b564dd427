"""Use cases: each call is one transaction, with its audit record; the UI calls only these."""
