"""The login panel shown in front of every dashboard."""

import html
import logging
import time
from typing import Callable

import ipywidgets as widgets

from seiho.access import User, authenticate
from seiho.errors import SeihoError
from seiho.store import Store, record_event

log = logging.getLogger(__name__)

# Seconds within which an empty-field click right after a failed login is
# taken as part of that attempt.
REPEAT_ATTEMPT_SECONDS = 1.0


class LoginGate(widgets.VBox):
    """Ask for a user id and password, then replace itself with the app.

    Args:
        store: the database holding the users.
        title: the dashboard's Japanese name, shown above the form.
        build_app: called with the logged-in ``User``; returns the app widget.
    """

    def __init__(self, store: Store, title: str, build_app: Callable[[User], widgets.Widget]):
        self.store = store
        self.build_app = build_app
        self.user: User | None = None
        self._failed_at = 0.0

        self.user_id = widgets.Text(description="利用者ID", placeholder="例: cw001")
        self.password = widgets.Password(description="パスワード")
        self.submit = widgets.Button(description="ログイン", button_style="primary")
        self.message = widgets.HTML()
        self.submit.on_click(lambda _: self.log_in(from_button=True))
        self.password.continuous_update = False
        self.password.observe(lambda _: self.log_in(), names="value")

        heading = widgets.HTML(f'<div class="seiho-title">{title}</div><p>利用者IDとパスワードを入力してください。</p>')
        self._form = [heading, self.user_id, self.password, self.submit, self.message]
        super().__init__(self._form)
        self.add_class("seiho-app")

    def log_in(self, from_button: bool = False) -> None:
        """Check the entered login; on success show the app in place of the form.

        An empty field gets a message only from the button: the password
        field also calls this when it is cleared after a failed login.
        """
        # Enter in the password field and the button can both fire; log in once.
        if self.user is not None:
            return
        if not self.user_id.value.strip() or not self.password.value:
            # A click on ログイン blurs the password field, which has already
            # tried this login and cleared the field; keep its message.
            just_failed = time.monotonic() - self._failed_at < REPEAT_ATTEMPT_SECONDS
            if from_button and not just_failed:
                self.message.value = '<p class="seiho-error">利用者IDとパスワードの両方を入力してください。</p>'
            return
        try:
            self.user = authenticate(self.store, self.user_id.value, self.password.value)
        except SeihoError as error:
            self._failed_at = time.monotonic()
            self.password.value = ""
            self.message.value = f'<p class="seiho-error">{error.message_ja}</p>'
            return

        log.info("user %s logged in to a dashboard", self.user.user_id)
        logout = widgets.Button(description="ログアウト", layout=widgets.Layout(width="8em"))
        logout.on_click(lambda _: self.log_out())
        header = widgets.HBox([
            widgets.HTML(f'<p class="seiho-note">{html.escape(self.user.display_name)}（{self.user.role_label}）でログイン中</p>'),
            logout,
        ])
        try:
            app = self.build_app(self.user)
        except SeihoError as error:
            app = widgets.HTML(f'<p class="seiho-error">{error.message_ja}</p>')
        self.children = [header, app]

    def log_out(self) -> None:
        """Drop the user and show the login form again."""
        if self.user is not None:
            with self.store.connect() as connection:
                record_event(connection, self.user.user_id, "logout")
        self.user = None
        self.user_id.value = ""
        self.password.value = ""
        self.message.value = '<p class="seiho-note">ログアウトしました。</p>'
        self.children = self._form
