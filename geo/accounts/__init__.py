"""Accounts: users with a role, argon2 passwords, and tokens (sessions, scripts, embeds)."""
