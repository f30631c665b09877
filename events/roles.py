"""The editorial roles as groups with their permissions.

contributor: imports articles, writes drafts, cites, submits for review.
editor: what a contributor does, plus review, publish, request changes, retract.
administrator: everything, including accounts.

Used by the data migration (with its historical models) and by the test suite, whose
transactional tests flush the tables and so take the migration's groups with them.
"""

from django.apps import apps as django_apps
from django.contrib.auth.management import create_permissions

DRAFTING = {
    "events": [
        "source",
        "citation",
        "meeting",
        "participation",
        "delegation",
        "meetingtopic",
        "outcome",
        "topic",
        "place",
        "placename",
        "series",
        "correction",
    ],
    "people": ["person", "position", "organization"],
}
READING = {"events": ["transition", "gazetteerentry"], "people": ["country"]}


def codenames(app_models, actions):
    return [(app, f"{action}_{model}") for app, models in app_models.items() for model in models for action in actions]


ROLES = {
    "contributor": codenames(DRAFTING, ["add", "change", "view"])
    + codenames(READING, ["view"])
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
    # The desk's gazetteer: editors extend and correct it.
    ("events", "add_gazetteerentry"),
    ("events", "change_gazetteerentry"),
    ("events", "delete_gazetteerentry"),
    # Names and their spellings: a change reaches public search at once, with no second approval.
    *codenames({"events": ["spelledname", "spelling"]}, ["add", "change", "delete", "view"]),
]


def create_roles(apps=django_apps, schema_editor=None):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, perms in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, codename in perms:
            # A model added after a migration that runs this has no permission yet: a later migration adds it.
            if permission := Permission.objects.filter(content_type__app_label=app_label, codename=codename).first():
                group.permissions.add(permission)
    administrator, _ = Group.objects.get_or_create(name="administrator")
    administrator.permissions.set(Permission.objects.all())


def remove_roles(apps=django_apps, schema_editor=None):
    apps.get_model("auth", "Group").objects.filter(name__in=["contributor", "editor", "administrator"]).delete()
