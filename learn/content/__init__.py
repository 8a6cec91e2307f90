"""The content model: module folders parsed once into validated, immutable objects.

Both players, the Flask platform and the SCORM exporter, render from these objects.
"""
