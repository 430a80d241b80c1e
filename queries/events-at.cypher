// name: events-at
// description: Events at a place or anywhere inside it (its sub-places, transitively:
//   北京 includes 人民大会堂, 人民大会堂北大厅 and 北京市朝阳区; 甘孜州 includes 康定市),
//   optionally between two dates, with the people who took part in each.
// param place: str - the place's name (北京市, 人民大会堂), else a name it goes by (北京, 甘孜州), or its model id
// param from: str = null - earliest date, YYYY-MM-DD (inclusive)
// param to: str = null - latest date, YYYY-MM-DD (inclusive)
// keys: event, label, type, date, location, places, people
// values: event = the event's model id; date = ISO string or null; location = the
//   event's place as the text states it (北京人民大会堂北大厅); places = the names of the
//   places it is LOCATED_AT inside the given one (a sorted list: 人民大会堂北大厅);
//   people = names of the persons who took part, any role (a sorted list, maybe empty).
// names: a place whose name is the given one is taken; only when none is, every place
//   that goes by it (Place.aliases: 北京 for 北京市) is.
// dates: from and to compare with the event's (start) date. A date that does not start
//   with four digits has no known year (XXXX-01-05: 5 January of some year): such an
//   event counts as undated, left out when from or to is given, listed when neither is.
// order: date (missing first), event
// lists: places, people
OPTIONAL MATCH (named:Place)
WHERE named.name = $place OR named.id = $place
WITH collect(named) AS by_name
OPTIONAL MATCH (aka:Place)
WHERE $place IN aka.aliases
WITH by_name, collect(aka) AS by_alias
UNWIND CASE WHEN size(by_name) > 0 THEN by_name ELSE by_alias END AS root
MATCH (p:Place)-[:PART_OF*0..]->(root)
WITH DISTINCT p
MATCH (e:Event)-[:LOCATED_AT]->(p)
WHERE ($from IS NULL AND $to IS NULL)
   OR (all(i IN range(0, 3) WHERE substring(e.date, i, 1) >= '0' AND substring(e.date, i, 1) <= '9')
       AND ($from IS NULL OR e.date >= $from) AND ($to IS NULL OR e.date <= $to))
WITH e, collect(DISTINCT p.name) AS places
OPTIONAL MATCH (who:Person)-[:PARTICIPATED_IN]->(e)
WITH e, places, collect(DISTINCT who.name) AS people
RETURN e.id AS event, e.label AS label, e.type AS type, e.date AS date, e.location AS location, places, people
ORDER BY coalesce(date, ''), event
