"""The demo data of `seed_demo`, one module per app it fills."""
