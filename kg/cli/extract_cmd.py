"""``kg extract``: run the pipeline on inputs and write gold-shaped or full JSON."""
