"""The RDF side, next to the Cypher store (``kg.stores.cypher``):

- ``iris``: namespaces, prefixes, and the IRIs minted from model ids;
- ``mapping``: extraction records -> quads (the vocabulary of ``schema/kg.ttl``), one
  named graph per article plus the entities graph;
- ``queries``: named SPARQL queries, safe parameter binding, result terms as Python values;
- ``store``: what the stores share (``SparqlStore``); ``oxigraph``: the embedded store
  (``OxigraphStore``); ``endpoint``: any SPARQL 1.1 server (``SparqlEndpointStore``),
  registered as "oxigraph" and "sparql";
- ``export``: the store as Turtle, N-Triples, JSON-LD or TriG, validated with SHACL first.
"""

from kg.stores.rdf.endpoint import SparqlEndpointStore
from kg.stores.rdf.oxigraph import OxigraphStore

__all__ = ["OxigraphStore", "SparqlEndpointStore"]
