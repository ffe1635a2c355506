"""The street network: imported roads, snapping, travel times and routes, the basemap."""
