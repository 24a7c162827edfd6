from django.db import connection


class QueryCountHeaderMiddleware:
    """Adds `X-Query-Count` (SQL queries run for the request) for the benchmark. Installed only
    when CRM_QUERY_COUNT_HEADER=1 (see settings), never by default."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        response["X-Query-Count"] = str(count)
        return response
