"""The API's renderers: JSON through orjson, and CSV for researchers who work in spreadsheets."""

import csv
import io

import orjson
from rest_framework.renderers import BaseRenderer, JSONRenderer

# A cell beginning with one of these is run as a formula by spreadsheet programs
# (OWASP "CSV injection"); prefixing a quote makes it plain text again.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


class FastJSONRenderer(JSONRenderer):
    """DRF's compact JSON, encoded by orjson: a meetings page is about 250 KB, and the standard
    library's encoder took 4–5 ms of each request for it (orjson well under one).

    Same bytes as JSONRenderer: UTF-8 unescaped, no spaces, U+2028/U+2029 escaped for
    embedding in a script; anything orjson does not know natively (Decimal, lazy
    translations, datetimes, which DRF writes with "Z") goes through DRF's own encoder.
    Indented output (the browsable API, `; indent=`) is left to JSONRenderer.
    """

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        if self.get_indent(accepted_media_type, renderer_context or {}):
            return super().render(data, accepted_media_type, renderer_context)
        content = orjson.dumps(data, default=self.encoder_class().default, option=orjson.OPT_PASSTHROUGH_DATETIME)
        return content.replace("\u2028".encode(), b"\\u2028").replace("\u2029".encode(), b"\\u2029")


class CSVRenderer(BaseRenderer):
    """Renders the `results` of a page with the view's `csv_columns`: [(header, function of one record)].

    Errors (which have no `results`) are rendered as a two-column CSV of their fields,
    so a spreadsheet still shows the message.
    """

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        renderer_context = renderer_context or {}
        view = renderer_context.get("view")
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        if isinstance(data, dict) and "results" in data and getattr(view, "csv_columns", None):
            writer.writerow([header for header, _ in view.csv_columns])
            for record in data["results"]:
                writer.writerow([neutralise(value(record)) for _, value in view.csv_columns])
        elif isinstance(data, dict):
            writer.writerow(["field", "value"])
            for key, value in data.items():
                writer.writerow([neutralise(key), neutralise(value)])
        response = renderer_context.get("response")
        if response is not None and response.status_code == 200 and view is not None:
            name = getattr(view, "basename", None) or "export"
            response["Content-Disposition"] = f'inline; filename="{name}.csv"'
        return out.getvalue().encode(self.charset)
