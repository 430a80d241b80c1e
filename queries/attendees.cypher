// name: attendees
// description: Everyone (people and organizations) at an event, with roles, in order
//   of mention.
// param event: str - the event's model id or its label
// keys: person, kind, role, order, evidence
// values: person = participant name; kind = "person" or "organization"; order = the
//   smallest mention order (int); evidence = the smallest evidence sentence.
// order: order, role, person
MATCH (e:Event)
WHERE e.id = $event OR e.label = $event
MATCH (a)-[x:PARTICIPATED_IN]->(e)
WITH a, x.role AS role, min(x.order) AS ord, min(x.sentence) AS evidence
RETURN a.name AS person, toLower(labels(a)[0]) AS kind, role, ord AS `order`, evidence
ORDER BY `order`, role, person
