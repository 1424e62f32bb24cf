"""The access policy: users, roles, classification, in one place."""
