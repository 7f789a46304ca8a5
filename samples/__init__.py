"""Sample application packets, generated reproducibly from declared ground truths (see samples/README.md)."""
