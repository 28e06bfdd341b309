"""Routes of the transfer domain."""
