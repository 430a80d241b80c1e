"""Loaders: one module per input format, all yielding ``kg.model.Article``.

Contract (the pipeline's load + segment stages):

``load_inputs(inputs, *, publication=None) -> Iterator[Article | Rejected]``
    ``inputs`` are paths (files or directories, walked recursively in sorted order) or
    ``"-"`` for stdin. Each article comes out as an ``Article`` whose ``text`` is the
    article body exactly as decoded from the source (evidence spans index into it);
    anything unusable comes out as a ``kg.errors.Rejected`` naming file and line, and
    loading goes on with the rest.
"""
