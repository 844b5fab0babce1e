"""The cross-article step: entities linked and claims merged into facts over the whole corpus (DuckDB, out of core)."""
