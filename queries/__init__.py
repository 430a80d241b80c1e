"""Named analyst queries, each as NAME.cypher and NAME.rq."""
