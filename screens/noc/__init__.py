"""The NOC wall's read-only dashboards and the screen that cycles them."""
