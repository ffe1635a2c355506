"""Open data for GIS partners and data hubs, read from the views of the schema `opendata`
through a role that can read nothing else: OGC API Features items, vector tiles of the
services, and the changes feed (HSDS records and tombstones)."""
