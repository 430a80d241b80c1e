"""Namespaces and IRIs of the RDF side: the configurable base, the prefixes, and the IRIs
minted from model ids (never from names or text), percent-encoded down to
``[A-Za-z0-9-_.]`` so that a hostile name or id cannot close an IRI or inject syntax."""

from __future__ import annotations

import hashlib
import re

from pyoxigraph import NamedNode

from kg.errors import KgError

DEFAULT_BASE = "https://kg.example.org/"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
OWL = "http://www.w3.org/2002/07/owl#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
SCHEMA = "https://schema.org/"
ORG = "http://www.w3.org/ns/org#"
SEM = "http://semanticweb.cs.vu.nl/2009/11/sem/"
PROV = "http://www.w3.org/ns/prov#"
OA = "http://www.w3.org/ns/oa#"
SH = "http://www.w3.org/ns/shacl#"

_BASE_RE = re.compile(r"^https?://[A-Za-z0-9.\-]+(:[0-9]+)?(/[A-Za-z0-9._~\-/]*)?/$")
_SAFE = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.")
_HASH_ID = re.compile(r"^[a-z]+:[0-9a-f]{8,64}$")


def prefixes(base: str = DEFAULT_BASE) -> dict[str, str]:
    """Prefix map used in serialisations and queries (``kg:`` follows the base IRI)."""
    return {
        "kg": ontology_ns(base),
        "schema": SCHEMA,
        "org": ORG,
        "sem": SEM,
        "prov": PROV,
        "oa": OA,
        "rdf": RDF,
        "rdfs": RDFS,
        "xsd": XSD,
        "skos": SKOS,
        "owl": OWL,
    }


def check_base(base: str) -> str:
    """Return ``base`` if it is a plain http(s) IRI ending in ``/``; raise ``KgError``.

    The base is spliced into IRIs and (for rebasing) into query and shape texts, so it is
    restricted to characters that cannot break any of those syntaxes.
    """
    if not isinstance(base, str) or not _BASE_RE.match(base):
        raise KgError(f"invalid base IRI {base!r}: expected http(s)://host/path/ ending in '/'")
    return base


def ontology_ns(base: str = DEFAULT_BASE) -> str:
    """Namespace of our own terms: ``<base>ontology#``."""
    return base + "ontology#"


_PLAIN = re.compile(r"[A-Za-z0-9\-_.]*")


def pct(text: str) -> str:
    """Percent-encode every byte of UTF-8 ``text`` outside ``[A-Za-z0-9-_.]``."""
    if _PLAIN.fullmatch(text):  # the common case (role and type names): nothing to encode
        return text
    return "".join(chr(b) if b in _SAFE else f"%{b:02X}" for b in text.encode("utf-8", "surrogatepass"))


def short_hash(*parts: object) -> str:
    """16 hex digits of SHA-1 over the exact parts (ids are already canonical)."""
    key = "\x1f".join(str(p) for p in parts)
    return hashlib.sha1(key.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def id_segment(model_id: str) -> str:
    """IRI path segment for a model id: the hash part of ``kind:hex``, else the id encoded."""
    if _HASH_ID.match(model_id):
        return model_id.split(":", 1)[1]
    return pct(model_id)


def entity_iri(kind: str, model_id: str, base: str = DEFAULT_BASE) -> NamedNode:
    """``<base>KIND/<segment>`` for a person, org, post or event id."""
    return NamedNode(f"{base}{kind}/{id_segment(model_id)}")


def article_iri(article_id: str, base: str = DEFAULT_BASE) -> NamedNode:
    return NamedNode(f"{base}article/{short_hash(article_id)}")


def graph_iri(article_id: str, base: str = DEFAULT_BASE) -> NamedNode:
    """The named graph holding every fact from article ``article_id``."""
    return NamedNode(f"{base}graph/{short_hash(article_id)}")


def entities_graph_iri(base: str = DEFAULT_BASE) -> NamedNode:
    """The named graph describing the shared nodes (persons, organizations, posts, titles)."""
    return NamedNode(f"{base}graph/entities")
