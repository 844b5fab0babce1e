"""Writing the outputs: table schemas and checks, Parquet files, the analysis cache, the report, docs and export."""
