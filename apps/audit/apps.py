from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "apps.audit"
    verbose_name = "Audit log"

    def ready(self):
        from django.core.signals import request_finished, request_started

        from apps.audit.addresses import client_address
        from apps.audit.recorder import current_address

        def remember_address(sender, environ=None, scope=None, **kwargs):
            # No middleware needed: the WSGI environ carries the same keys as request.META.
            if environ is None and scope is not None:  # ASGI: rebuild the two keys that matter
                environ = {"REMOTE_ADDR": (scope.get("client") or (None,))[0]}
                for name, value in scope.get("headers", ()):
                    if name == b"x-forwarded-for":
                        environ["HTTP_X_FORWARDED_FOR"] = value.decode("latin-1")
            current_address.set(client_address(environ or {}))

        def forget_address(sender, **kwargs):
            current_address.set(None)

        request_started.connect(remember_address, dispatch_uid="audit.remember_address", weak=False)
        request_finished.connect(forget_address, dispatch_uid="audit.forget_address", weak=False)
