"""The login panel that stands in front of every dashboard."""

import logging
from typing import Callable

import ipywidgets as widgets

from seiho.access import User, authenticate
from seiho.errors import SeihoError
from seiho.store import Store

log = logging.getLogger(__name__)


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

        self.user_id = widgets.Text(description="利用者ID", placeholder="例: cw001")
        self.password = widgets.Password(description="パスワード")
        self.submit = widgets.Button(description="ログイン", button_style="primary")
        self.message = widgets.HTML()
        self.submit.on_click(lambda _: self.log_in())
        self.password.continuous_update = False
        self.password.observe(lambda _: self.log_in(), names="value")

        heading = widgets.HTML(f'<div class="seiho-title">{title}</div><p>利用者IDとパスワードを入力してください。</p>')
        super().__init__([heading, self.user_id, self.password, self.submit, self.message])
        self.add_class("seiho-app")

    def log_in(self) -> None:
        """Check the entered login; on success show the app in place of the form."""
        # Enter in the password field and the button can both fire; log in once.
        if self.user is not None or not self.user_id.value or not self.password.value:
            return
        try:
            self.user = authenticate(self.store, self.user_id.value, self.password.value)
        except SeihoError as error:
            self.password.value = ""
            self.message.value = f'<p class="seiho-error">{error.message_ja}</p>'
            return

        log.info("user %s logged in to a dashboard", self.user.user_id)
        header = widgets.HTML(f'<p class="seiho-note">{self.user.display_name}（{self.user.role_label}）でログイン中</p>')
        try:
            app = self.build_app(self.user)
        except SeihoError as error:
            app = widgets.HTML(f'<p class="seiho-error">{error.message_ja}</p>')
        self.children = [header, app]
