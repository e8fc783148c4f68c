"""Live console attach (F-CON): routes to serial consoles, holds, and the attach itself."""
