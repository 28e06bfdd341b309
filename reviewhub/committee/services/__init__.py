"""Committee services: settings and members, chairs' assignments, meta-reviews, console actions."""
