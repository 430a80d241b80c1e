"""Stores behind one small interface, registered by name (rdflib's plugin registry is the
model): ``register("falkordb")(FalkorStore)``, then ``open_store("falkordb", ...)``."""

from kg.stores.base import GraphStore, available, open_store, register

__all__ = ["GraphStore", "available", "open_store", "register"]
