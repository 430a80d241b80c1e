"""The RDF side, next to the Cypher store (``kg.stores.cypher``):

- ``mapping``: extraction records -> quads (the vocabulary of ``schema/kg.ttl``), one
  named graph per article plus the entities graph;
- ``queries``: named SPARQL queries, safe parameter binding, result terms as Python values;
- ``store``: the stores, an embedded Oxigraph (``OxigraphStore``) or any SPARQL 1.1
  server (``SparqlEndpointStore``), registered as "oxigraph" and "sparql";
- ``export``: the store as Turtle, N-Triples, JSON-LD or TriG, validated with SHACL first.
"""

from kg.stores.rdf.store import OxigraphStore, SparqlEndpointStore

__all__ = ["OxigraphStore", "SparqlEndpointStore"]
