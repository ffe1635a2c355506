"""The prevention library's reviews and an instance's own local pages (guidelines V.A)."""
