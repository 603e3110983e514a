"""Helpers for the nginx / FastCGI integration tests: a generated nginx
configuration run as the current user, and a minimal FastCGI client."""
