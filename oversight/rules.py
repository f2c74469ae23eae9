import rules

from accounts.rules import is_oversight_viewer

rules.add_perm("oversight.view_dashboard", is_oversight_viewer)
