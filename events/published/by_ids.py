"""Rows by lists of ids, in SQL written once: for the queries that nearly every page and API answer runs
(and the record state, `publish.record_state`).

Each list of ids is one parameter, so the statement's text is the same whatever the number of ids, and
nothing is compiled anew by the ORM for each call: most of the cost of a short query, in Python.
"""

import orjson
from django.db import connections, router


def rows(model, sql, *params, using=None):
    """The rows of `sql` on the database `using` names (None: the one the router reads `model` from).
    A parameter that is a collection (list, set, dict keys) binds an "IN %s" of `sql`: PostgreSQL reads
    `= ANY(array)`, SQLite the values of a JSON array; an empty one finds nothing, and nothing is asked.
    A string or a number binds as itself."""
    if any(not isinstance(value, str | int) and not value for value in params):
        return []
    connection = connections[using or router.db_for_read(model)]
    postgres = connection.vendor == "postgresql"
    sql = sql.replace(" IN %s", " = ANY(%s)" if postgres else " IN (SELECT value FROM json_each(%s))")
    params = [value if isinstance(value, str | int) else list(value) if postgres else orjson.dumps(list(value)).decode()
              for value in params]  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
