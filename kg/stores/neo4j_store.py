"""The Cypher store on a real Neo4j 5, through the official driver.

Same statements as FalkorDB (``kg.stores.cypher``); only the schema (named ``IF NOT
EXISTS`` constraints and indexes from ``schema/neo4j.cypher``) and ``clear()`` differ.
Connection settings come from the arguments or ``NEO4J_URI``, ``NEO4J_USER``,
``NEO4J_PASSWORD``; the password is never written to the workspace config.
"""

from __future__ import annotations

import os
from typing import Any

import neo4j
from neo4j.exceptions import AuthError, ConfigurationError, DriverError, Neo4jError, ServiceUnavailable

from kg.errors import StoreError
from kg.stores.base import register
from kg.stores.cypher import CypherStore, neo4j_schema


def _message(err: Exception) -> str:
    text = getattr(err, "message", None) or str(err) or type(err).__name__
    return text.strip().splitlines()[0]


@register("neo4j")
class Neo4jStore(CypherStore):
    """Neo4j through ``driver.execute_query`` (managed transactions, retried by the driver)."""

    def __init__(self, uri: str | None = None, user: str | None = None, password: str | None = None, *,
                 database: str | None = None, schema: bool = True, connection_timeout: float = 10.0):
        self.uri = uri or os.environ.get("NEO4J_URI")
        if not self.uri:
            raise StoreError("no Neo4j URI: pass --neo4j URI or set NEO4J_URI")
        self.user = user or os.environ.get("NEO4J_USER", "neo4j")
        password = password if password is not None else os.environ.get("NEO4J_PASSWORD", "")
        self.database = database or os.environ.get("NEO4J_DATABASE") or None
        try:
            self.driver = neo4j.GraphDatabase.driver(self.uri, auth=(self.user, password),
                                                     connection_timeout=connection_timeout)
        except (ConfigurationError, ValueError) as err:
            raise StoreError(f"bad Neo4j URI {self.uri!r}: {_message(err)}") from None
        try:
            self.driver.verify_connectivity()
        except AuthError:
            self.driver.close()
            raise StoreError(f"Neo4j at {self.uri} refused user {self.user!r}: wrong user or password "
                             "(set NEO4J_USER / NEO4J_PASSWORD)") from None
        except (ServiceUnavailable, DriverError, Neo4jError, OSError) as err:
            self.driver.close()
            raise StoreError(f"cannot reach Neo4j at {self.uri}: {_message(err)}") from None
        if schema:
            for statement in neo4j_schema():
                self._run(statement)

    def _run(self, text: str, params: dict[str, Any] | None = None, *, read_only: bool = False,
             timeout: float | None = None) -> list[dict[str, Any]]:
        # READ access: the server refuses a write in the transaction (AccessMode)
        routing = neo4j.RoutingControl.READ if read_only else neo4j.RoutingControl.WRITE
        query = neo4j.Query(text, timeout=timeout) if timeout else text
        try:
            records, _summary, _keys = self.driver.execute_query(query, params or {}, database_=self.database,
                                                                 routing_=routing)
        except AuthError:
            raise StoreError(f"Neo4j at {self.uri} refused user {self.user!r}: wrong user or password") from None
        except Neo4jError as err:
            if read_only and "AccessMode" in (getattr(err, "code", "") or ""):
                raise StoreError("kg cypher runs read-only: this query writes; pass --write to run it anyway") from None
            raise StoreError(f"Neo4j: {_message(err)}") from None
        except (ServiceUnavailable, DriverError, OSError) as err:
            raise StoreError(f"lost the Neo4j connection to {self.uri}: {_message(err)}") from None
        return [r.data() for r in records]

    def clear(self) -> None:
        """Delete everything in batches (one huge DETACH DELETE can exhaust the heap)."""
        while self._run("MATCH (n) WITH n LIMIT 10000 DETACH DELETE n RETURN count(*) AS n")[0]["n"]:
            pass

    def close(self) -> None:
        self.driver.close()
