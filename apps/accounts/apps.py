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
