from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts, organisations and regions"

    def ready(self):
        from accounts.roles import role_permissions_sync

        post_migrate.connect(
            role_permissions_sync, sender=self, dispatch_uid="accounts.role_permissions_sync"
        )
