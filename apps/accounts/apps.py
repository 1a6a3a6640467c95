from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "apps.accounts"

    def ready(self):
        from django.contrib import messages
        from django.contrib.auth.signals import user_logged_out

        def say_goodbye(sender, request, user, **kwargs):
            # The message outlives the flushed session: the default storage tries a cookie first.
            # fail_silently: a logout outside a browser request (a test client's) has no messages.
            messages.info(request, "You are logged out.", fail_silently=True)

        user_logged_out.connect(say_goodbye, dispatch_uid="accounts.say_goodbye", weak=False)

        from django.contrib.auth.signals import user_logged_in

        def remember_session(sender, request, user, **kwargs):
            from apps.accounts import signed_in

            if hasattr(request, "session"):
                from apps.accounts import two_factor

                two_factor.note_at_sign_in(request, user)  # is a code step due?
                signed_in.remember(request, user)

        def forget_session(sender, request, user, **kwargs):
            from apps.accounts.models import SignedInSession

            key = getattr(getattr(request, "session", None), "session_key", None)
            if key:
                SignedInSession.objects.filter(session_key=key).delete()

        user_logged_in.connect(remember_session, dispatch_uid="accounts.remember_session",
                               weak=False)
        user_logged_out.connect(forget_session, dispatch_uid="accounts.forget_session",
                                weak=False)

        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_save

        def give_role(sender, instance, created, raw=False, **kwargs):
            # Every new user gets a role at once: `createsuperuser` (and make run's demo user)
            # an Admin, anyone else CONSOLE_DEFAULT_ROLE (an invitation then sets its own).
            if created and not raw:
                from apps.accounts.models import Membership
                from apps.accounts.roles import default_role

                Membership.objects.get_or_create(
                    user=instance, defaults={"role": default_role(instance)}
                )

        post_save.connect(give_role, sender=get_user_model(), dispatch_uid="accounts.give_role",
                          weak=False)
