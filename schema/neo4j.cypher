// Neo4j 5 schema of the kg property graph (see kg/stores/cypher.py for the model).
// kg.stores.neo4j_store runs every statement on connect; all are idempotent.
// FalkorDB takes neither names nor IF NOT EXISTS nor CREATE CONSTRAINT: its
// equivalents are generated in kg.stores.cypher.falkordb_schema().

CREATE CONSTRAINT person_id IF NOT EXISTS FOR (n:Person) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT organization_id IF NOT EXISTS FOR (n:Organization) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT post_id IF NOT EXISTS FOR (n:Post) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT event_id IF NOT EXISTS FOR (n:Event) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT place_id IF NOT EXISTS FOR (n:Place) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT article_id IF NOT EXISTS FOR (n:Article) REQUIRE n.id IS UNIQUE;

// the named queries look people, organizations, events and places up by name or label
CREATE INDEX person_name IF NOT EXISTS FOR (n:Person) ON (n.name);
CREATE INDEX organization_name IF NOT EXISTS FOR (n:Organization) ON (n.name);
CREATE INDEX event_label IF NOT EXISTS FOR (n:Event) ON (n.label);
CREATE INDEX place_name IF NOT EXISTS FOR (n:Place) ON (n.name);

// replacing an article deletes its single-article facts by article_id
CREATE INDEX participated_in_article IF NOT EXISTS FOR ()-[x:PARTICIPATED_IN]-() ON (x.article_id);
CREATE INDEX located_at_article IF NOT EXISTS FOR ()-[x:LOCATED_AT]-() ON (x.article_id);
CREATE INDEX organized_by_article IF NOT EXISTS FOR ()-[x:ORGANIZED_BY]-() ON (x.article_id);
CREATE INDEX reported_in_article IF NOT EXISTS FOR ()-[x:REPORTED_IN]-() ON (x.article_id);
CREATE INDEX authored_article IF NOT EXISTS FOR ()-[x:AUTHORED]-() ON (x.article_id);
