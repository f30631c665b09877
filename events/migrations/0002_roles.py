"""The editorial roles as groups with their permissions.

contributor: imports articles, writes drafts, cites, submits for review.
editor: what a contributor does, plus review, publish, request changes, retract.
administrator: everything, including accounts.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

DRAFTING = {
    "events": ["source", "citation", "meeting", "participation", "delegation", "meetingtopic", "outcome",
               "topic", "place", "placename", "series", "correction"],
    "people": ["person", "position", "organization"],
}
READING = {"events": ["transition"], "people": ["country"]}


def codenames(app_models, actions):
    return [(app, f"{action}_{model}") for app, models in app_models.items() for model in models for action in actions]


ROLES = {
    "contributor": codenames(DRAFTING, ["add", "change", "view"]) + codenames(READING, ["view"])
    + [("events", f"delete_{m}") for m in ["citation", "participation", "delegation", "meetingtopic", "outcome"]]
    + [("people", "delete_position")],
}
ROLES["editor"] = ROLES["contributor"] + [
    ("events", "review_meeting"),
    ("people", "review_person"),
    ("events", "delete_meeting"),
    ("events", "delete_source"),
    ("people", "delete_person"),
    ("events", "delete_topic"),
    ("events", "delete_correction"),
]


def create_roles(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, perms in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, codename in perms:
            group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    administrator, _ = Group.objects.get_or_create(name="administrator")
    administrator.permissions.set(Permission.objects.all())


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["contributor", "editor", "administrator"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("people", "0001_initial"),
        ("events", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
