"""The role × view grid (decision 1102): for every route, the status each of the eight roles
gets for GET and for each POST action (an empty body, or just the action's field).

Columns, in ``conftest.GRID_ROLES`` order: anonymous, inhabitant (Camille), association member
(Lou), manager (Sami), agent without two-factor authentication (Noé), agent (Nadia), elected
official (Paul), administrator (Alex). ``L``: 302 to the sign-in page; ``F``: 302 to the page
that sets up two-factor authentication. The objects behind each URL are in ``world.py``.

A route added to ``config.urls`` must get its row here (``test_every_route_is_in_the_grid``).
Rows marked ``# 1102:`` are today's answers where they differ from decision 1102.
"""

from __future__ import annotations

L = "login"
F = "2fa"

GRID: dict[str, dict[str, tuple[int | str, ...]]] = {
    "accounts:delete": {
        "GET": (L, 200, 200, 200, F, 200, 200, 200),
        "POST": (L, 200, 200, 200, F, 200, 200, 200),
    },
    "accounts:export": {
        "GET": (L, 200, 200, 200, F, 200, 200, 200),
        "POST": (L, 405, 405, 405, F, 405, 405, 405),
    },
    "accounts:privacy": {
        "GET": (L, 200, 200, 200, F, 200, 200, 200),
        "POST": (L, 405, 405, 405, F, 405, 405, 405),
    },
    "accounts:profile": {
        "GET": (L, 200, 200, 200, F, 200, 200, 200),
        "POST": (L, 302, 302, 302, F, 302, 302, 302),
    },
    "accounts:security": {
        "GET": (L, 200, 200, 200, F, 200, 200, 200),
        "POST": (L, 405, 405, 405, F, 405, 405, 405),
    },
    "agents:associations": {
        "GET": (L, 403, 403, 403, F, 200, 403, 200),
        "POST": (L, 403, 403, 403, F, 200, 403, 200),
    },
    "agents:bulk_verify": {
        "GET": (L, 403, 403, 403, F, 405, 403, 405),
        "POST": (L, 403, 403, 403, F, 302, 403, 302),
    },
    "agents:claim_approve": {
        "GET": (L, 403, 403, 403, F, 405, 403, 405),
        "POST": (L, 403, 403, 403, F, 302, 403, 302),
    },
    "agents:claim_reject": {
        "GET": (L, 403, 403, 403, F, 405, 403, 405),
        "POST": (L, 403, 403, 403, F, 302, 403, 302),
    },
    "agents:claims": {
        "GET": (L, 403, 403, 403, F, 200, 403, 200),
        "POST": (L, 403, 403, 403, F, 200, 403, 200),
    },
    "agents:dashboard": {
        "GET": (L, 403, 403, 403, F, 200, 403, 200),
        "POST": (L, 403, 403, 403, F, 200, 403, 200),
    },
    "agents:history": {
        "GET": (L, 403, 403, 403, F, 200, 403, 200),
        "POST": (L, 403, 403, 403, F, 200, 403, 200),
    },
    "agents:reject": {
        "GET": (L, 403, 403, 403, F, 200, 403, 200),
        "POST": (L, 403, 403, 403, F, 200, 403, 200),
    },
    "agents:verify": {
        "GET": (L, 403, 403, 403, F, 405, 403, 405),
        "POST": (L, 403, 403, 403, F, 302, 403, 302),
    },
    "api-v1:api-root": {
        "GET": (404, 404, 404, 404, 403, 404, 404, 404),
        "POST": (404, 404, 404, 404, 403, 404, 404, 404),
    },
    "api-v1:apply_to_mission": {
        "GET": (405, 405, 405, 405, 403, 405, 405, 405),
        # The grid POSTs a form, not JSON: 400 once signed in; a visitor gets 401 first (1116).
        "POST": (401, 400, 400, 400, 403, 400, 400, 400),
    },
    "api-v1:get_association": {
        "GET": (200, 200, 200, 200, 403, 200, 200, 200),
        "POST": (405, 405, 405, 405, 403, 405, 405, 405),
    },
    "api-v1:get_commune": {
        "GET": (200, 200, 200, 200, 403, 200, 200, 200),
        "POST": (405, 405, 405, 405, 403, 405, 405, 405),
    },
    "api-v1:get_event": {
        "GET": (200, 200, 200, 200, 403, 200, 200, 200),
        "POST": (405, 405, 405, 405, 403, 405, 405, 405),
    },
    "api-v1:get_mission": {
        "GET": (200, 200, 200, 200, 403, 200, 200, 200),
        "POST": (405, 405, 405, 405, 403, 405, 405, 405),
    },
    "api-v1:get_place": {
        "GET": (200, 200, 200, 200, 403, 200, 200, 200),
        "POST": (405, 405, 405, 405, 403, 405, 405, 405),
    },
    "api-v1:get_post": {
        "GET": (200, 200, 200, 200, 403, 200, 200, 200),
        "POST": (405, 405, 405, 405, 403, 405, 405, 405),
    },
    "api-v1:list_associations": {
        "GET": (200, 200, 200, 200, 403, 200, 200, 200),
        "POST": (405, 405, 405, 405, 403, 405, 405, 405),
    },
    "api-v1:list_communes": {
        "GET": (200, 200, 200, 200, 403, 200, 200, 200),
        "POST": (405, 405, 405, 405, 403, 405, 405, 405),
    },
    "api-v1:list_events": {
        "GET": (200, 200, 200, 200, 403, 200, 200, 200),
        "POST": (405, 405, 405, 405, 403, 405, 405, 405),
    },
    "api-v1:list_missions": {
        "GET": (200, 200, 200, 200, 403, 200, 200, 200),
        "POST": (405, 405, 405, 405, 403, 405, 405, 405),
    },
    "api-v1:list_offers": {
        "GET": (401, 403, 200, 200, 403, 200, 403, 200),
        "POST": (405, 405, 405, 405, 403, 405, 405, 405),
    },
    "api-v1:list_places": {
        "GET": (200, 200, 200, 200, 403, 200, 200, 200),
        "POST": (405, 405, 405, 405, 403, 405, 405, 405),
    },
    "api-v1:list_posts": {
        "GET": (200, 200, 200, 200, 403, 200, 200, 200),
        "POST": (405, 405, 405, 405, 403, 405, 405, 405),
    },
    "api-v1:openapi-json": {
        "GET": (200, 200, 200, 200, 403, 200, 200, 200),
        "POST": (200, 200, 200, 200, 403, 200, 200, 200),
    },
    "api-v1:openapi-view": {
        "GET": (200, 200, 200, 200, 403, 200, 200, 200),
        "POST": (200, 200, 200, 200, 403, 200, 200, 200),
    },
    "api-v1:schemes": {
        "GET": (200, 200, 200, 200, 403, 200, 200, 200),
        "POST": (405, 405, 405, 405, 403, 405, 405, 405),
    },
    "associations:claim": {
        "GET": (L, 200, 403, 403, F, 200, 200, 200),
        "POST": (L, 200, 403, 403, F, 200, 200, 200),
    },
    "associations:create": {
        "GET": (L, 200, 200, 200, F, 200, 200, 200),
        "POST": (L, 200, 200, 200, F, 200, 200, 200),
    },
    "associations:detail": {
        "GET": (200, 200, 200, 200, F, 200, 200, 200),
        "POST": (200, 200, 200, 200, F, 200, 200, 200),
    },
    "associations:edit": {
        "GET": (L, 403, 403, 200, F, 200, 403, 200),
        "POST": (L, 403, 403, 200, F, 200, 403, 200),
    },
    "associations:invitation": {
        "GET": (404, 404, 404, 404, F, 404, 404, 404),
        "POST": (404, 404, 404, 404, F, 404, 404, 404),
    },
    "associations:list": {
        "GET": (200, 200, 200, 200, F, 200, 200, 200),
        "POST": (200, 200, 200, 200, F, 200, 200, 200),
    },
    "associations:member_remove": {
        "GET": (L, 403, 403, 200, F, 403, 403, 403),
        "POST": (L, 403, 403, 302, F, 403, 403, 403),
    },
    "associations:member_role": {
        "GET": (405, 405, 405, 405, F, 405, 405, 405),
        "POST": (L, 403, 403, 302, F, 403, 403, 403),
    },
    "associations:members": {
        "GET": (L, 403, 403, 200, F, 403, 403, 403),
        "POST": (L, 403, 403, 200, F, 403, 403, 403),
    },
    "site:accessibility": {
        "GET": (200, 200, 200, 200, F, 200, 200, 200),
        "POST": (405, 405, 405, 405, F, 405, 405, 405),
    },
    "site:healthz": {
        "GET": (200, 200, 200, 200, 200, 200, 200, 200),
        "POST": (200, 200, 200, 200, 200, 200, 200, 200),
    },
    "site:home": {
        "GET": (200, 200, 200, 200, F, 200, 200, 200),
        "POST": (405, 405, 405, 405, F, 405, 405, 405),
    },
    "site:legal_notice": {
        "GET": (200, 200, 200, 200, F, 200, 200, 200),
        "POST": (405, 405, 405, 405, F, 405, 405, 405),
    },
    "site:privacy": {
        "GET": (200, 200, 200, 200, F, 200, 200, 200),
        "POST": (405, 405, 405, 405, F, 405, 405, 405),
    },
    "site:section_participer": {
        "GET": (200, 200, 200, 200, F, 200, 200, 200),
        "POST": (405, 405, 405, 405, F, 405, 405, 405),
    },
    "site:section_ressources": {
        "GET": (200, 200, 200, 200, F, 200, 200, 200),
        "POST": (405, 405, 405, 405, F, 405, 405, 405),
    },
    "site:security_policy": {
        "GET": (200, 200, 200, 200, F, 200, 200, 200),
        "POST": (405, 405, 405, 405, F, 405, 405, 405),
    },
    "site:security_txt": {
        "GET": (200, 200, 200, 200, F, 200, 200, 200),
        "POST": (405, 405, 405, 405, F, 405, 405, 405),
    },
    "site:sitemap": {
        "GET": (200, 200, 200, 200, F, 200, 200, 200),
        "POST": (405, 405, 405, 405, F, 405, 405, 405),
    },
    "events:booking_cancel": {
        "GET": (L, 200, 404, 200, F, 200, 404, 200),
        "POST": (L, 302, 404, 302, F, 302, 404, 302),
    },
    "events:booking_ics": {
        "GET": (L, 200, 404, 403, F, 403, 404, 403),
        "POST": (L, 405, 405, 405, F, 405, 405, 405),
    },
    "events:booking_list": {
        "GET": (L, 200, 200, 200, F, 200, 200, 200),
        "POST": (L, 405, 405, 405, F, 405, 405, 405),
    },
    "events:cafe": {
        "GET": (404, 404, 404, 404, F, 404, 404, 404),
        "POST": (405, 405, 405, 405, F, 405, 405, 405),
    },
    "events:cancel": {
        "GET": (L, 403, 403, 200, F, 200, 403, 200),
        "POST": (L, 403, 403, 200, F, 200, 403, 200),
    },
    "events:checkin": {
        "GET": (L, 403, 403, 200, F, 200, 403, 200),
        "POST": (L, 403, 403, 404, F, 404, 403, 404),
    },
    "events:create": {
        "GET": (L, 403, 403, 200, F, 200, 403, 200),
        "POST": (L, 403, 403, 200, F, 200, 403, 200),
    },
    "events:detail": {
        "GET": (200, 200, 200, 200, F, 200, 200, 200),
        "POST": (405, 405, 405, 405, F, 405, 405, 405),
    },
    "events:edit": {
        "GET": (L, 403, 403, 200, F, 200, 403, 200),
        "POST": (L, 403, 403, 200, F, 200, 403, 200),
    },
    "events:feed_all": {
        "GET": (200, 200, 200, 200, F, 200, 200, 200),
        "POST": (405, 405, 405, 405, F, 405, 405, 405),
    },
    "events:feed_association": {
        "GET": (200, 200, 200, 200, F, 200, 200, 200),
        "POST": (405, 405, 405, 405, F, 405, 405, 405),
    },
    "events:feed_category": {
        "GET": (200, 200, 200, 200, F, 200, 200, 200),
        "POST": (405, 405, 405, 405, F, 405, 405, 405),
    },
    "events:feed_commune": {
        "GET": (200, 200, 200, 200, F, 200, 200, 200),
        "POST": (405, 405, 405, 405, F, 405, 405, 405),
    },
    "events:feed_place": {
        "GET": (200, 200, 200, 200, F, 200, 200, 200),
        "POST": (405, 405, 405, 405, F, 405, 405, 405),
    },
    "events:feeds_index": {
        "GET": (200, 200, 200, 200, F, 200, 200, 200),
        "POST": (405, 405, 405, 405, F, 405, 405, 405),
    },
    "events:ics": {
        "GET": (200, 200, 200, 200, F, 200, 200, 200),
        "POST": (405, 405, 405, 405, F, 405, 405, 405),
    },
    "events:index": {
        "GET": (200, 200, 200, 200, F, 200, 200, 200),
        "POST": (405, 405, 405, 405, F, 405, 405, 405),
    },
    "events:my_events": {
        "GET": (L, 403, 403, 200, F, 200, 403, 200),
        "POST": (L, 405, 405, 405, F, 405, 405, 405),
    },
    "events:my_registrations": {
        "GET": (L, 200, 200, 200, F, 200, 200, 200),
        "POST": (L, 405, 405, 405, F, 405, 405, 405),
    },
    "events:officehours_book": {
        "GET": (405, 405, 405, 405, F, 405, 405, 405),
        "POST": (L, 400, 400, 400, F, 400, 400, 400),
    },
    "events:officehours_bookings": {
        "GET": (L, 403, 403, 200, F, 200, 403, 200),
        "POST": (L, 405, 405, 405, F, 405, 405, 405),
    },
    "events:officehours_create": {
        "GET": (L, 403, 403, 200, F, 200, 403, 200),
        "POST": (L, 403, 403, 200, F, 200, 403, 200),
    },
    "events:officehours_detail": {
        "GET": (200, 200, 200, 200, F, 200, 200, 200),
        "POST": (405, 405, 405, 405, F, 405, 405, 405),
    },
    "events:officehours_edit": {
        "GET": (L, 403, 403, 200, F, 200, 403, 200),
        "POST": (L, 403, 403, 200, F, 200, 403, 200),
    },
    "events:officehours_exception_remove": {
        "GET": (L, 403, 403, 200, F, 200, 403, 200),
        "POST": (L, 403, 403, 302, F, 302, 403, 302),
    },
    "events:officehours_exceptions": {
        "GET": (L, 403, 403, 200, F, 200, 403, 200),
        "POST": (L, 403, 403, 200, F, 200, 403, 200),
    },
    "events:officehours_ics": {
        "GET": (200, 200, 200, 200, F, 200, 200, 200),
        "POST": (405, 405, 405, 405, F, 405, 405, 405),
    },
    "events:officehours_list": {
        "GET": (200, 200, 200, 200, F, 200, 200, 200),
        "POST": (405, 405, 405, 405, F, 405, 405, 405),
    },
    "events:officehours_manage": {
        "GET": (L, 403, 403, 200, F, 200, 403, 200),
        "POST": (L, 405, 405, 405, F, 405, 405, 405),
    },
    "events:officehours_state": {
        "GET": (L, 403, 403, 200, F, 200, 403, 200),
        "POST": (L, 403, 403, 302, F, 302, 403, 302),
    },
    "events:personal_feed": {
        "GET": (404, 404, 404, 404, F, 404, 404, 404),
        "POST": (405, 405, 405, 405, F, 405, 405, 405),
    },
    "events:personal_feed_page": {
        "GET": (L, 200, 200, 200, F, 200, 200, 200),
        "POST": (L, 200, 200, 200, F, 200, 200, 200),
        "POST action=revoke": (L, 302, 302, 302, F, 302, 302, 302),
    },
    "events:poster": {
        "GET": (L, 403, 403, 404, F, 404, 403, 404),
        "POST": (405, 405, 405, 405, F, 405, 405, 405),
    },
    "events:presence": {
        "GET": (L, 404, 404, 404, F, 404, 404, 404),
        "POST": (L, 404, 404, 404, F, 404, 404, 404),
    },
    "events:publish": {
        "GET": (L, 404, 404, 200, F, 200, 404, 200),
        "POST": (L, 404, 404, 302, F, 302, 404, 302),
    },
    "events:register": {
        "GET": (405, 405, 405, 405, F, 405, 405, 405),
        "POST": (L, 302, 302, 302, F, 302, 302, 302),
    },
    "events:registration": {
        "GET": (L, 200, 404, 200, F, 200, 404, 200),
        "POST": (L, 405, 405, 405, F, 405, 405, 405),
    },
    "events:registration_cancel": {
        "GET": (L, 200, 404, 200, F, 200, 404, 200),
        "POST": (L, 302, 404, 302, F, 302, 404, 302),
    },
    "events_agents:cafes": {
        "GET": (L, 403, 403, 403, F, 200, 403, 200),
        "POST": (L, 403, 403, 403, F, 200, 403, 200),
    },
    "grants:applicant_detail": {
        "GET": (L, 200, 200, 404, F, 200, 404, 200),
        "POST": (L, 200, 200, 404, F, 200, 404, 200),
    },
    "grants:application_ack_pdf": {
        "GET": (L, 200, 200, 404, F, 200, 404, 200),
        "POST": (L, 200, 200, 404, F, 200, 404, 200),
    },
    "grants:application_autosave": {
        "GET": (405, 405, 405, 405, F, 405, 405, 405),
        "POST": (401, 400, 400, 404, F, 400, 404, 400),
    },
    "grants:application_detail": {
        "GET": (L, 200, 200, 404, F, 200, 404, 200),
        "POST": (L, 200, 200, 404, F, 200, 404, 200),
    },
    "grants:application_message": {
        "GET": (405, 405, 405, 405, F, 405, 405, 405),
        "POST": (L, 302, 302, 404, F, 302, 404, 302),
    },
    "grants:application_start": {
        "GET": (L, 200, 200, 200, F, 200, 200, 200),
        "POST": (L, 200, 200, 200, F, 200, 200, 200),
    },
    "grants:application_step": {
        "GET": (L, 200, 200, 404, F, 200, 404, 200),
        "POST": (L, 200, 200, 404, F, 200, 404, 200),
    },
    "grants:application_supply_piece": {
        "GET": (405, 405, 405, 405, F, 405, 405, 405),
        "POST": (L, 302, 302, 404, F, 302, 404, 302),
    },
    "grants:application_withdraw": {
        "GET": (L, 200, 200, 404, F, 403, 404, 403),
        "POST": (L, 200, 200, 404, F, 403, 404, 403),
    },
    "grants:association_space": {
        "GET": (405, 405, 405, 405, F, 405, 405, 405),
        "POST": (L, 403, 403, 302, F, 302, 403, 302),
    },
    "grants:committee_file": {
        "GET": (L, 404, 404, 404, F, 200, 200, 404),
        "POST": (L, 404, 404, 404, F, 200, 200, 404),
        "POST action=score": (L, 404, 404, 404, F, 400, 400, 404),
        "POST action=conflict": (L, 404, 404, 404, F, 400, 400, 404),
    },
    "grants:committee_session": {
        "GET": (L, 404, 404, 404, F, 200, 200, 404),
        "POST": (L, 404, 404, 404, F, 200, 200, 404),
    },
    "grants:committee_sessions": {
        "GET": (L, 200, 200, 200, F, 200, 200, 200),
        "POST": (L, 200, 200, 200, F, 200, 200, 200),
    },
    "grants:committee_summary": {
        "GET": (L, 404, 404, 404, F, 200, 200, 404),
        "POST": (L, 404, 404, 404, F, 200, 200, 404),
    },
    "grants:desk": {
        "GET": (L, 200, 200, 200, F, 200, 200, 200),
        "POST": (L, 200, 200, 200, F, 200, 200, 200),
    },
    "grants:funded": {
        "GET": (200, 200, 200, 200, F, 200, 200, 200),
        "POST": (200, 200, 200, 200, F, 200, 200, 200),
    },
    "grants:group_create": {
        "GET": (L, 200, 200, 200, F, 200, 200, 200),
        "POST": (L, 200, 200, 200, F, 200, 200, 200),
    },
    "grants:group_members": {
        "GET": (405, 405, 405, 405, F, 405, 405, 405),
        "POST": (L, 400, 400, 404, F, 400, 404, 400),
    },
    "grants:handover_claim": {
        "GET": (L, 200, 200, 200, F, 200, 200, 200),
        "POST": (L, 200, 200, 200, F, 200, 200, 200),
    },
    "grants:handover_claim_code": {
        "GET": (L, 200, 200, 200, F, 200, 200, 200),
        "POST": (L, 200, 200, 200, F, 200, 200, 200),
    },
    "grants:index": {
        "GET": (200, 200, 200, 200, F, 200, 200, 200),
        "POST": (200, 200, 200, 200, F, 200, 200, 200),
    },
    "grants:letter": {
        "GET": (L, 200, 200, 404, F, 200, 404, 200),
        "POST": (L, 200, 200, 404, F, 200, 404, 200),
    },
    "grants:report": {
        "GET": (L, 200, 200, 404, F, 200, 404, 200),
        "POST": (L, 200, 200, 404, F, 403, 404, 403),
    },
    "grants:vault_delete": {
        "GET": (L, 200, 200, 404, F, 200, 404, 200),
        "POST": (L, 302, 302, 404, F, 302, 404, 302),
    },
    "grants:vault_download": {
        "GET": (L, 200, 200, 404, F, 200, 404, 200),
        "POST": (L, 200, 200, 404, F, 200, 404, 200),
    },
    "grants:vault_upload": {
        "GET": (L, 200, 200, 404, F, 200, 404, 200),
        "POST": (L, 200, 200, 404, F, 200, 404, 200),
    },
    "grants_agents:budget": {
        "GET": (L, 403, 403, 403, F, 200, 403, 200),
        "POST": (L, 403, 403, 403, F, 200, 403, 200),
    },
    "grants_agents:budget_csv": {
        "GET": (L, 403, 403, 403, F, 200, 403, 200),
        "POST": (L, 403, 403, 403, F, 200, 403, 200),
    },
    "grants_agents:budget_xlsx": {
        "GET": (L, 403, 403, 403, F, 200, 403, 200),
        "POST": (L, 403, 403, 403, F, 200, 403, 200),
    },
    "grants_agents:bulk_assign": {
        "GET": (L, 403, 403, 403, F, 405, 403, 405),
        "POST": (L, 403, 403, 403, F, 302, 403, 302),
    },
    "grants_agents:call_create": {
        "GET": (L, 403, 403, 403, F, 200, 403, 200),
        "POST": (L, 403, 403, 403, F, 200, 403, 200),
    },
    "grants_agents:call_edit": {
        "GET": (L, 403, 403, 403, F, 200, 403, 200),
        "POST": (L, 403, 403, 403, F, 200, 403, 200),
    },
    "grants_agents:checklist_set": {
        "GET": (L, 403, 403, 403, F, 405, 403, 405),
        "POST": (L, 403, 403, 403, F, 302, 403, 302),
    },
    "grants_agents:decision_create": {
        "GET": (L, 403, 403, 403, F, 200, 403, 200),
        "POST": (L, 403, 403, 403, F, 200, 403, 200),
    },
    "grants_agents:declare_ineligible": {
        "GET": (L, 403, 403, 403, F, 200, 403, 200),
        "POST": (L, 403, 403, 403, F, 200, 403, 200),
    },
    "grants_agents:envelope_set": {
        "GET": (L, 403, 403, 403, F, 200, 403, 200),
        "POST": (L, 403, 403, 403, F, 200, 403, 200),
    },
    "grants_agents:file": {
        "GET": (L, 403, 403, 403, F, 200, 403, 200),
        "POST": (L, 403, 403, 403, F, 200, 403, 200),
    },
    "grants_agents:file_assign": {
        "GET": (L, 403, 403, 403, F, 405, 403, 405),
        "POST": (L, 403, 403, 403, F, 302, 403, 302),
    },
    "grants_agents:file_close": {
        "GET": (L, 403, 403, 403, F, 405, 403, 405),
        "POST": (L, 403, 403, 403, F, 302, 403, 302),
    },
    "grants_agents:file_history": {
        "GET": (L, 403, 403, 403, F, 200, 403, 200),
        "POST": (L, 403, 403, 403, F, 200, 403, 200),
    },
    "grants_agents:file_note": {
        "GET": (L, 403, 403, 403, F, 405, 403, 405),
        "POST": (L, 403, 403, 403, F, 400, 403, 400),
    },
    "grants_agents:file_start": {
        "GET": (L, 403, 403, 403, F, 405, 403, 405),
        "POST": (L, 403, 403, 403, F, 302, 403, 302),
    },
    "grants_agents:handover_sheet": {
        "GET": (L, 403, 403, 403, F, 200, 403, 200),
        "POST": (L, 403, 403, 403, F, 302, 403, 302),
    },
    "grants_agents:inbox": {
        "GET": (L, 403, 403, 403, F, 200, 403, 200),
        "POST": (L, 403, 403, 403, F, 200, 403, 200),
    },
    "grants_agents:letter": {
        "GET": (L, 403, 403, 403, F, 200, 403, 200),
        "POST": (L, 403, 403, 403, F, 200, 403, 200),
    },
    "grants_agents:on_behalf_start": {
        "GET": (L, 403, 403, 403, F, 200, 403, 200),
        "POST": (L, 403, 403, 403, F, 200, 403, 200),
    },
    "grants_agents:payment_paid": {
        "GET": (L, 403, 403, 403, F, 200, 403, 200),
        "POST": (L, 403, 403, 403, F, 200, 403, 200),
    },
    "grants_agents:pieces_request": {
        "GET": (L, 403, 403, 403, F, 200, 403, 200),
        "POST": (L, 403, 403, 403, F, 200, 403, 200),
    },
    "grants_agents:report_review": {
        "GET": (L, 403, 403, 403, F, 200, 403, 200),
        "POST": (L, 403, 403, 403, F, 200, 403, 200),
        "POST action=approve": (L, 403, 403, 403, F, 200, 403, 200),
        "POST action=reject": (L, 403, 403, 403, F, 400, 403, 400),
    },
    "grants_agents:scheme_create": {
        "GET": (L, 403, 403, 403, F, 200, 403, 200),
        "POST": (L, 403, 403, 403, F, 200, 403, 200),
    },
    "grants_agents:scheme_edit": {
        "GET": (L, 403, 403, 403, F, 200, 403, 200),
        "POST": (L, 403, 403, 403, F, 200, 403, 200),
    },
    "grants_agents:schemes": {
        "GET": (L, 403, 403, 403, F, 200, 403, 200),
        "POST": (L, 403, 403, 403, F, 200, 403, 200),
    },
    "grants_agents:send_to_committee": {
        "GET": (L, 403, 403, 403, F, 405, 403, 405),
        "POST": (L, 403, 403, 403, F, 302, 403, 302),
    },
    "grants_agents:session": {
        "GET": (L, 403, 403, 403, F, 200, 403, 200),
        "POST": (L, 403, 403, 403, F, 200, 403, 200),
    },
    "grants_agents:session_create": {
        "GET": (L, 403, 403, 403, F, 200, 403, 200),
        "POST": (L, 403, 403, 403, F, 200, 403, 200),
    },
    "grants_agents:session_member_add": {
        "GET": (L, 403, 403, 403, F, 405, 403, 405),
        "POST": (L, 403, 403, 403, F, 302, 403, 302),
    },
    "grants_agents:session_member_remove": {
        "GET": (L, 403, 403, 403, F, 200, 403, 200),
        "POST": (L, 403, 403, 403, F, 302, 403, 302),
    },
    "grants_agents:session_state": {
        "GET": (L, 403, 403, 403, F, 405, 403, 405),
        "POST": (L, 403, 403, 403, F, 302, 403, 302),
    },
    "grants_agents:session_summary": {
        "GET": (L, 403, 403, 403, F, 200, 403, 200),
        "POST": (L, 403, 403, 403, F, 200, 403, 200),
    },
    "grants_agents:sessions": {
        "GET": (L, 403, 403, 403, F, 200, 403, 200),
        "POST": (L, 403, 403, 403, F, 200, 403, 200),
    },
    "matching_agents:campaign": {
        "GET": (L, 403, 403, 403, F, 200, 403, 200),
        "POST": (L, 403, 403, 403, F, 405, 403, 405),
    },
    "matching_agents:introduction_outcome": {
        "GET": (L, 403, 403, 403, F, 405, 403, 405),
        "POST": (L, 403, 403, 403, F, 302, 403, 302),
    },
    "matching_agents:introduction_record": {
        "GET": (L, 403, 403, 403, F, 405, 403, 405),
        "POST": (L, 403, 403, 403, F, 302, 403, 302),
    },
    "matching_agents:introductions": {
        "GET": (L, 403, 403, 403, F, 200, 403, 200),
        "POST": (L, 403, 403, 403, F, 405, 403, 405),
    },
    "messaging:block": {
        "GET": (L, 404, 404, 404, F, 404, 404, 404),
        "POST": (L, 404, 404, 404, F, 404, 404, 404),
    },
    "messaging:blocks": {
        "GET": (L, 200, 200, 200, F, 200, 200, 200),
        "POST": (L, 200, 200, 200, F, 200, 200, 200),
    },
    "messaging:index": {
        "GET": (L, 200, 200, 200, F, 200, 200, 200),
        "POST": (L, 200, 200, 200, F, 200, 200, 200),
    },
    "messaging:mute": {
        "GET": (405, 405, 405, 405, F, 405, 405, 405),
        "POST": (L, 302, 404, 302, F, 404, 404, 404),
    },
    "messaging:preferences": {
        "GET": (L, 200, 200, 200, F, 200, 200, 200),
        "POST": (L, 200, 200, 200, F, 200, 200, 200),
    },
    "messaging:thread": {
        "GET": (L, 200, 404, 200, F, 404, 404, 404),
        "POST": (L, 400, 404, 400, F, 404, 404, 404),
    },
    "messaging:unblock": {
        "GET": (405, 405, 405, 405, F, 405, 405, 405),
        "POST": (L, 302, 404, 404, F, 404, 404, 404),
    },
    "messaging:unsubscribe": {
        "GET": (404, 404, 404, 404, F, 404, 404, 404),
        "POST": (404, 404, 404, 404, F, 404, 404, 404),
    },
    "mutualaid:answer": {
        "GET": (L, 403, 302, 302, F, 302, 302, 302),
        "POST": (L, 403, 302, 302, F, 302, 302, 302),
    },
    "mutualaid:close": {
        "GET": (L, 200, 403, 403, F, 403, 403, 403),
        "POST": (L, 400, 403, 403, F, 403, 403, 403),
    },
    "mutualaid:create": {
        "GET": (L, 200, 200, 200, F, 200, 200, 200),
        "POST": (L, 400, 400, 400, F, 400, 400, 400),
    },
    "mutualaid:detail": {
        "GET": (200, 200, 200, 200, F, 200, 200, 200),
        "POST": (200, 200, 200, 200, F, 200, 200, 200),
    },
    "mutualaid:edit": {
        "GET": (L, 200, 403, 403, F, 403, 403, 403),
        "POST": (L, 400, 403, 403, F, 403, 403, 403),
    },
    "mutualaid:guide": {
        "GET": (200, 200, 200, 200, F, 200, 200, 200),
        "POST": (L, 302, 302, 302, F, 302, 302, 302),
    },
    "mutualaid:index": {
        "GET": (200, 200, 200, 200, F, 200, 200, 200),
        "POST": (200, 200, 200, 200, F, 200, 200, 200),
    },
    "mutualaid:mine": {
        "GET": (L, 200, 200, 200, F, 200, 200, 200),
        "POST": (L, 200, 200, 200, F, 200, 200, 200),
    },
    "mutualaid:report": {
        "GET": (L, 403, 200, 200, F, 200, 200, 200),
        "POST": (L, 403, 400, 400, F, 400, 400, 400),
    },
    # The moderation context's pages.
    "moderation:report_content": {
        "GET": (L, 200, 200, 403, F, 200, 200, 200),
        "POST": (L, 400, 400, 403, F, 400, 400, 400),
    },
    # Contesting a decision (decision 1120): only the person it is about (Camille) sees it.
    "moderation:contest": {
        "GET": (L, 200, 404, 404, F, 404, 404, 404),
        "POST": (L, 400, 404, 404, F, 404, 404, 404),
    },
    "moderation_agents:contest": {
        "GET": (L, 403, 403, 403, F, 200, 403, 200),
        "POST": (L, 403, 403, 403, F, 400, 403, 400),
    },
    "moderation_agents:queue": {
        "GET": (L, 403, 403, 403, F, 200, 403, 200),
        "POST": (L, 403, 403, 403, F, 200, 403, 200),
    },
    "moderation_agents:reinstate": {
        "GET": (L, 403, 403, 403, F, 404, 403, 404),
        "POST": (L, 403, 403, 403, F, 404, 403, 404),
    },
    "moderation_agents:report": {
        "GET": (L, 403, 403, 403, F, 200, 403, 200),
        "POST": (L, 403, 403, 403, F, 200, 403, 200),
    },
    "moderation_agents:report_action": {
        "GET": (L, 403, 403, 403, F, 200, 403, 200),
        "POST": (L, 403, 403, 403, F, 302, 403, 302),
    },
    "moderation_agents:suspended": {
        "GET": (L, 403, 403, 403, F, 200, 403, 200),
        "POST": (L, 403, 403, 403, F, 200, 403, 200),
    },
    "mutualaid:take_over": {
        "GET": (L, 200, 200, 200, F, 200, 200, 200),
        "POST": (L, 400, 400, 400, F, 400, 400, 400),
    },
    "mutualaid_agents:on_behalf": {
        "GET": (L, 403, 403, 403, F, 200, 403, 200),
        "POST": (L, 403, 403, 403, F, 400, 403, 400),
    },
    "mutualaid_agents:unhide_post": {
        "GET": (L, 403, 403, 403, F, 200, 403, 200),
        "POST": (L, 403, 403, 403, F, 400, 403, 400),
    },
    "open_data:subventions_csv": {
        "GET": (200, 200, 200, 200, F, 200, 200, 200),
        "POST": (200, 200, 200, 200, F, 200, 200, 200),
    },
    "open_data:subventions_json": {
        "GET": (200, 200, 200, 200, F, 200, 200, 200),
        "POST": (200, 200, 200, 200, F, 200, 200, 200),
    },
    "open_data:subventions_xlsx": {
        "GET": (200, 200, 200, 200, F, 200, 200, 200),
        "POST": (200, 200, 200, 200, F, 200, 200, 200),
    },
    "territory:commune": {
        "GET": (200, 200, 200, 200, F, 200, 200, 200),
        "POST": (405, 405, 405, 405, F, 405, 405, 405),
    },
    "territory:communes_geojson": {
        "GET": (200, 200, 200, 200, F, 200, 200, 200),
        "POST": (405, 405, 405, 405, F, 405, 405, 405),
    },
    "territory:communes_svg": {
        "GET": (404, 404, 404, 404, F, 404, 404, 404),
        "POST": (405, 405, 405, 405, F, 405, 405, 405),
    },
    "territory:index": {
        "GET": (200, 200, 200, 200, F, 200, 200, 200),
        "POST": (405, 405, 405, 405, F, 405, 405, 405),
    },
    "territory:place": {
        "GET": (200, 200, 200, 200, F, 200, 200, 200),
        "POST": (405, 405, 405, 405, F, 405, 405, 405),
    },
    "territory:places": {
        "GET": (200, 200, 200, 200, F, 200, 200, 200),
        "POST": (405, 405, 405, 405, F, 405, 405, 405),
    },
    "territory_agents:archive": {
        "GET": (L, 403, 403, 403, F, 200, 403, 200),
        "POST": (L, 403, 403, 403, F, 200, 403, 200),
    },
    "territory_agents:create": {
        "GET": (L, 403, 403, 403, F, 200, 403, 200),
        "POST": (L, 403, 403, 403, F, 200, 403, 200),
    },
    "territory_agents:edit": {
        "GET": (L, 403, 403, 403, F, 200, 403, 200),
        "POST": (L, 403, 403, 403, F, 200, 403, 200),
    },
    "territory_agents:list": {
        "GET": (L, 403, 403, 403, F, 200, 403, 200),
        "POST": (L, 403, 403, 403, F, 405, 403, 405),
    },
    "territory_agents:restore": {
        "GET": (L, 403, 403, 403, F, 405, 403, 405),
        "POST": (L, 403, 403, 403, F, 302, 403, 302),
    },
    "territory_agents:verify": {
        "GET": (L, 403, 403, 403, F, 405, 403, 405),
        "POST": (L, 403, 403, 403, F, 302, 403, 302),
    },
    "volunteering:engagement_accept": {
        "GET": (L, 403, 404, 200, F, 403, 404, 403),
        "POST": (L, 403, 404, 302, F, 403, 404, 403),
    },
    "volunteering:engagement_agents_queue": {
        "GET": (L, 403, 403, 403, F, 200, 403, 200),
        "POST": (L, 403, 403, 403, F, 200, 403, 200),
    },
    "volunteering:engagement_apply": {
        "GET": (L, 200, 200, 200, F, 200, 200, 200),
        "POST": (L, 400, 400, 400, F, 400, 400, 400),
    },
    "volunteering:engagement_association_dashboard": {
        "GET": (L, 403, 403, 200, F, 403, 403, 403),
        "POST": (L, 403, 403, 200, F, 403, 403, 403),
    },
    "volunteering:engagement_attestation": {
        "GET": (L, 200, 200, 200, F, 200, 200, 200),
        "POST": (L, 200, 200, 200, F, 200, 200, 200),
    },
    "volunteering:engagement_decline": {
        "GET": (L, 403, 404, 200, F, 403, 404, 403),
        "POST": (L, 403, 404, 200, F, 403, 404, 403),
    },
    "volunteering:engagement_detail": {
        "GET": (L, 200, 404, 200, F, 200, 404, 200),
        "POST": (L, 200, 404, 200, F, 200, 404, 200),
    },
    "volunteering:engagement_end": {
        "GET": (L, 404, 404, 200, F, 403, 404, 403),
        "POST": (L, 404, 404, 302, F, 403, 404, 403),
    },
    "volunteering:engagement_volunteer_dashboard": {
        "GET": (L, 200, 200, 200, F, 200, 200, 200),
        "POST": (L, 200, 200, 200, F, 200, 200, 200),
    },
    "volunteering:engagement_withdraw": {
        "GET": (L, 200, 404, 403, F, 403, 404, 403),
        "POST": (L, 302, 404, 403, F, 403, 404, 403),
    },
    "volunteering:handover_code": {
        "GET": (L, 403, 403, 403, F, 200, 403, 200),
        "POST": (L, 403, 403, 403, F, 200, 403, 200),
    },
    "volunteering:hours_log": {
        "GET": (L, 404, 404, 403, F, 403, 404, 403),
        "POST": (L, 404, 404, 403, F, 403, 404, 403),
    },
    "volunteering:hours_reject": {
        "GET": (L, 404, 404, 200, F, 403, 404, 403),
        "POST": (L, 404, 404, 200, F, 403, 404, 403),
    },
    "volunteering:hours_summary": {
        "GET": (L, 403, 403, 200, F, 403, 403, 403),
        "POST": (L, 403, 403, 200, F, 403, 403, 403),
    },
    "volunteering:hours_summary_csv": {
        "GET": (L, 403, 403, 200, F, 403, 403, 403),
        "POST": (L, 403, 403, 200, F, 403, 403, 403),
    },
    "volunteering:hours_validate": {
        "GET": (405, 405, 405, 405, F, 405, 405, 405),
        "POST": (L, 404, 404, 302, F, 403, 404, 403),
    },
    "volunteering:hours_validate_bulk": {
        "GET": (405, 405, 405, 405, F, 405, 405, 405),
        "POST": (L, 404, 404, 404, F, 404, 404, 404),
        "POST association=la-bicyclette-bleue": (L, 403, 403, 302, F, 403, 403, 403),
    },
    "volunteering:index": {
        "GET": (200, 200, 200, 200, F, 200, 200, 200),
        "POST": (200, 200, 200, 200, F, 200, 200, 200),
    },
    "volunteering:mine": {
        "GET": (L, 200, 200, 200, F, 200, 200, 200),
        "POST": (L, 200, 200, 200, F, 200, 200, 200),
    },
    "volunteering:mission_close": {
        "GET": (L, 403, 403, 200, F, 200, 403, 200),
        "POST": (L, 403, 403, 302, F, 302, 403, 302),
    },
    "volunteering:mission_contact": {
        "GET": (405, 405, 405, 405, F, 405, 405, 405),
        "POST": (L, 302, 302, 302, F, 302, 302, 302),
    },
    "volunteering:mission_create": {
        "GET": (L, 200, 200, 200, F, 200, 200, 200),
        "POST": (L, 400, 400, 400, F, 400, 400, 400),
    },
    "volunteering:mission_create_on_behalf": {
        "GET": (L, 403, 403, 403, F, 200, 403, 200),
        "POST": (L, 403, 403, 403, F, 400, 403, 400),
    },
    "volunteering:mission_detail": {
        "GET": (200, 200, 200, 200, F, 200, 200, 200),
        "POST": (200, 200, 200, 200, F, 200, 200, 200),
    },
    "volunteering:mission_detail_short": {
        "GET": (302, 302, 302, 302, F, 302, 302, 302),
        "POST": (302, 302, 302, 302, F, 302, 302, 302),
    },
    "volunteering:mission_edit": {
        "GET": (L, 403, 403, 200, F, 200, 403, 200),
        "POST": (L, 403, 403, 200, F, 200, 403, 200),
    },
    "volunteering:mission_publish": {
        "GET": (L, 403, 403, 200, F, 200, 403, 200),
        "POST": (L, 403, 403, 400, F, 400, 403, 400),
    },
    "volunteering:mission_report": {
        "GET": (301, 301, 301, 301, F, 301, 301, 301),
        "POST": (301, 301, 301, 301, F, 301, 301, 301),
    },
    "volunteering:my_offers": {
        "GET": (L, 200, 200, 200, F, 200, 200, 200),
        "POST": (L, 200, 200, 200, F, 200, 200, 200),
    },
    "volunteering:offer_close": {
        "GET": (L, 200, 403, 403, F, 403, 404, 403),
        "POST": (L, 302, 403, 403, F, 403, 404, 403),
    },
    "volunteering:offer_create": {
        "GET": (L, 200, 200, 200, F, 200, 200, 200),
        "POST": (L, 200, 200, 200, F, 200, 200, 200),
    },
    "volunteering:offer_detail": {
        "GET": (L, 200, 200, 200, F, 200, 404, 200),
        "POST": (L, 200, 200, 200, F, 200, 404, 200),
    },
    "volunteering:offer_edit": {
        "GET": (L, 200, 403, 403, F, 403, 404, 403),
        "POST": (L, 200, 403, 403, F, 403, 404, 403),
    },
    "volunteering:offer_pause": {
        "GET": (L, 200, 403, 403, F, 403, 404, 403),
        "POST": (L, 302, 403, 403, F, 403, 404, 403),
    },
    "volunteering:offer_resume": {
        "GET": (L, 200, 403, 403, F, 403, 404, 403),
        "POST": (L, 400, 403, 403, F, 403, 404, 403),
    },
    "volunteering:offers": {
        "GET": (L, 403, 200, 200, F, 200, 403, 200),
        "POST": (L, 403, 200, 200, F, 200, 403, 200),
    },
    "volunteering:proposal_accept": {
        "GET": (405, 405, 405, 405, F, 405, 405, 405),
        "POST": (L, 302, 404, 403, F, 404, 404, 404),
    },
    "volunteering:proposal_create": {
        "GET": (L, 403, 403, 200, F, 403, 403, 403),
        "POST": (L, 403, 403, 200, F, 403, 403, 403),
    },
    "volunteering:proposal_decline": {
        "GET": (L, 200, 404, 403, F, 404, 404, 404),
        "POST": (L, 302, 404, 403, F, 404, 404, 404),
    },
    "volunteering:saved_search_create": {
        "GET": (L, 200, 200, 200, F, 200, 200, 200),
        "POST": (L, 200, 200, 200, F, 200, 200, 200),
    },
    "volunteering:saved_search_delete": {
        "GET": (L, 200, 404, 404, F, 404, 404, 404),
        "POST": (L, 302, 404, 404, F, 404, 404, 404),
    },
    "volunteering:saved_search_stop": {
        "GET": (404, 404, 404, 404, F, 404, 404, 404),
        "POST": (404, 404, 404, 404, F, 404, 404, 404),
    },
    "volunteering:saved_searches": {
        "GET": (L, 200, 200, 200, F, 200, 200, 200),
        "POST": (L, 200, 200, 200, F, 200, 200, 200),
    },
    "volunteering:take_over": {
        "GET": (L, 200, 200, 200, F, 200, 200, 200),
        "POST": (L, 200, 200, 200, F, 200, 200, 200),
    },
    "volunteering_agents:dismiss_report": {
        "GET": (405, 405, 405, 405, F, 405, 405, 405),
        "POST": (L, 403, 403, 403, F, 302, 403, 302),
    },
    "volunteering_agents:hide": {
        "GET": (L, 403, 403, 403, F, 200, 403, 200),
        "POST": (L, 403, 403, 403, F, 200, 403, 200),
    },
    "volunteering_agents:queue": {
        "GET": (L, 403, 403, 403, F, 200, 403, 200),
        "POST": (L, 403, 403, 403, F, 200, 403, 200),
    },
    "volunteering_agents:unhide": {
        "GET": (L, 403, 403, 403, F, 200, 403, 200),
        "POST": (L, 403, 403, 403, F, 302, 403, 302),
    },
}
