import rules

from accounts.rules import is_report_viewer

rules.add_perm("reports.view_reports", is_report_viewer)
