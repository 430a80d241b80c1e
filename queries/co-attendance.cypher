// name: co-attendance
// description: Pairs of people who took part in the same events, with the number of
//   distinct events they share (any role), at least min.
// param min: int = 1 - the smallest number of shared events to report
// keys: person_a, person_b, events
// values: person_a < person_b (names, code point order); events = int.
// order: events desc, person_a, person_b
MATCH (a:Person)-[:PARTICIPATED_IN]->(e:Event)<-[:PARTICIPATED_IN]-(b:Person)
WHERE a.name < b.name
WITH a.name AS person_a, b.name AS person_b, count(DISTINCT e) AS events
WHERE events >= $min
RETURN person_a, person_b, events
ORDER BY events DESC, person_a, person_b
