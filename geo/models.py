"""Every table, in one metadata: Alembic and the drift test read it from here.

Each domain keeps its tables in its own `models` module; code imports them from there."""

from __future__ import annotations

from geo.accounts.models import Association, AuditEntry, AuthSession, LoginThrottle, User
from geo.alerts.models import Alert
from geo.base import Base
from geo.directory.models import (
    Campaign,
    CampaignLink,
    OpeningInterval,
    OpeningSchedule,
    Service,
    Suggestion,
)
from geo.imports.models import ImportJob
from geo.library.models import InfoReview, LocalPage
from geo.planning.models import PlanJob, WeekPlan
from geo.reports.models import (
    INDICATORS,
    REPORT_COUNTS,
    ReferralCount,
    RoundReport,
    StatsCount,
    StockMovement,
    StockThreshold,
    ZoneReport,
)
from geo.streets.models import RoadArea, RoadEdge
from geo.zones.models import Team, Zone

__all__ = [
    "Alert",
    "Campaign",
    "CampaignLink",
    "Suggestion",
    "InfoReview",
    "LocalPage",
    "Association",
    "AuditEntry",
    "AuthSession",
    "Base",
    "INDICATORS",
    "ImportJob",
    "LoginThrottle",
    "OpeningInterval",
    "OpeningSchedule",
    "PlanJob",
    "REPORT_COUNTS",
    "ReferralCount",
    "RoadArea",
    "RoadEdge",
    "RoundReport",
    "Service",
    "StatsCount",
    "StockMovement",
    "StockThreshold",
    "Team",
    "User",
    "WeekPlan",
    "Zone",
    "ZoneReport",
]
