"""Monitoring (F-MOS, F-MRS): collectors that read every node in one batched round trip
per interval, and the history of their samples (raw, hourly and daily rollups)."""
