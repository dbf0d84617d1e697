"""Protocol vocabulary shared by every room: event types, delivery methods, subject formats.

This room holds data only (no I/O, no checks, no servers), so reference servers, checks and
profiles can all import it without crossing room boundaries.
"""
