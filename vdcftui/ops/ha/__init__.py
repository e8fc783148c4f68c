"""High availability (F-MHA, F-HAF): node keep-alives, health, automated failover."""
