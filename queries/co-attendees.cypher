// name: co-attendees
// description: Who took part in the same events as a person, most shared events first,
//   with the count and the shared events.
// param person: str - the person's name (or model id)
// param min: int = 1 - the smallest number of shared events to report
// keys: person, events, shared_events
// values: person = the co-attendee's name; events = int, distinct events shared (any
//   role on either side); shared_events = "DATE LABEL" per event ("LABEL" when undated),
//   distinct strings in a sorted list, so dated events come in date order.
// order: events desc, person
// lists: shared_events
MATCH (p:Person)-[:PARTICIPATED_IN]->(e:Event)<-[:PARTICIPATED_IN]-(o:Person)
WHERE (p.name = $person OR p.id = $person) AND o <> p AND o.name <> p.name
WITH DISTINCT o.name AS person, e
WITH person, count(e) AS events, collect(DISTINCT coalesce(e.date + ' ', '') + e.label) AS shared_events
WHERE events >= $min
RETURN person, events, shared_events
ORDER BY events DESC, person
