from django.contrib.auth import views as auth_views
from django.urls import path

from apps.accounts import session_views, two_factor_manage, two_factor_views, views

app_name = "accounts"

urlpatterns = [
    # Throttled: too many failures for a username or from an address are refused for a while.
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    # Django's LogoutView only accepts POST: the header's "Log out" button is a form.
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("settings/api-key/", views.api_key, name="api_key"),
    path("settings/api-key/verify/", views.verify_api_key, name="api_key_verify"),
    path("settings/api-key/remove/", views.remove_api_key, name="api_key_remove"),
    path("settings/password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("settings/sessions/", session_views.sessions, name="sessions"),
    path("settings/two-factor/", two_factor_views.enrol, name="two_factor"),
    path("settings/two-factor/recovery-codes/", two_factor_manage.new_codes,
         name="two_factor_codes"),
    path("settings/two-factor/off/", two_factor_manage.turn_off, name="two_factor_off"),
    # The code step after the password (SecondFactorMiddleware sends every page here until then).
    path("accounts/two-factor/", two_factor_views.verify, name="two_factor_verify"),
    path("settings/sessions/<int:session_id>/end/", session_views.end_session,
         name="session_end"),
]
