"""Ontology, SHACL shapes, Cypher constraints and the extraction lexicons (data, not code)."""
