"""Use cases: the public scripting API. Each call is one transaction, checks the caller's roles
and returns frozen dataclasses (see docs/api.md)."""
