"""The lab: a simulated Solaris datacenter of real SSH servers on loopback."""
