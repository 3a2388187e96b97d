"""Loopback fakes of each provider's documented HTTP protocol (see shared/providers.md)."""
