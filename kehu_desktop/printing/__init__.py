"""ReportLab layouts (PDF bytes from service dataclasses), printer profiles, spoolers. No Qt."""
