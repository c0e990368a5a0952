"""The comment thread of one obligation, with a form to add one; `@name` mentions a person, who
then finds the comment under "Til dig" on the Workshop page. Used by the Workshop page and the
register's details."""

from __future__ import annotations

import streamlit as st

from handover.domain.access import AccessDeniedError, Action
from handover.domain.model import Person
from handover.domain.workshop import mentions
from handover.store import guarded, queries, workshops
from handover.store.database import Database
from handover.store.guarded import InvalidChangeError
from handover.ui.access import identity
from handover.ui.editing import can, show_denied, show_problems
from handover.ui.i18n import plain, t


def _people(db: Database) -> list[Person]:
    frame = queries.people(db)
    return [
        Person(id=pid, name=name, title=title, organisation=org or "?", email=email or "")
        for pid, name, title, org, email in zip(
            frame["id"],
            frame["name"].fillna(""),
            frame["title"].fillna(""),
            frame["organisation_id"],
            frame["email"].fillna(""),
            strict=True,
        )
        if name or title
    ]


def thread(db: Database, obligation_id: str, *, key: str) -> None:
    labels = queries.people_labels(db)
    st.markdown(f"**{t('workshop.comments')}**")
    said = db.remember(("comments", obligation_id), lambda: workshops.comments(db, obligation_id))
    if not said:
        st.caption(t("workshop.no_comments"))
    for comment in said:
        named = ", ".join(labels.get(p, p) for p in comment["mentions"])
        when = comment["created_at"].strftime("%d.%m.%Y %H:%M")
        line = f"**{plain(comment['author'])}** ({when}): {plain(comment['text'])}"
        if named:
            line += f"  \n_{plain(t('workshop.mentions', names=named))}_"
        st.markdown(line)
    who = identity()
    if who is None or not can(Action.COMMENT):
        return
    with st.form(f"comment_{key}", clear_on_submit=True):
        text_value = st.text_area(
            t("workshop.comment"),
            max_chars=4000,
            key=f"comment_text_{key}",
            help=t("workshop.comment_help"),
        )
        if st.form_submit_button(t("workshop.send")):
            try:
                guarded.add_comment(
                    db, who, obligation_id, text_value, mentions(text_value, _people(db))
                )
            except AccessDeniedError as error:
                show_denied(error)
            except InvalidChangeError as error:
                show_problems(error.problems)
            else:
                st.rerun()
