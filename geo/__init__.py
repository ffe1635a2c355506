"""Data model, spatial queries and opening-hours evaluation for Maraude."""
