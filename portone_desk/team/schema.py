"""The team database's schema, as numbered migrations applied in order inside one transaction each.

Everything lives in the ``desk`` schema. Two group roles: ``desk_agents`` (insert activity rows and
complete their own pending ones, read the team log, take claims, work batches) and ``desk_leads``
(an agent who may also upload a PC's local history). The rules that make the history trustworthy
are in the database, not in the client: a trigger sets who and when, completed rows cannot change,
nothing can be deleted, and claims go through one SECURITY DEFINER function.
"""

from __future__ import annotations

from typing import Any

AGENTS_ROLE = "desk_agents"
LEADS_ROLE = "desk_leads"

_V1 = r"""
DO $roles$ BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'desk_agents') THEN
        CREATE ROLE desk_agents NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'desk_leads') THEN
        CREATE ROLE desk_leads NOLOGIN IN ROLE desk_agents;
    END IF;
END $roles$;

CREATE SCHEMA desk;
REVOKE ALL ON SCHEMA desk FROM PUBLIC;
GRANT USAGE ON SCHEMA desk TO desk_agents;

CREATE FUNCTION desk.now_epoch() RETURNS double precision LANGUAGE sql VOLATILE
    AS $$ SELECT extract(epoch FROM clock_timestamp())::double precision $$;

CREATE TABLE desk.agent (
    login name PRIMARY KEY,
    display_name text NOT NULL CHECK (display_name <> ''),
    is_lead boolean NOT NULL DEFAULT false,
    created_at double precision NOT NULL DEFAULT desk.now_epoch()
);

CREATE TABLE desk.activity (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    started_at double precision NOT NULL DEFAULT desk.now_epoch(),
    finished_at double precision,
    session_id text NOT NULL,
    login name NOT NULL DEFAULT session_user,
    agent_name text NOT NULL DEFAULT '',
    imported boolean NOT NULL DEFAULT false,
    os_user text NOT NULL DEFAULT '',
    profile_name text NOT NULL DEFAULT '',
    operation text NOT NULL,
    mutating boolean NOT NULL,
    imp_uid text NOT NULL DEFAULT '',
    merchant_uid text NOT NULL DEFAULT '',
    product_order_ids text NOT NULL DEFAULT '[]',
    reason text NOT NULL DEFAULT '',
    details text NOT NULL DEFAULT '{}',
    targets text[] NOT NULL DEFAULT '{}',
    outcome text NOT NULL DEFAULT 'sent' CHECK (outcome IN ('sent', 'ok', 'partial', 'failed', 'unknown')),
    http_status integer,
    code integer,
    message text NOT NULL DEFAULT '',
    succeeded_ids text NOT NULL DEFAULT '[]',
    failed_ids text NOT NULL DEFAULT '[]',
    duration_ms integer
);
CREATE INDEX activity_started ON desk.activity (started_at);
CREATE INDEX activity_login ON desk.activity (login, started_at);
CREATE INDEX activity_targets ON desk.activity USING gin (targets);

-- A live claim: nobody else sends to this target until the row completes with a known outcome or
-- the claim expires (the settle time: later than any answer of the holder's call could arrive).
CREATE TABLE desk.claim (
    target text PRIMARY KEY,
    activity_id bigint NOT NULL REFERENCES desk.activity (id),
    login name NOT NULL,
    taken_at double precision NOT NULL,
    expires_at double precision NOT NULL
);

-- Who and when come from the database; a normal row starts pending. Imported rows (a PC's local
-- history uploaded by a lead) keep their agent name and times and are marked as imported.
CREATE FUNCTION desk.activity_insert() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, desk AS $$
DECLARE
    who desk.agent;
BEGIN
    SELECT * INTO who FROM desk.agent WHERE login = session_user;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'desk: % is not a registered agent', session_user USING ERRCODE = '42501';
    END IF;
    NEW.login := session_user;
    IF NEW.imported THEN
        IF NOT who.is_lead THEN
            RAISE EXCEPTION 'desk: only a lead may import history' USING ERRCODE = '42501';
        END IF;
        IF NEW.outcome = 'sent' THEN
            NEW.outcome := 'unknown';
        END IF;
        NEW.targets := '{}';
    ELSE
        NEW.agent_name := who.display_name;
        NEW.started_at := desk.now_epoch();
        NEW.finished_at := NULL;
        NEW.outcome := 'sent';
        NEW.http_status := NULL;
        NEW.code := NULL;
        NEW.message := '';
        NEW.succeeded_ids := '[]';
        NEW.failed_ids := '[]';
        NEW.duration_ms := NULL;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER activity_insert BEFORE INSERT ON desk.activity
    FOR EACH ROW EXECUTE FUNCTION desk.activity_insert();

-- Pending → final, once, by the agent who started it; nothing else ever changes.
CREATE FUNCTION desk.activity_update() RETURNS trigger LANGUAGE plpgsql
    SET search_path = pg_catalog, desk AS $$
BEGIN
    IF OLD.outcome <> 'sent' THEN
        RAISE EXCEPTION 'desk: activity % is complete; history is append-only', OLD.id
            USING ERRCODE = '42501';
    END IF;
    IF OLD.login <> session_user THEN
        RAISE EXCEPTION 'desk: activity % belongs to %', OLD.id, OLD.login USING ERRCODE = '42501';
    END IF;
    IF NEW.outcome NOT IN ('ok', 'partial', 'failed', 'unknown') THEN
        RAISE EXCEPTION 'desk: % is not a final outcome', NEW.outcome USING ERRCODE = '22023';
    END IF;
    IF (NEW.id, NEW.started_at, NEW.session_id, NEW.login, NEW.agent_name, NEW.imported, NEW.operation,
        NEW.mutating, NEW.imp_uid, NEW.merchant_uid, NEW.product_order_ids, NEW.reason, NEW.details,
        NEW.targets)
       IS DISTINCT FROM
       (OLD.id, OLD.started_at, OLD.session_id, OLD.login, OLD.agent_name, OLD.imported, OLD.operation,
        OLD.mutating, OLD.imp_uid, OLD.merchant_uid, OLD.product_order_ids, OLD.reason, OLD.details,
        OLD.targets) THEN
        RAISE EXCEPTION 'desk: only the outcome of a pending row may be written' USING ERRCODE = '42501';
    END IF;
    NEW.finished_at := desk.now_epoch();
    RETURN NEW;
END $$;
CREATE TRIGGER activity_update BEFORE UPDATE ON desk.activity
    FOR EACH ROW EXECUTE FUNCTION desk.activity_update();

-- A known outcome ends the row's claims; an unknown one keeps them until they expire (settle).
CREATE FUNCTION desk.activity_release() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, desk AS $$
BEGIN
    IF NEW.outcome IN ('ok', 'partial', 'failed') THEN
        DELETE FROM desk.claim WHERE activity_id = NEW.id;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER activity_release AFTER UPDATE ON desk.activity
    FOR EACH ROW EXECUTE FUNCTION desk.activity_release();

CREATE FUNCTION desk.refuse_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'desk: history is append-only; % cannot be deleted', TG_TABLE_NAME
        USING ERRCODE = '42501';
END $$;
CREATE TRIGGER activity_no_delete BEFORE DELETE ON desk.activity
    FOR EACH ROW EXECUTE FUNCTION desk.refuse_delete();
CREATE TRIGGER activity_no_truncate BEFORE TRUNCATE ON desk.activity
    FOR EACH STATEMENT EXECUTE FUNCTION desk.refuse_delete();

-- Targets are 'group|part': group = the payment (pay:imp_uid) or order (order:merchant_uid), part =
-- a product order id or '*' for the whole. Two targets overlap when one covers the other.
CREATE FUNCTION desk.targets_overlap(a text, b text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
    SELECT split_part(a, '|', 1) = split_part(b, '|', 1)
       AND (a = b OR split_part(a, '|', 2) = '*' OR split_part(b, '|', 2) = '*')
$$;

-- Claims the targets of the caller's pending row, all or none. Returns the reasons it cannot:
-- 'held' (a live claim of anyone, with who and since when) or 'done' (the same operation on the same
-- target succeeded within p_repeat_window seconds, whoever did it). Empty result: claimed.
CREATE FUNCTION desk.take_claims(
    p_activity bigint, p_settle double precision, p_repeat_window double precision
) RETURNS TABLE (target text, holder text, since double precision, state text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, desk AS $$
DECLARE
    row_ desk.activity;
    group_ text;
    now_ double precision := desk.now_epoch();
BEGIN
    SELECT * INTO row_ FROM desk.activity a WHERE a.id = p_activity;
    IF NOT FOUND OR row_.login <> session_user OR row_.outcome <> 'sent' THEN
        RAISE EXCEPTION 'desk: activity % is not a pending row of %', p_activity, session_user
            USING ERRCODE = '42501';
    END IF;
    -- One lock per payment/order, in a fixed order, until the transaction ends.
    FOR group_ IN SELECT DISTINCT split_part(x, '|', 1) AS g FROM unnest(row_.targets) x ORDER BY g LOOP
        PERFORM pg_advisory_xact_lock(hashtextextended('desk.claim:' || group_, 0));
    END LOOP;
    RETURN QUERY
        SELECT c.target, coalesce(ag.display_name, c.login::text), c.taken_at, 'held'::text
        FROM desk.claim c LEFT JOIN desk.agent ag ON ag.login = c.login
        WHERE c.expires_at > now_
          AND EXISTS (SELECT FROM unnest(row_.targets) x WHERE desk.targets_overlap(x, c.target));
    IF FOUND THEN
        RETURN;
    END IF;
    RETURN QUERY
        SELECT x, last.agent_name, last.started_at, 'done'::text
        FROM unnest(row_.targets) x
        CROSS JOIN LATERAL (
            SELECT a.operation, a.agent_name, a.started_at FROM desk.activity a
            WHERE a.targets @> ARRAY[x] AND a.mutating AND a.outcome IN ('ok', 'partial', 'unknown')
              AND a.id <> p_activity AND a.started_at > now_ - p_repeat_window
            ORDER BY a.started_at DESC LIMIT 1
        ) last
        WHERE last.operation = row_.operation AND p_repeat_window > 0;
    IF FOUND THEN
        RETURN;
    END IF;
    DELETE FROM desk.claim c WHERE c.target = ANY (row_.targets);
    INSERT INTO desk.claim (target, activity_id, login, taken_at, expires_at)
        SELECT DISTINCT x, p_activity, session_user, now_, now_ + p_settle FROM unnest(row_.targets) x;
END $$;

-- Creates a login in a group; the password arrives as a SCRAM verifier, never in clear.
CREATE FUNCTION desk.add_agent(p_login text, p_display text, p_verifier text, p_lead boolean)
RETURNS void LANGUAGE plpgsql SET search_path = pg_catalog, desk AS $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = p_login) THEN
        EXECUTE format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD %L',
                       p_login, p_verifier);
    ELSIF p_verifier <> '' THEN
        EXECUTE format('ALTER ROLE %I PASSWORD %L', p_login, p_verifier);
    END IF;
    EXECUTE format('GRANT %I TO %I', CASE WHEN p_lead THEN 'desk_leads' ELSE 'desk_agents' END, p_login);
    IF NOT p_lead THEN
        EXECUTE format('REVOKE desk_leads FROM %I', p_login);
    END IF;
    INSERT INTO desk.agent (login, display_name, is_lead) VALUES (p_login, p_display, p_lead)
        ON CONFLICT (login) DO UPDATE SET display_name = EXCLUDED.display_name, is_lead = EXCLUDED.is_lead;
END $$;

REVOKE ALL ON ALL FUNCTIONS IN SCHEMA desk FROM PUBLIC;
GRANT EXECUTE ON FUNCTION desk.now_epoch(), desk.targets_overlap(text, text) TO desk_agents;
GRANT EXECUTE ON FUNCTION desk.take_claims(bigint, double precision, double precision) TO desk_agents;
GRANT SELECT ON desk.agent, desk.activity, desk.claim TO desk_agents;
GRANT INSERT (session_id, agent_name, imported, os_user, profile_name, operation, mutating, imp_uid,
              merchant_uid, product_order_ids, reason, details, targets, started_at, finished_at, outcome,
              http_status, code, message, succeeded_ids, failed_ids, duration_ms)
    ON desk.activity TO desk_agents;
GRANT UPDATE (outcome, http_status, code, message, succeeded_ids, failed_ids, duration_ms)
    ON desk.activity TO desk_agents;
"""

# Shared batches: any PC sees every batch; one lease per batch (holder, host, pid, heartbeat).
_V2 = r"""
CREATE TABLE desk.batch (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    created_at double precision NOT NULL DEFAULT desk.now_epoch(),
    updated_at double precision NOT NULL DEFAULT desk.now_epoch(),
    login name NOT NULL DEFAULT session_user,
    kind text NOT NULL,
    source text NOT NULL,
    profile_id text NOT NULL DEFAULT '',
    profile_name text NOT NULL DEFAULT '',
    status text NOT NULL,
    concurrency integer NOT NULL
);
CREATE TABLE desk.batch_row (
    batch_id bigint NOT NULL REFERENCES desk.batch (id),
    row_no integer NOT NULL,
    op_id text NOT NULL,
    values_json text NOT NULL,
    pg text,
    status text NOT NULL,
    message text NOT NULL,
    warnings_json text NOT NULL,
    order_no text NOT NULL DEFAULT '',
    attempts integer NOT NULL DEFAULT 0,
    updated_at double precision NOT NULL DEFAULT desk.now_epoch(),
    PRIMARY KEY (batch_id, row_no)
);
CREATE INDEX batch_row_status ON desk.batch_row (batch_id, status);
CREATE TABLE desk.batch_lease (
    batch_id bigint PRIMARY KEY REFERENCES desk.batch (id),
    login name NOT NULL DEFAULT session_user,
    host text NOT NULL,
    pid integer NOT NULL,
    token text NOT NULL,
    heartbeat_at double precision NOT NULL DEFAULT desk.now_epoch()
);
GRANT SELECT, INSERT, UPDATE ON desk.batch, desk.batch_row, desk.batch_lease TO desk_agents;
GRANT DELETE ON desk.batch_lease TO desk_agents;
"""

# One round trip per action: the pending row and its claims in one statement (autocommit). A refusal
# is an error with SQLSTATE DK409, the reason in MESSAGE and who/since in DETAIL (JSON), and rolls
# the row back with it.
_V3 = r"""
CREATE FUNCTION desk.begin_activity(
    p_session text, p_os_user text, p_profile text, p_operation text, p_mutating boolean,
    p_imp_uid text, p_merchant_uid text, p_product_order_ids text, p_reason text, p_details text,
    p_targets text[], p_settle double precision, p_repeat_window double precision
) RETURNS bigint LANGUAGE plpgsql SET search_path = pg_catalog, desk AS $$
DECLARE
    new_id bigint;
    refusal record;
BEGIN
    INSERT INTO desk.activity (session_id, os_user, profile_name, operation, mutating, imp_uid,
                               merchant_uid, product_order_ids, reason, details, targets)
        VALUES (p_session, p_os_user, p_profile, p_operation, p_mutating, p_imp_uid, p_merchant_uid,
                p_product_order_ids, p_reason, p_details, coalesce(p_targets, '{}'))
        RETURNING id INTO new_id;
    IF cardinality(p_targets) > 0 THEN
        SELECT * INTO refusal FROM desk.take_claims(new_id, p_settle, p_repeat_window) LIMIT 1;
        IF FOUND THEN
            RAISE EXCEPTION USING ERRCODE = 'DK409', MESSAGE = refusal.state,
                DETAIL = json_build_object('holder', refusal.holder, 'since', refusal.since)::text;
        END IF;
    END IF;
    RETURN new_id;
END $$;
REVOKE ALL ON FUNCTION desk.begin_activity FROM PUBLIC;
GRANT EXECUTE ON FUNCTION desk.begin_activity TO desk_agents;
"""

# Issue 9's outcomes: 'already' (a resend PortOne refused because the change is there) is final, and
# a later lookup that decides an unknown call is a *new* row (``resolves`` = the unknown row's id),
# never an update of the completed one. Only ``desk.resolve_activity`` may set ``resolves``.
_V4 = r"""
ALTER TABLE desk.activity DROP CONSTRAINT activity_outcome_check;
ALTER TABLE desk.activity ADD CONSTRAINT activity_outcome_check
    CHECK (outcome IN ('sent', 'ok', 'partial', 'failed', 'unknown', 'already'));
ALTER TABLE desk.activity ADD COLUMN resolves bigint REFERENCES desk.activity (id);
CREATE INDEX activity_resolves ON desk.activity (resolves) WHERE resolves IS NOT NULL;

CREATE OR REPLACE FUNCTION desk.activity_insert() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, desk AS $$
DECLARE
    who desk.agent;
BEGIN
    SELECT * INTO who FROM desk.agent WHERE login = session_user;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'desk: % is not a registered agent', session_user USING ERRCODE = '42501';
    END IF;
    NEW.login := session_user;
    IF NEW.imported THEN
        IF NOT who.is_lead THEN
            RAISE EXCEPTION 'desk: only a lead may import history' USING ERRCODE = '42501';
        END IF;
        IF NEW.outcome = 'sent' THEN
            NEW.outcome := 'unknown';
        END IF;
        NEW.targets := '{}';
        NEW.resolves := NULL;
    ELSIF NEW.resolves IS NOT NULL THEN
        -- Only desk.resolve_activity can get here (agents have no INSERT on ``resolves``).
        NEW.agent_name := who.display_name;
        NEW.started_at := desk.now_epoch();
        NEW.finished_at := NEW.started_at;
    ELSE
        NEW.agent_name := who.display_name;
        NEW.started_at := desk.now_epoch();
        NEW.finished_at := NULL;
        NEW.outcome := 'sent';
        NEW.http_status := NULL;
        NEW.code := NULL;
        NEW.message := '';
        NEW.succeeded_ids := '[]';
        NEW.failed_ids := '[]';
        NEW.duration_ms := NULL;
    END IF;
    RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION desk.activity_update() RETURNS trigger LANGUAGE plpgsql
    SET search_path = pg_catalog, desk AS $$
BEGIN
    IF OLD.outcome <> 'sent' THEN
        RAISE EXCEPTION 'desk: activity % is complete; history is append-only', OLD.id
            USING ERRCODE = '42501';
    END IF;
    IF OLD.login <> session_user THEN
        RAISE EXCEPTION 'desk: activity % belongs to %', OLD.id, OLD.login USING ERRCODE = '42501';
    END IF;
    IF NEW.outcome NOT IN ('ok', 'partial', 'failed', 'unknown', 'already') THEN
        RAISE EXCEPTION 'desk: % is not a final outcome', NEW.outcome USING ERRCODE = '22023';
    END IF;
    IF (NEW.id, NEW.started_at, NEW.session_id, NEW.login, NEW.agent_name, NEW.imported, NEW.operation,
        NEW.mutating, NEW.imp_uid, NEW.merchant_uid, NEW.product_order_ids, NEW.reason, NEW.details,
        NEW.targets, NEW.resolves)
       IS DISTINCT FROM
       (OLD.id, OLD.started_at, OLD.session_id, OLD.login, OLD.agent_name, OLD.imported, OLD.operation,
        OLD.mutating, OLD.imp_uid, OLD.merchant_uid, OLD.product_order_ids, OLD.reason, OLD.details,
        OLD.targets, OLD.resolves) THEN
        RAISE EXCEPTION 'desk: only the outcome of a pending row may be written' USING ERRCODE = '42501';
    END IF;
    NEW.finished_at := desk.now_epoch();
    RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION desk.activity_release() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, desk AS $$
BEGIN
    IF NEW.outcome IN ('ok', 'partial', 'failed', 'already') THEN
        DELETE FROM desk.claim WHERE activity_id = NEW.id;
    END IF;
    RETURN NULL;
END $$;

-- A lookup decided what an unknown (or interrupted) call did: a new row that says so, by the agent
-- who looked; the call's claims end, since its outcome is known now.
CREATE FUNCTION desk.resolve_activity(p_id bigint, p_outcome text, p_message text, p_session text)
RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, desk AS $$
DECLARE
    old_ desk.activity;
    new_id bigint;
BEGIN
    IF p_outcome NOT IN ('ok', 'failed', 'already') THEN
        RAISE EXCEPTION 'desk: % cannot resolve a call', p_outcome USING ERRCODE = '22023';
    END IF;
    SELECT * INTO old_ FROM desk.activity WHERE id = p_id;
    IF NOT FOUND OR old_.outcome NOT IN ('unknown', 'sent') THEN
        RAISE EXCEPTION 'desk: activity % is not of unknown outcome', p_id USING ERRCODE = '22023';
    END IF;
    INSERT INTO desk.activity (session_id, os_user, profile_name, operation, mutating, imp_uid,
                               merchant_uid, product_order_ids, reason, details, targets, outcome,
                               message, resolves)
        VALUES (p_session, '', old_.profile_name, old_.operation, old_.mutating, old_.imp_uid,
                old_.merchant_uid, old_.product_order_ids, old_.reason, '{}', old_.targets, p_outcome,
                p_message, p_id)
        RETURNING id INTO new_id;
    DELETE FROM desk.claim WHERE activity_id = p_id;
    RETURN new_id;
END $$;
REVOKE ALL ON FUNCTION desk.resolve_activity FROM PUBLIC;
GRANT EXECUTE ON FUNCTION desk.resolve_activity TO desk_agents;
"""

# Batches as issue 9's lease rule keeps them: a lease names its holder (id, host, pid, label) and
# beats on the database's clock; a row keeps when its last attempt may be looked up. A draft batch
# may be discarded (batches are working state; the history is the activity log).
_V5 = r"""
DROP TABLE desk.batch_lease;
CREATE TABLE desk.batch_lease (
    batch_id bigint PRIMARY KEY REFERENCES desk.batch (id),
    login name NOT NULL DEFAULT session_user,
    holder_id text NOT NULL,
    host text NOT NULL,
    pid integer NOT NULL,
    label text NOT NULL,
    acquired_at double precision NOT NULL DEFAULT desk.now_epoch(),
    heartbeat double precision NOT NULL DEFAULT desk.now_epoch()
);
ALTER TABLE desk.batch_row ADD COLUMN verify_after double precision NOT NULL DEFAULT 0;
GRANT SELECT, INSERT, UPDATE, DELETE ON desk.batch_lease TO desk_agents;
GRANT DELETE ON desk.batch, desk.batch_row TO desk_agents;
"""

MIGRATIONS: tuple[str, ...] = (_V1, _V2, _V3, _V4, _V5)
LATEST = len(MIGRATIONS)


def current_version(conn: Any) -> int:
    """0 for an empty database."""
    found = conn.execute("SELECT to_regclass('desk.schema_version') IS NOT NULL").fetchone()
    if not found or not found[0]:
        return 0
    row = conn.execute("SELECT coalesce(max(version), 0) FROM desk.schema_version").fetchone()
    return int(row[0]) if row else 0


def migrate(conn: Any, target: int = LATEST) -> tuple[int, int]:
    """Apply the missing migrations up to ``target``; returns (from, to). Safe to run again.

    One transaction per migration, serialised by an advisory lock so two admins cannot race."""
    start = current_version(conn)
    version = start
    for number in range(start + 1, min(target, LATEST) + 1):
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(hashtextextended('desk.migrate', 0))")
            if current_version(conn) >= number:
                continue
            conn.execute(MIGRATIONS[number - 1])
            if number == 1:
                conn.execute(
                    "CREATE TABLE desk.schema_version (version integer PRIMARY KEY,"
                    " applied_at timestamptz NOT NULL DEFAULT now())"
                )
            conn.execute("INSERT INTO desk.schema_version (version) VALUES (%s)", (number,))
        version = number
    return start, version
