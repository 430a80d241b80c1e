// name: posts
// description: The posts a person held, with the first and last attested dates.
// param person: str - the person's name (or model id)
// keys: org, title, first_date, last_date
// values: org = the post's organization name; title = the post title; dates = ISO
//   strings (min/max over every attesting article) or null.
// order: first_date (missing first), org, title
MATCH (p:Person)-[h:HOLDS]->(q:Post)
WHERE p.name = $person OR p.id = $person
WITH q.org AS org, q.title AS title, min(h.first_date) AS first_date, max(h.last_date) AS last_date
RETURN org, title, first_date, last_date
ORDER BY coalesce(first_date, ''), org, title
