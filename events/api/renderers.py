"""CSV for the API's lists: djangorestframework-csv's paginated renderer, with a header row in the
view's column order, an optional byte-order mark (`?bom=1`, for Excel) and formula neutralising."""

from rest_framework_csv.renderers import PaginatedCSVRenderer

BOM = "\ufeff".encode()
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A text cell a spreadsheet would run as a formula, made plain text (OWASP's advice)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class CSVRenderer(PaginatedCSVRenderer):
    """One row per record of the page, RFC 4180 (CRLF line ends, quotes doubled). Errors are rendered
    as JSON by the views, never here."""

    charset = "utf-8"
    writer_opts = {"lineterminator": "\r\n"}

    def render(self, data, media_type=None, renderer_context=None):
        renderer_context = renderer_context or {}
        if isinstance(data, dict) and "results" in data:
            data = {"results": [{key: neutralise(value) for key, value in row.items()} for row in data["results"]]}
        content = super().render(data, media_type, renderer_context)
        request = renderer_context.get("request")
        response = renderer_context.get("response")
        if response is not None and response.status_code == 200:
            response["Content-Disposition"] = f'inline; filename="{renderer_context.get("filename", "export.csv")}"'
        if request is not None and request.query_params.get("bom") == "1":
            content = BOM + content
        return content
