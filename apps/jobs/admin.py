from django.contrib import admin

from .models import PeriodicRun, WorkerBeat


@admin.register(WorkerBeat)
class WorkerBeatAdmin(admin.ModelAdmin):
    list_display = ["worker_id", "hostname", "pid", "started_at", "beat_at"]
    readonly_fields = list_display

    def has_add_permission(self, request):
        return False


@admin.register(PeriodicRun)
class PeriodicRunAdmin(admin.ModelAdmin):
    list_display = ["name", "next_run_at", "last_enqueued_at"]
    readonly_fields = ["name", "last_enqueued_at"]

    def has_add_permission(self, request):
        return False
