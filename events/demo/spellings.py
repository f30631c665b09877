"""Load names and their spellings (events.models.Spelling) from a JSON file: the demo's, or an editor's.

The file: {"names": [{"label": "Tokayev", "latin": ["Tokayev", …], "cyrillic": ["Токаев", …]}, …]}.
Loading adds what is missing and changes nothing an editor added or changed: run it again at will.
"""

from pathlib import Path

import orjson
from django.core.exceptions import ValidationError
from django.db import transaction

from ..models import SpelledName, Spelling

DEMO_SPELLINGS = Path(__file__).with_name("spellings.json")


class SpellingsError(ValueError):
    """The file cannot be loaded; the message says where."""


@transaction.atomic
def load_spellings(path=DEMO_SPELLINGS):
    """Add the names and spellings of the file at `path` that are missing; return how many spellings were added."""
    try:
        names = orjson.loads(Path(path).read_bytes())["names"]
    except (OSError, orjson.JSONDecodeError, KeyError, TypeError) as error:
        raise SpellingsError(f"{path}: not a file of names and spellings ({error}).") from error
    added = 0
    for entry in names:
        name, _ = SpelledName.objects.get_or_create(label=entry["label"])
        known = set(name.spellings.values_list("key", flat=True))
        for script in Spelling.Script.values:
            for text in entry.get(script, []):
                spelling = Spelling(name=name, text=text, script=script)
                try:
                    spelling.clean()
                except ValidationError as error:
                    raise SpellingsError(f"{path}: {entry['label']}: {'; '.join(error.messages)}") from error
                if spelling.key not in known:
                    spelling.save()
                    known.add(spelling.key)
                    added += 1
    return added
