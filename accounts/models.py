import rules
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.functional import cached_property

from accounts.choices import Role, Sector


class Region(models.Model):
    """A commissioning region: the HMPPS probation regions of England, and Wales."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Organisation(models.Model):
    name = models.CharField(max_length=200)
    sector = models.CharField(max_length=20, choices=Sector.choices)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="organisations")
    # A student may name an organisation that is not in the list yet; a course administrator
    # confirms it before it is offered to others.
    is_confirmed = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"), "region", name="organisation_unique_name_per_region"
            ),
            models.CheckConstraint(
                condition=models.Q(sector__in=Sector.values), name="organisation_sector_valid"
            ),
        ]

    def __str__(self):
        return self.name


class UserManager(BaseUserManager):
    use_in_migrations = True

    def normalize_email(self, email):
        return (email or "").strip().lower()

    def get_by_natural_key(self, email):
        return self.get(email__iexact=self.normalize_email(email))

    def create_user(self, email, password=None, **fields):
        user = self.model(email=self.normalize_email(email), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in. Email is the login, compared without regard to case."""

    email = models.EmailField("email address", max_length=254, unique=True)
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    certificate_name = models.CharField(
        "name on certificate",
        max_length=200,
        help_text="Your name exactly as it should appear on an IMH Certificate.",
    )
    is_active = models.BooleanField(
        default=True, help_text="Off until a self-registered student confirms their email."
    )
    is_staff = models.BooleanField(default=False, help_text="May sign in to the admin site.")
    date_joined = models.DateTimeField(default=timezone.now)
    email_confirmed_at = models.DateTimeField(null=True, blank=True)
    erased_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the personal data was anonymised (on request or by the retention rules).",
    )
    commissioned_regions = models.ManyToManyField(
        Region,
        blank=True,
        related_name="commissioners",
        help_text="For commissioners: the regions whose reports they may download.",
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["given_name", "family_name", "certificate_name"]

    class Meta:
        ordering = ["family_name", "given_name"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ignoring_case"),
        ]

    def __str__(self):
        return f"{self.full_name} <{self.email}>"

    def clean(self):
        super().clean()
        self.email = type(self).objects.normalize_email(self.email)

    @property
    def full_name(self):
        return f"{self.given_name} {self.family_name}".strip()

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.given_name

    @cached_property
    def roles(self):
        """The names of this user's role groups (one query, then cached on the instance)."""
        return frozenset(self.groups.values_list("name", flat=True))

    def has_role(self, role: Role):
        return role in self.roles

    def has_perm(self, perm, obj=None):
        """A permission the portal's rules define holds for a superuser only where the rule
        says so: Django's shortcut (a superuser has every permission) would let one read a
        student's draft or a blind script's name. Django's model permissions keep it."""
        if rules.perm_exists(perm):
            return self.is_active and rules.has_perm(perm, self, obj)
        return super().has_perm(perm, obj)
