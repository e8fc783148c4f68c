"""Alerts (F-MOS, F-MRS): thresholds on the collected metrics with hysteresis, the
conditions the health watcher finds, each raised, cleared and acknowledged in the
repository, and notified by mail and a script hook."""
