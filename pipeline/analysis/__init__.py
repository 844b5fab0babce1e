"""The per-document analysis: everything that depends only on one decoded text, cached by it.

Every file under this folder, code and data, is part of the analysis fingerprint
(`pipeline.config.source_hash`): edit anything here and the next run re-analyses every text.
Nothing here imports `pipeline.crossdoc` or `pipeline.output` except the table schemas.
"""
