"""The directory of referral services: categories, opening hours, drafts, and its queries."""
