import secrets

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand, CommandError

ACCOUNTS = [
    ("contributor", "contributor"),
    ("editor", "editor"),
    ("editor2", "editor"),  # a second editor, so that four-eyes review can be tried alone
    ("admin", "administrator"),
]


class Command(BaseCommand):
    help = "Create (or reset) a demo account for each editorial role and print the passwords. DEBUG only."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo accounts are for development only: refused while DEBUG is off.")
        self.stdout.write("Demo accounts (passwords are new on every run):")
        for username, role in ACCOUNTS:
            password = secrets.token_urlsafe(9)
            user, _ = User.objects.get_or_create(username=username)
            user.is_staff = True
            user.is_superuser = role == "administrator"
            user.set_password(password)
            user.save()
            user.groups.set([Group.objects.get(name=role)])
            self.stdout.write(f"  {role:<13} {username:<12} {password}")
