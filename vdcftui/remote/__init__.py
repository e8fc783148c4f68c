"""I/O to the datacenter: the asyncssh connection pool and host-key pinning."""
