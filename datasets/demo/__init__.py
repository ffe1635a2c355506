"""The bundled demo dataset: OpenStreetMap services around Monaco, fictitious ones, national lines."""
