from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts, organisations and regions"

    def ready(self):
        from accounts.receivers import logged_in, login_failed
        from accounts.roles import role_permissions_sync

        post_migrate.connect(
            role_permissions_sync, sender=self, dispatch_uid="accounts.role_permissions_sync"
        )
        user_login_failed.connect(login_failed, dispatch_uid="accounts.login_failed")
        user_logged_in.connect(logged_in, dispatch_uid="accounts.logged_in")
