"""The client's operations, one mixin per resource; IdentityCallClient (client.py) combines them.

Each method builds one call and parses its answer; the request itself, retries, logging and the
`on_write` hook belong to the core in client.py (`_get`, `_write`, `_delete`, `_list_all`).
"""
