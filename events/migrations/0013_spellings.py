"""Names and their spellings, which search treats as one (events/models/spellings.py); editors keep them."""

import django.db.models.deletion
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

EDITOR_PERMISSIONS = [f"{action}_{model}" for model in ("spelledname", "spelling") for action in ("add", "change", "delete", "view")]


def grant_editors(apps, schema_editor):
    """Editors keep the spellings: their changes reach public search at once, with no second approval."""
    app_config = apps.get_app_config("events")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    editor = apps.get_model("auth", "Group").objects.filter(name="editor").first()
    if editor is not None:
        permissions = apps.get_model("auth", "Permission").objects.filter(
            content_type__app_label="events", codename__in=EDITOR_PERMISSIONS
        )
        editor.permissions.add(*permissions)


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0012_search_index'),
        ('auth', '0012_alter_user_first_name_max_length'),
    ]

    operations = [
        migrations.CreateModel(
            name='SpelledName',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('label', models.CharField(help_text='How editors know this name, e.g. “Tokayev” or “Samarkand”.', max_length=100, unique=True)),
                ('note', models.CharField(blank=True, help_text='For other editors: whose name it is, or which place.', max_length=300)),
            ],
            options={
                'verbose_name': 'name and its spellings',
                'verbose_name_plural': 'names and their spellings',
                'ordering': ['label'],
            },
        ),
        migrations.CreateModel(
            name='Spelling',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('text', models.CharField(help_text='As it is written: “Тоқаев”, “Nur-Sultan”, “Oʻzbekiston”.', max_length=100)),
                ('script', models.CharField(choices=[('latin', 'Latin'), ('cyrillic', 'Cyrillic')], max_length=10)),
                ('key', models.CharField(db_index=True, editable=False, help_text='The text as search compares it (folded words).', max_length=200)),
                ('name', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='spellings', to='events.spelledname')),
            ],
            options={
                'ordering': ['name', 'script', 'text'],
                'constraints': [models.UniqueConstraint(fields=('name', 'key'), name='spelling_unique_in_name', violation_error_message='This name already has that spelling.'), models.CheckConstraint(condition=models.Q(('key', ''), _negated=True), name='spelling_has_words', violation_error_message='A spelling needs letters or digits.')],
            },
        ),
        migrations.RunPython(grant_editors, migrations.RunPython.noop),
    ]
