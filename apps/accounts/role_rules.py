"""Which role each console URL needs, by URL name (namespace:name) and method (README, "Roles").

Each rule is (role needed to read with GET/HEAD, role needed to write with any other method).
RoleRequiredMiddleware (apps/accounts/roles.py) refuses a URL without a rule (fail closed), and
tests/accounts/test_role_matrix.py walks every URL pattern against this table, so a new view
without a rule fails the suite.

Viewer: reads everything their key can read and keeps their own settings (key, password,
notifications: without them a Viewer could not even start). Member: also every write to
recordings, operators, routing and project settings (editing a project is day-to-day tuning of
its description, hints and goals, like routing; creating and deleting projects change what the
account holds, so they are the Admin's). Admin: also buys numbers, creates and deletes projects,
manages the team and sees everyone's activity.
"""

from apps.accounts.models import Membership

V, M, A = Membership.VIEWER, Membership.MEMBER, Membership.ADMIN

# Pages outside the role check: before sign-in, the health probe, the Django admin (staff only,
# its own permission system) and the development emulator (its own bearer keys, never mounted in
# production).
UNCHECKED_NAMES = (
    "accounts:login", "dashboard:healthz",
    # An invitation's link and a password-reset link: used signed out (each view checks itself).
    "team:accept", "team:reset_confirm", "team:reset_done",
)
UNCHECKED_NAMESPACES = ("admin", "sandbox")

RULES = {
    # Overview and its htmx blocks: reads.
    "dashboard:home": (V, V),
    "dashboard:uploads": (V, V),
    "dashboard:failed": (V, V),
    "dashboard:queue": (V, V),
    "dashboard:numbers": (V, V),
    "dashboard:counts": (V, V),
    # Own settings: every role.
    "accounts:logout": (V, V),
    "accounts:api_key": (V, V),
    "accounts:api_key_verify": (V, V),
    "accounts:api_key_remove": (V, V),
    "accounts:password_change": (V, V),
    "accounts:sessions": (V, V),
    "accounts:two_factor": (V, V),
    "accounts:two_factor_codes": (V, V),
    "accounts:two_factor_off": (V, V),
    "accounts:two_factor_verify": (V, V),
    "accounts:session_end": (V, V),
    "audit:activity": (V, V),  # a member's own; an admin's everyone's (apps/audit/filters.py)
    "audit:activity_csv": (V, V),
    "notifications:list": (V, V),
    "notifications:bell": (V, V),
    "notifications:email": (V, V),
    "notifications:dismiss": (V, V),
    # Recordings: reading, searching and exporting are reads; the selection is the person's own
    # list of rows (kept in the session); uploads and changes need a Member.
    "recordings:list": (V, M),
    "recordings:detail": (V, M),
    "recordings:status": (V, M),
    "recordings:analysis": (V, M),
    "recordings:export": (V, M),
    "recordings:audio": (V, M),
    "recordings:kept_audio": (V, M),
    "recordings:selection": (V, V),
    "recordings:export_selection": (V, V),
    "recordings:bulk_delete": (M, M),
    "recordings:upload": (M, M),
    "recordings:upload_file": (M, M),
    "recordings:upload_queue": (M, M),
    "recordings:queued_uploads": (V, M),
    "recordings:retry_upload": (M, M),
    "recordings:dismiss_upload": (M, M),
    "recordings:clear_sent_uploads": (M, M),
    "recordings:rename": (M, M),
    "recordings:delete": (M, M),
    "recordings:retry": (M, M),
    "recordings:speakers": (V, M),
    # Projects: edit is a Member's (see above); create and delete an Admin's.
    "projects:list": (V, A),
    "projects:detail": (V, A),
    "projects:create": (A, A),
    "projects:edit": (M, M),
    "projects:delete": (A, A),
    # Numbers: buying is an Admin's; naming and routing a Member's.
    "virtual_numbers:list": (V, M),
    "virtual_numbers:detail": (V, M),
    "virtual_numbers:available": (A, A),
    "virtual_numbers:purchase_confirm": (A, A),
    "virtual_numbers:edit": (M, M),
    "virtual_numbers:add_operator": (M, M),
    "virtual_numbers:reorder_operators": (M, M),
    "virtual_numbers:remove_operator": (M, M),
    # Operators: a Member's.
    "operators:list": (V, M),
    "operators:detail": (V, M),
    "operators:calls": (V, M),
    "operators:create": (M, M),
    "operators:edit": (M, M),
    "operators:toggle_active": (M, M),
    "operators:delete": (M, M),
    "operators:attach": (M, M),
    "operators:detach": (M, M),
    # Search, compare, insights: reads of the person's own index (a sync reads with their key).
    "insights:search": (V, V),
    "insights:sync": (V, V),
    "insights:compare": (V, V),
    "insights:insights": (V, V),
    "insights:week_block": (V, V),
    "insights:insights_csv": (V, V),
    # The team page and all its actions: an Admin's.
    "team:team": (A, A),
    "team:invite": (A, A),
    "team:revoke": (A, A),
    "team:role": (A, A),
    "team:active": (A, A),
    "team:password_reset": (A, A),
    "team:end_sessions": (A, A),
    "team:reset_2fa": (A, A),
}
