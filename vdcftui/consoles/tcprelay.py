"""``python -m vdcftui.consoles.tcprelay HOST PORT``: a raw TCP console client.

What ``telnet HOST PORT`` does for a terminal-server port, without needing telnet:
it says ``Connected to HOST.``, then copies the terminal (in raw mode) to the port and
the port to the terminal until either side closes.
"""

from __future__ import annotations

import contextlib
import os
import selectors
import socket
import sys
import termios
import tty


def relay(sock: socket.socket, stdin: int, stdout: int) -> str:
    """Copy both ways until one side closes; returns which side did."""
    selector = selectors.DefaultSelector()
    selector.register(sock, selectors.EVENT_READ)
    selector.register(stdin, selectors.EVENT_READ)
    while True:
        for key, _ in selector.select():
            if key.fileobj is sock:
                data = sock.recv(4096)
                if not data:
                    return "remote"
                os.write(stdout, data)
            else:
                data = os.read(stdin, 4096)
                if not data:
                    return "local"
                sock.sendall(data)


def main(argv: list[str]) -> int:
    """Connect to ``argv[0]:argv[1]`` and relay; exit 1 if the connection fails."""
    host, port = argv[0], int(argv[1])
    try:
        sock = socket.create_connection((host, port), timeout=10)
    except OSError as exc:
        print(f"tcprelay: cannot connect to {host} port {port}: {exc.strerror or exc}", flush=True)
        return 1
    sock.settimeout(None)
    stdin, stdout = sys.stdin.fileno(), sys.stdout.fileno()
    saved = termios.tcgetattr(stdin) if os.isatty(stdin) else None
    os.write(stdout, f"Connected to {host}.\r\n".encode())
    try:
        if saved is not None:
            tty.setraw(stdin)
        closed_by = relay(sock, stdin, stdout)
    finally:
        if saved is not None:
            termios.tcsetattr(stdin, termios.TCSADRAIN, saved)
        with contextlib.suppress(OSError):
            sock.close()
    if closed_by == "remote":
        os.write(stdout, b"\r\nConnection closed by foreign host.\r\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
