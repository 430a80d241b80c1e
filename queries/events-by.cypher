// name: events-by
// description: Events organised by an organization or any of its sub-organizations
//   (transitively, as org-tree lists them), optionally between two dates, with the
//   people who took part in each.
// param org: str - the organizer's name (or model id)
// param from: str = null - earliest date, YYYY-MM-DD (inclusive)
// param to: str = null - latest date, YYYY-MM-DD (inclusive)
// keys: event, label, type, date, organizer, people
// values: event = the event's model id; date = ISO string or null; organizer = the
//   name of the organization stated as organizer (the given one or a sub-organization);
//   people = names of the persons who took part, any role (a sorted list, maybe empty).
// dates: from and to compare with the event's (start) date. A date that does not start
//   with four digits has no known year (XXXX-01-05: 5 January of some year): such an
//   event counts as undated, left out when from or to is given, listed when neither is.
// order: date (missing first), event
// lists: people
MATCH (root:Organization)
WHERE root.name = $org OR root.id = $org
MATCH (o:Organization)-[:SUB_ORGANIZATION_OF*0..]->(root)
WITH DISTINCT o
MATCH (e:Event)-[:ORGANIZED_BY]->(o)
WHERE ($from IS NULL AND $to IS NULL)
   OR (all(i IN range(0, 3) WHERE substring(e.date, i, 1) >= '0' AND substring(e.date, i, 1) <= '9')
       AND ($from IS NULL OR e.date >= $from) AND ($to IS NULL OR e.date <= $to))
OPTIONAL MATCH (p:Person)-[:PARTICIPATED_IN]->(e)
WITH e, o, collect(DISTINCT p.name) AS people
RETURN e.id AS event, e.label AS label, e.type AS type, e.date AS date, o.name AS organizer, people
ORDER BY coalesce(date, ''), event
