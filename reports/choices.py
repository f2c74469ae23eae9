from django.db import models


class ReportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "Excel (XLSX)"
    PDF = "pdf", "PDF summary"


class FunnelGrouping(models.TextChoices):
    MODULE = "module", "Module"
    COHORT = "cohort", "Cohort"
    REGION = "region", "Region"
    SECTOR = "sector", "Sector"
    ORGANISATION = "organisation", "Organisation"
