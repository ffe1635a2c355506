"""The e-mail that carries a service's campaign link: in French (the structures of the
directory work in French), with the same words in English below."""

from __future__ import annotations

from datetime import datetime
from email.message import EmailMessage
from email.utils import make_msgid
from zoneinfo import ZoneInfo

_PARIS = ZoneInfo("Europe/Paris")


def campaign_message(
    *,
    sender: str,
    to: str,
    service: str,
    campaign: str,
    url: str,
    expires: datetime,
    reminder: bool,
) -> EmailMessage:
    """Return the message asking a service to confirm or correct its record."""
    until = expires.astimezone(_PARIS).strftime("%d/%m/%Y")
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Message-ID"] = make_msgid(domain="maraude.invalid")
    prefix = "Rappel : " if reminder else ""
    message["Subject"] = f"{prefix}vos informations sont-elles à jour ? — {service}"
    message.set_content(
        f"""Bonjour,

Le répertoire des services d'aide et de santé vers lesquels les équipes de réduction des
risques orientent les personnes vérifie ses fiches ({campaign}).

Votre fiche : {service}

Ouvrez ce lien pour confirmer qu'elle est juste, ou la corriger (horaires, fermetures, message
temporaire, téléphone, langues, conditions d'accès) :

{url}

Le lien est propre à votre service, sans compte ni mot de passe, utilisable une fois, jusqu'au
{until}. Il ne donne accès à rien d'autre. Si vous n'êtes pas la bonne personne, merci de le
transmettre à votre service.

Merci : une fiche juste évite à une personne de traverser la ville la nuit pour rien.

--
Is your information up to date? Open the link above to confirm your service's record or
correct it (hours, closures, a temporary message, phone, languages, conditions). The link is
for your service alone, needs no account, works once, until {until}.
"""
    )
    return message
