"""Sending a verification campaign's links by e-mail, through the SMTP server named in the
settings, in batches that are recorded as they go (a worker stopped halfway resends none)."""

from __future__ import annotations

import asyncio
import logging
import smtplib
import uuid
from datetime import UTC, datetime
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

from api.security import secret
from api.settings import Settings
from geo.db import Database
from geo.directory import campaigns
from web.campaign_mail import campaign_message

logger = logging.getLogger(__name__)
BATCH = 100


def _send(settings: Settings, messages: list[EmailMessage]) -> None:
    """Send messages over one SMTP connection (blocking: run it in a thread)."""
    assert settings.smtp_url is not None
    url = urlsplit(settings.smtp_url)
    host, port = url.hostname or "127.0.0.1", url.port
    server: smtplib.SMTP
    if url.scheme == "smtps":
        server = smtplib.SMTP_SSL(host, port or 465, timeout=30)
    else:
        server = smtplib.SMTP(host, port or 25, timeout=30)
    with server:
        if url.scheme == "smtp":
            server.ehlo()
            if server.has_extn("starttls"):
                server.starttls()
                server.ehlo()
        if url.username:
            server.login(unquote(url.username), unquote(url.password or ""))
        for message in messages:
            server.send_message(message)


async def mail_campaign(
    database: Database, settings: Settings, *, campaign_id: uuid.UUID, reminder: bool
) -> int:
    """E-mail a campaign's links not sent yet (or, as a reminder, those not answered);
    return how many were sent."""
    if settings.smtp_url is None:
        return 0
    key = secret(settings)
    async with database.instance() as session:
        summary = await campaigns.summary(session, campaign_id)
        due = await campaigns.to_mail(
            session, campaign_id, reminder=reminder, now=datetime.now(UTC)
        )
    sent = 0
    for start in range(0, len(due), BATCH):
        batch = [link for link in due[start : start + BATCH] if link.email]
        messages = [
            campaign_message(
                sender=settings.mail_from,
                to=link.email or "",
                service=link.name,
                campaign=summary.title,
                url=settings.public_url + campaigns.link_path(key, link, campaign_id),
                expires=summary.expires_at,
                reminder=reminder,
            )
            for link in batch
        ]
        await asyncio.to_thread(_send, settings, messages)
        async with database.instance() as session:
            await campaigns.mark_sent(session, [x.id for x in batch], reminder=reminder)
            await session.commit()
        sent += len(batch)
    logger.info("campaign mail: %d sent%s", sent, " (reminders)" if reminder else "")
    return sent
