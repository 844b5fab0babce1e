"""Normalising a text (with the map back to the original) and cutting it into units."""
