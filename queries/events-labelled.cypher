// name: events-labelled
// description: The events that bear a label, each with its date, place, article and
//   number of participants: the candidates to choose from when a label names several
//   events (attendees --param event=LABEL asks for one of their ids then).
// param label: str - the event label, exact
// keys: event, label, type, date, location, article, participants
// values: event = the event's model id; date = ISO string or null; location = the
//   event's place as written (Event.location) or null; article = the title of the article reporting it; participants = int,
//   distinct people and organizations taking part.
// order: date (missing first), event
MATCH (e:Event)
WHERE e.label = $label
OPTIONAL MATCH (e)-[:REPORTED_IN]->(a:Article)
OPTIONAL MATCH (who)-[:PARTICIPATED_IN]->(e)
WITH e, min(a.title) AS article, count(DISTINCT who) AS participants
RETURN e.id AS event, e.label AS label, e.type AS type, e.date AS date, e.location AS location, article, participants
ORDER BY coalesce(date, ''), event
