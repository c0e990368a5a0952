"""Who is using this session, and how they got in.

- Nothing configured: one local user, the facilitator, named in the history by the operating
  system's user name until they type another (the server binds to 127.0.0.1): nothing is
  read-only by surprise; clearing the name makes the session read-only.
- Role passwords configured (`[access]` in `.streamlit/secrets.toml`, or HANDOVER_PASSWORD_*
  in the environment, each an scrypt hash from `handover hash-password`): a sign-in form asks
  for the name, the role, for a participant who they are in the plan, and the role's password.
- OpenID Connect configured (`[auth]` in secrets.toml, Streamlit's `st.login`): the identity
  provider signs people in; `[access] facilitators` and `participants` list e-mail addresses,
  everyone else reads; the plan's person is found by e-mail.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import streamlit as st

from handover.domain.access import Identity, Role
from handover.domain.passwords import verify
from handover.store import queries
from handover.ui.i18n import plain, t

IDENTITY_KEY = "identity"
NAME_KEY = "editor_name"  # the local user's name (also what tests set)
_FAILED_KEY = "signin_failures"


@dataclass(frozen=True)
class AccessConfig:
    passwords: Mapping[Role, str] = field(default_factory=dict)  # role -> scrypt hash
    oidc: bool = False
    facilitators: frozenset[str] = frozenset()  # e-mail addresses (OIDC)
    participants: frozenset[str] = frozenset()

    @property
    def local(self) -> bool:
        return not self.passwords and not self.oidc


def _secrets() -> Mapping[str, Any]:
    try:
        return {key: st.secrets[key] for key in st.secrets}
    except Exception:  # no secrets.toml: Streamlit raises on first access
        return {}


def read_config(secrets: Mapping[str, Any], environ: Mapping[str, str]) -> AccessConfig:
    section = dict(secrets.get("access", {}) or {})
    passwords: dict[Role, str] = {}
    for role in Role:
        stored = environ.get(f"HANDOVER_PASSWORD_{role.value.upper()}") or section.get(
            f"{role.value}_password"
        )
        if stored:
            passwords[role] = str(stored)
    auth = secrets.get("auth")
    return AccessConfig(
        passwords=passwords,
        oidc=bool(auth),
        facilitators=frozenset(str(e).casefold() for e in section.get("facilitators", [])),
        participants=frozenset(str(e).casefold() for e in section.get("participants", [])),
    )


_CONFIG_KEY = "_access_config"


def config() -> AccessConfig:
    """The access settings, read once per session (a session keeps the rules it started with;
    a changed secrets.toml applies to sessions opened after it)."""
    found = st.session_state.get(_CONFIG_KEY)
    if isinstance(found, AccessConfig):
        return found
    settings = read_config(_secrets(), os.environ)
    st.session_state[_CONFIG_KEY] = settings
    return settings


def identity() -> Identity | None:
    """The signed-in identity, or None until someone has signed in (local: typed a name)."""
    settings = config()
    if settings.local:
        name = str(st.session_state.get(NAME_KEY, "") or "").strip()
        return Identity(name=name, role=Role.FACILITATOR) if name else None
    if settings.oidc and not settings.passwords:
        return _oidc_identity(settings)
    found = st.session_state.get(IDENTITY_KEY)
    return found if isinstance(found, Identity) else None


def _oidc_identity(settings: AccessConfig) -> Identity | None:
    user = st.user
    if not user.get("is_logged_in"):
        return None
    email = str(user.get("email") or "").casefold()
    role = (
        Role.FACILITATOR
        if email in settings.facilitators
        else Role.PARTICIPANT
        if email in settings.participants
        else Role.VIEWER
    )
    person = _person_by_email(email)
    return Identity(name=str(user.get("name") or email), role=role, person=person)


def _person_by_email(email: str) -> str | None:
    from handover.ui.db import database

    people = queries.people(database())
    matches = people[people["email"].str.casefold() == email] if email else people.iloc[0:0]
    return str(matches["id"].iloc[0]) if len(matches) == 1 else None


def sign_in(name: str, role: Role, password: str, person: str | None) -> Identity | None:
    """Check the role's password; on success remember the identity in this session."""
    stored = config().passwords.get(role, "")
    name = name.strip()
    if not name or not verify(password, stored):
        failures = int(st.session_state.get(_FAILED_KEY, 0)) + 1
        st.session_state[_FAILED_KEY] = failures
        time.sleep(min(0.25 * failures, 3.0))  # slows guessing; one session at a time
        return None
    st.session_state.pop(_FAILED_KEY, None)
    who = Identity(name=name, role=role, person=person if role is Role.PARTICIPANT else None)
    st.session_state[IDENTITY_KEY] = who
    return who


def sign_out() -> None:
    st.session_state.pop(IDENTITY_KEY, None)


def system_user() -> str:
    """The operating system's name for whoever runs the app ("" when it has none)."""
    import getpass

    try:
        return getpass.getuser().strip()[:80]
    except (KeyError, OSError, ImportError):  # no login name (some containers)
        return ""


def sidebar_box() -> None:
    """The sidebar: the local name field, or the sign-in form, or who is signed in."""
    settings = config()
    if settings.local:
        if NAME_KEY not in st.session_state:  # a fresh session: the local user, by name
            st.session_state[NAME_KEY] = system_user()
        st.sidebar.text_input(
            t("edit.who"), key=NAME_KEY, max_chars=80, placeholder=t("edit.who_placeholder")
        )
        return
    who = identity()
    if who is not None:
        role = t(f"access.role.{who.role.value}")
        st.sidebar.markdown(f"**{plain(who.name)}** · {role}")
        if settings.oidc and not settings.passwords:
            st.sidebar.button(t("access.sign_out"), on_click=st.logout, key="sign_out")
        else:
            st.sidebar.button(t("access.sign_out"), on_click=sign_out, key="sign_out")
        return
    if settings.oidc and not settings.passwords:
        st.sidebar.button(t("access.sign_in_oidc"), on_click=st.login, key="sign_in_oidc")
        return
    _password_form(settings)


def _password_form(settings: AccessConfig) -> None:
    from handover.ui.db import database

    roles = [role for role in Role if role in settings.passwords]
    with st.sidebar.form("sign_in", border=True):
        st.markdown(f"**{t('access.sign_in')}**")
        name = st.text_input(t("edit.who"), max_chars=80, key="signin_name")
        chosen = st.radio(
            t("access.role"),
            [role.value for role in roles],
            format_func=lambda value: t(f"access.role.{value}"),
            key="signin_role",
        )
        role = Role(chosen or roles[0].value)
        people = queries.people(database())
        labels = dict(
            zip(people["id"], people["label"] + " · " + people["organisation"], strict=True)
        )
        person = st.selectbox(
            t("access.person"),
            [None, *labels],
            format_func=lambda p: t("access.no_person") if p is None else labels[p],
            key="signin_person",
            help=t("access.person_help"),
        )
        password = st.text_input(t("access.password"), type="password", key="signin_password")
        if st.form_submit_button(t("access.sign_in"), type="primary"):
            if sign_in(name, role, password, person) is None:
                st.error(t("access.wrong"))
            else:
                st.rerun()
