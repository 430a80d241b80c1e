// name: who-attended
// description: Every event a person took part in, one row per (event, role), with the
//   event's label, type, date, location (as the text states it) and one evidence sentence.
// param person: str - the person's name (or model id, e.g. person:1f3a...)
// keys: event, label, type, date, role, location, evidence
// values: event = the event's model id; date = ISO string (XXXX-MM-DD when the year
//   is unknown) or null; location = the event's place as written (Event.location; the
//   places it names are LOCATED_AT, see events-at) or null; evidence = the smallest (min) evidence sentence of that (event, role).
// order: date (missing dates first), event, role
MATCH (p:Person)-[x:PARTICIPATED_IN]->(e:Event)
WHERE p.name = $person OR p.id = $person
WITH e, x.role AS role, min(x.sentence) AS evidence
RETURN e.id AS event, e.label AS label, e.type AS type, e.date AS date, role, e.location AS location, evidence
ORDER BY coalesce(date, ''), event, role
