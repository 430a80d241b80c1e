// name: holders
// description: Who holds posts of an organization and/or with a title (exact match;
//   give either or both, none lists every holding).
// param org: str = null - organization name, exact
// param title: str = null - post title, exact (书记, 区长, ...)
// keys: person, org, title, first_date, last_date
// values: person = name; dates = ISO strings or null (min/max over attestations).
// order: org, title, person
MATCH (p:Person)-[h:HOLDS]->(q:Post)
WHERE ($org IS NULL OR q.org = $org) AND ($title IS NULL OR q.title = $title)
WITH p.name AS person, q.org AS org, q.title AS title,
     min(h.first_date) AS first_date, max(h.last_date) AS last_date
RETURN person, org, title, first_date, last_date
ORDER BY org, title, person
