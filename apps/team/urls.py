from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from apps.team import accept, views

app_name = "team"

urlpatterns = [
    path("settings/team/", views.team, name="team"),
    path("settings/team/invite/", views.invite, name="invite"),
    path("settings/team/invitations/<int:invitation_id>/revoke/", views.revoke, name="revoke"),
    path("settings/team/members/<int:user_id>/role/", views.change_role, name="role"),
    path("settings/team/members/<int:user_id>/active/", views.set_active, name="active"),
    path("settings/team/members/<int:user_id>/password-reset/", views.password_reset,
         name="password_reset"),
    path("settings/team/members/<int:user_id>/sessions/end/", views.end_sessions,
         name="end_sessions"),
    path("settings/team/members/<int:user_id>/two-factor/reset/", views.reset_2fa,
         name="reset_2fa"),
    # Outside the login wall: the invitee and the member resetting a password have no session.
    path("accounts/invitation/<str:token>/", accept.accept, name="accept"),
    path("accounts/reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(
        template_name="team/reset_confirm.html", success_url=reverse_lazy("team:reset_done"),
    ), name="reset_confirm"),
    path("accounts/reset/done/", auth_views.PasswordResetCompleteView.as_view(
        template_name="team/reset_done.html"), name="reset_done"),
]
