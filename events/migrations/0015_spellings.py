"""Names and their spellings, which search treats as one (events/models/spellings.py); editors keep them."""

import django.db.models.deletion
from django.db import migrations, models

from events.roles import create_roles


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0014_search_index"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.CreateModel(
            name="SpelledName",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "label",
                    models.CharField(
                        help_text="How editors know this name, e.g. “Tokayev” or “Samarkand”.", max_length=100, unique=True
                    ),
                ),
                (
                    "note",
                    models.CharField(
                        blank=True, help_text="For other editors: whose name it is, or which place.", max_length=300
                    ),
                ),
            ],
            options={
                "verbose_name": "name and its spellings",
                "verbose_name_plural": "names and their spellings",
                "ordering": ["label"],
            },
        ),
        migrations.CreateModel(
            name="Spelling",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("text", models.CharField(help_text="As it is written: “Тоқаев”, “Nur-Sultan”, “Oʻzbekiston”.", max_length=100)),
                ("script", models.CharField(choices=[("latin", "Latin"), ("cyrillic", "Cyrillic")], max_length=10)),
                (
                    "key",
                    models.CharField(
                        db_index=True, editable=False, help_text="The text as search compares it (folded words).", max_length=200
                    ),
                ),
                (
                    "name",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="spellings", to="events.spelledname"
                    ),
                ),
            ],
            options={
                "ordering": ["name", "script", "text"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("name", "key"),
                        name="spelling_unique_in_name",
                        violation_error_message="This name already has that spelling.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("key", ""), _negated=True),
                        name="spelling_has_words",
                        violation_error_message="A spelling needs letters or digits.",
                    ),
                ],
            },
        ),
        migrations.RunPython(create_roles, migrations.RunPython.noop),  # editors keep the spellings
    ]
