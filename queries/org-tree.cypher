// name: org-tree
// description: The sub-organizations of an organization, transitively, each with its
//   direct parent and its depth below the given organization (1 = direct child).
// param org: str - the organization's name (or model id)
// keys: org, parent, depth
// values: org, parent = names; depth = int, the shortest distance.
// order: depth, org, parent
MATCH path = (s:Organization)-[:SUB_ORGANIZATION_OF*1..]->(root:Organization)
WHERE (root.name = $org OR root.id = $org) AND s <> root
WITH s, nodes(path)[1] AS p, min(length(path)) AS depth
RETURN s.name AS org, p.name AS parent, depth
ORDER BY depth, org, parent
