"""The bundled demo dataset: OSM services near Monaco, fictitious ones, national lines."""
