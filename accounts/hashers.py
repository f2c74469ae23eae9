"""Password hashing: argon2id with OWASP's recommended parameters (19 MiB of memory, two
passes, one lane). Django's defaults (100 MiB, eight lanes) cost about 0.6 s of a 2-core
server's CPU for every sign-in, most of what the server did under load; these keep the memory
hardness OWASP asks for at a fraction of it (bench/hashers.py). A password hashed with other
parameters is hashed again with these at its owner's next sign-in (Django's must_update)."""

from django.contrib.auth.hashers import Argon2PasswordHasher


class OwaspArgon2PasswordHasher(Argon2PasswordHasher):
    memory_cost = 19 * 1024  # KiB
    time_cost = 2
    parallelism = 1
