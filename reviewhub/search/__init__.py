"""Organizer search: a small query language (as HotCRP's) parsed by a pure parser and compiled
to SQL over an event's submissions."""
