// name: timeline
// description: A person's record in date order, one list: each post held (first and
//   last attested dates) and each event taken part in (date, roles).
// param person: str - the person's name (or model id)
// keys: date, last_date, kind, label, type, roles, event
// values: kind = "post" or "event"; date = a post's first attested date or an event's
//   date (ISO string or null); last_date = a post's last attested date (null for an
//   event); label = the post as written (organization + title, 青山区委书记) or the
//   event's label; type = the event's type (null for a post); roles = the person's roles
//   at the event (a sorted list, empty for a post); event = the event's model id (null
//   for a post).
// order: date (missing first), kind, label, event
// lists: roles
OPTIONAL MATCH (p:Person)-[h:HOLDS]->(q:Post)
WHERE p.name = $person OR p.id = $person
WITH q.org AS org, q.title AS title, min(h.first_date) AS first_date, max(h.last_date) AS last_date
WITH collect(CASE WHEN org IS NULL THEN null ELSE
  {date: first_date, last_date: last_date, kind: 'post', label: org + title, type: null, roles: [], event: null} END) AS posts
OPTIONAL MATCH (p:Person)-[x:PARTICIPATED_IN]->(e:Event)
WHERE p.name = $person OR p.id = $person
WITH posts, e, collect(DISTINCT x.role) AS roles
WITH posts, collect(CASE WHEN e IS NULL THEN null ELSE
  {date: e.date, last_date: null, kind: 'event', label: e.label, type: e.type, roles: roles, event: e.id} END) AS events
UNWIND posts + events AS r
WITH r
RETURN r.date AS date, r.last_date AS last_date, r.kind AS kind, r.label AS label, r.type AS type,
       r.roles AS roles, r.event AS event
ORDER BY coalesce(date, ''), kind, label, coalesce(event, '')
