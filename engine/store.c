/*
 * store.c — the SQLite store (chitieu/store.h): opening and migrating the
 * schema, and reading indicators, areas, plans, targets and revisions.
 *
 * Observations are append-only: each figure is a row with a revision number
 * per (indicator, area, year); the current value is the highest revision
 * (view current_obs).  Every row of every table records the load batch that
 * brought it.  All SQL goes through prepared statements with bound values.
 */
#include <errno.h>
#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include "chitieu/store.h"
#include "internal.h"

struct chitieu_store {
    sqlite3 *db;
    char *path;
    sqlite3_stmt *cached[CHITIEU__STMT_COUNT]; /* chitieu__prepare_cached */
    /* one derived structure cached on the store (chitieu__store_cache) and the content stamp it was built at */
    void *cache;
    void (*cache_free)(void *);
    sqlite3_int64 cache_stamp[2];
};

/* Schema migrations: entry i brings user_version i to i+1. Never edit a
 * released entry; append a new one. */
static const char *const migrations[] = {
    "CREATE TABLE batches("
    "  id INTEGER PRIMARY KEY, file TEXT NOT NULL, sha256 TEXT NOT NULL, kind TEXT NOT NULL,"
    "  loaded_at TEXT NOT NULL, agency TEXT, rows INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE plans("
    "  id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, name TEXT NOT NULL, document TEXT, issued TEXT,"
    "  batch INTEGER REFERENCES batches(id));"
    "CREATE TABLE areas("
    "  id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, name TEXT NOT NULL, level TEXT NOT NULL,"
    "  parent INTEGER REFERENCES areas(id), batch INTEGER REFERENCES batches(id));"
    "CREATE TABLE indicators("
    "  id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, name TEXT NOT NULL, name_en TEXT, unit TEXT NOT NULL,"
    "  direction INTEGER NOT NULL CHECK(direction IN (-1, 1)), min REAL, max REAL, goal TEXT, agency TEXT,"
    "  batch INTEGER REFERENCES batches(id));"
    "CREATE TABLE targets("
    "  id INTEGER PRIMARY KEY, plan INTEGER NOT NULL REFERENCES plans(id),"
    "  indicator INTEGER NOT NULL REFERENCES indicators(id), area INTEGER NOT NULL REFERENCES areas(id),"
    "  shape TEXT NOT NULL, year INTEGER NOT NULL, from_year INTEGER NOT NULL DEFAULT 0, low REAL, high REAL,"
    "  versus INTEGER REFERENCES indicators(id), source TEXT, note TEXT, batch INTEGER REFERENCES batches(id),"
    "  line INTEGER, UNIQUE(plan, indicator, area, shape, year, from_year));"
    /* A target changed by a later load keeps its earlier version here. */
    "CREATE TABLE target_history("
    "  id INTEGER PRIMARY KEY, target INTEGER NOT NULL REFERENCES targets(id), low REAL, high REAL,"
    "  versus INTEGER, source TEXT, note TEXT, batch INTEGER, line INTEGER,"
    "  replaced_by INTEGER NOT NULL REFERENCES batches(id));"
    "CREATE TRIGGER targets_keep_history AFTER UPDATE ON targets"
    "  WHEN old.low IS NOT new.low OR old.high IS NOT new.high OR old.versus IS NOT new.versus"
    "    OR old.source IS NOT new.source OR old.note IS NOT new.note BEGIN"
    "  INSERT INTO target_history(target, low, high, versus, source, note, batch, line, replaced_by)"
    "  VALUES(old.id, old.low, old.high, old.versus, old.source, old.note, old.batch, old.line, new.batch); END;"
    /* One b-tree keyed by the natural key: loading appends in key order, reading a series is a range scan. */
    "CREATE TABLE observations("
    "  indicator INTEGER NOT NULL REFERENCES indicators(id), area INTEGER NOT NULL REFERENCES areas(id),"
    "  year INTEGER NOT NULL, revision INTEGER NOT NULL,"
    "  value REAL NOT NULL, status TEXT NOT NULL CHECK(status = 'A' OR status = 'P' OR status = 'E'), source TEXT, note TEXT,"
    "  batch INTEGER NOT NULL REFERENCES batches(id), line INTEGER NOT NULL,"
    "  PRIMARY KEY(indicator, area, year, revision)) WITHOUT ROWID;"
    "CREATE VIEW current_obs AS SELECT o.* FROM observations o"
    "  WHERE o.revision = (SELECT max(revision) FROM observations p"
    "    WHERE p.indicator = o.indicator AND p.area = o.area AND p.year = o.year);",
    /* 1: an `exceeds` target may compare with the versus indicator of another area (a province's
     * bottom 40% against the national average income); NULL keeps the target's own area. */
    "ALTER TABLE targets ADD COLUMN versus_area INTEGER REFERENCES areas(id);"
    "ALTER TABLE target_history ADD COLUMN versus_area INTEGER;"
    "DROP TRIGGER targets_keep_history;"
    "CREATE TRIGGER targets_keep_history AFTER UPDATE ON targets"
    "  WHEN old.low IS NOT new.low OR old.high IS NOT new.high OR old.versus IS NOT new.versus"
    "    OR old.versus_area IS NOT new.versus_area OR old.source IS NOT new.source OR old.note IS NOT new.note BEGIN"
    "  INSERT INTO target_history(target, low, high, versus, versus_area, source, note, batch, line, replaced_by)"
    "  VALUES(old.id, old.low, old.high, old.versus, old.versus_area, old.source, old.note, old.batch, old.line,"
    "    new.batch); END;",
    /* 2: a catalogue row changed by a later load (an indicator's unit or bounds, an area's parent, a
     * plan's document) keeps its earlier version, as targets and figures do. */
    "CREATE TABLE indicator_history("
    "  id INTEGER PRIMARY KEY, indicator INTEGER NOT NULL REFERENCES indicators(id), name TEXT, name_en TEXT,"
    "  unit TEXT, direction INTEGER, min REAL, max REAL, goal TEXT, agency TEXT, batch INTEGER,"
    "  replaced_by INTEGER NOT NULL REFERENCES batches(id));"
    "CREATE TRIGGER indicators_keep_history AFTER UPDATE ON indicators"
    "  WHEN old.name IS NOT new.name OR old.name_en IS NOT new.name_en OR old.unit IS NOT new.unit"
    "    OR old.direction IS NOT new.direction OR old.min IS NOT new.min OR old.max IS NOT new.max"
    "    OR old.goal IS NOT new.goal OR old.agency IS NOT new.agency BEGIN"
    "  INSERT INTO indicator_history(indicator, name, name_en, unit, direction, min, max, goal, agency, batch,"
    "    replaced_by) VALUES(old.id, old.name, old.name_en, old.unit, old.direction, old.min, old.max, old.goal,"
    "    old.agency, old.batch, new.batch); END;"
    "CREATE TABLE area_history("
    "  id INTEGER PRIMARY KEY, area INTEGER NOT NULL REFERENCES areas(id), name TEXT, level TEXT, parent INTEGER,"
    "  batch INTEGER, replaced_by INTEGER NOT NULL REFERENCES batches(id));"
    "CREATE TRIGGER areas_keep_history AFTER UPDATE ON areas"
    "  WHEN old.name IS NOT new.name OR old.level IS NOT new.level OR old.parent IS NOT new.parent BEGIN"
    "  INSERT INTO area_history(area, name, level, parent, batch, replaced_by)"
    "  VALUES(old.id, old.name, old.level, old.parent, old.batch, new.batch); END;"
    "CREATE TABLE plan_history("
    "  id INTEGER PRIMARY KEY, plan INTEGER NOT NULL REFERENCES plans(id), name TEXT, document TEXT, issued TEXT,"
    "  batch INTEGER, replaced_by INTEGER NOT NULL REFERENCES batches(id));"
    "CREATE TRIGGER plans_keep_history AFTER UPDATE ON plans"
    "  WHEN old.name IS NOT new.name OR old.document IS NOT new.document OR old.issued IS NOT new.issued BEGIN"
    "  INSERT INTO plan_history(plan, name, document, issued, batch, replaced_by)"
    "  VALUES(old.id, old.name, old.document, old.issued, old.batch, new.batch); END;",
    /* 3: areas over time (issue 11).  An area's validity (valid_from, valid_to: YYYY-MM-DD, inclusive, NULL =
     * open) and the statistics office's code (gso_code: shown, not a key -- GSO reuses a code for a new unit of
     * the same name); successions (from_area went, whole or a share of it, to to_area on `date`, the first day it
     * belongs there); an indicator's aggregation rule (sum, mean:W, ratio:N/D[*K], growth:L; NULL = none).  The
     * history tables and triggers of migration 2 keep the new columns, and a changed succession keeps its
     * earlier version too. */
    "ALTER TABLE areas ADD COLUMN valid_from TEXT;"
    "ALTER TABLE areas ADD COLUMN valid_to TEXT;"
    "ALTER TABLE areas ADD COLUMN gso_code TEXT;"
    "ALTER TABLE area_history ADD COLUMN valid_from TEXT;"
    "ALTER TABLE area_history ADD COLUMN valid_to TEXT;"
    "ALTER TABLE area_history ADD COLUMN gso_code TEXT;"
    "DROP TRIGGER areas_keep_history;"
    "CREATE TRIGGER areas_keep_history AFTER UPDATE ON areas"
    "  WHEN old.name IS NOT new.name OR old.level IS NOT new.level OR old.parent IS NOT new.parent"
    "    OR old.valid_from IS NOT new.valid_from OR old.valid_to IS NOT new.valid_to"
    "    OR old.gso_code IS NOT new.gso_code BEGIN"
    "  INSERT INTO area_history(area, name, level, parent, valid_from, valid_to, gso_code, batch, replaced_by)"
    "  VALUES(old.id, old.name, old.level, old.parent, old.valid_from, old.valid_to, old.gso_code, old.batch,"
    "    new.batch); END;"
    "ALTER TABLE indicators ADD COLUMN aggregate TEXT;"
    "ALTER TABLE indicator_history ADD COLUMN aggregate TEXT;"
    "DROP TRIGGER indicators_keep_history;"
    "CREATE TRIGGER indicators_keep_history AFTER UPDATE ON indicators"
    "  WHEN old.name IS NOT new.name OR old.name_en IS NOT new.name_en OR old.unit IS NOT new.unit"
    "    OR old.direction IS NOT new.direction OR old.min IS NOT new.min OR old.max IS NOT new.max"
    "    OR old.goal IS NOT new.goal OR old.agency IS NOT new.agency OR old.aggregate IS NOT new.aggregate BEGIN"
    "  INSERT INTO indicator_history(indicator, name, name_en, unit, direction, min, max, goal, agency, aggregate,"
    "    batch, replaced_by) VALUES(old.id, old.name, old.name_en, old.unit, old.direction, old.min, old.max,"
    "    old.goal, old.agency, old.aggregate, old.batch, new.batch); END;"
    /* A succession a reverted load created is withdrawn (kept, not used) like a target; first_batch says which
     * batch created it (chitieu revert, engine/batch.c). */
    "CREATE TABLE successions("
    "  id INTEGER PRIMARY KEY, from_area INTEGER NOT NULL REFERENCES areas(id),"
    "  to_area INTEGER NOT NULL REFERENCES areas(id), date TEXT NOT NULL,"
    "  share REAL CHECK(share IS NULL OR (share > 0 AND share <= 1)), source TEXT, note TEXT,"
    "  batch INTEGER REFERENCES batches(id), line INTEGER, withdrawn INTEGER NOT NULL DEFAULT 0,"
    "  first_batch INTEGER, UNIQUE(from_area, to_area, date));"
    "CREATE INDEX successions_to ON successions(to_area);"
    "CREATE TRIGGER successions_first_batch AFTER INSERT ON successions BEGIN"
    "  UPDATE successions SET first_batch = new.batch WHERE id = new.id; END;"
    "CREATE TABLE succession_history("
    "  id INTEGER PRIMARY KEY, succession INTEGER NOT NULL REFERENCES successions(id), share REAL, source TEXT,"
    "  note TEXT, batch INTEGER, line INTEGER, withdrawn INTEGER NOT NULL DEFAULT 0,"
    "  replaced_by INTEGER NOT NULL REFERENCES batches(id));"
    "CREATE TRIGGER successions_keep_history AFTER UPDATE ON successions"
    "  WHEN old.share IS NOT new.share OR old.source IS NOT new.source OR old.note IS NOT new.note"
    "    OR old.withdrawn IS NOT new.withdrawn BEGIN"
    "  INSERT INTO succession_history(succession, share, source, note, batch, line, withdrawn, replaced_by)"
    "  VALUES(old.id, old.share, old.source, old.note, old.batch, old.line, old.withdrawn, new.batch); END;",
    /* 4: revert and templates (issue 12); it follows migration 3 and assumes nothing of it.  (A store written
     * while this entry was the third has no areas over time: interim_store() below gives it them.)
     *
     * - observations.withdrawn: a revision that withdraws the figure (a revert of the load that brought its
     *   only earlier revision); it keeps the withdrawn value for the record.  current_obs leaves such cells out.
     * - observations.restores: the revision a revert copied (NULL for figures from files and withdrawals).
     * - batches.reverts / batches.note: a revert batch names the batch it undid and the reason given.
     * - targets.withdrawn: a target a reverted load had created; a later load of the same target revives it.
     * - first_batch on catalogue rows and targets: the batch that created the row (NULL: before this
     *   migration), set by triggers, so a revert can tell a created row from one reloaded unchanged.
     * - templates: the reporting forms `chitieu template` wrote (agency, year), for `missing`. */
    "ALTER TABLE observations ADD COLUMN withdrawn INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE observations ADD COLUMN restores INTEGER;"
    "DROP VIEW current_obs;"
    "CREATE VIEW current_obs AS SELECT o.* FROM observations o"
    "  WHERE o.revision = (SELECT max(revision) FROM observations p"
    "    WHERE p.indicator = o.indicator AND p.area = o.area AND p.year = o.year) AND o.withdrawn = 0;"
    "ALTER TABLE batches ADD COLUMN reverts INTEGER REFERENCES batches(id);"
    "ALTER TABLE batches ADD COLUMN note TEXT;"
    "ALTER TABLE targets ADD COLUMN withdrawn INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE target_history ADD COLUMN withdrawn INTEGER NOT NULL DEFAULT 0;"
    "DROP TRIGGER targets_keep_history;"
    "CREATE TRIGGER targets_keep_history AFTER UPDATE ON targets"
    "  WHEN old.low IS NOT new.low OR old.high IS NOT new.high OR old.versus IS NOT new.versus"
    "    OR old.versus_area IS NOT new.versus_area OR old.source IS NOT new.source OR old.note IS NOT new.note"
    "    OR old.withdrawn IS NOT new.withdrawn BEGIN"
    "  INSERT INTO target_history(target, low, high, versus, versus_area, source, note, batch, line, replaced_by,"
    "    withdrawn) VALUES(old.id, old.low, old.high, old.versus, old.versus_area, old.source, old.note, old.batch,"
    "    old.line, new.batch, old.withdrawn); END;"
    "ALTER TABLE targets ADD COLUMN first_batch INTEGER;"
    "ALTER TABLE indicators ADD COLUMN first_batch INTEGER;"
    "ALTER TABLE areas ADD COLUMN first_batch INTEGER;"
    "ALTER TABLE plans ADD COLUMN first_batch INTEGER;"
    "CREATE TRIGGER targets_first_batch AFTER INSERT ON targets BEGIN"
    "  UPDATE targets SET first_batch = new.batch WHERE id = new.id; END;"
    "CREATE TRIGGER indicators_first_batch AFTER INSERT ON indicators BEGIN"
    "  UPDATE indicators SET first_batch = new.batch WHERE id = new.id; END;"
    "CREATE TRIGGER areas_first_batch AFTER INSERT ON areas BEGIN"
    "  UPDATE areas SET first_batch = new.batch WHERE id = new.id; END;"
    "CREATE TRIGGER plans_first_batch AFTER INSERT ON plans BEGIN"
    "  UPDATE plans SET first_batch = new.batch WHERE id = new.id; END;"
    "CREATE TABLE templates("
    "  id INTEGER PRIMARY KEY, agency TEXT, year INTEGER NOT NULL, plan TEXT, file TEXT NOT NULL,"
    "  written_at TEXT NOT NULL, rows INTEGER NOT NULL);",
    /* 5: a plan's reporting deadline ("MM-DD" every year, or one date YYYY-MM-DD), kept in plan_history
     * like its other columns (the review pack prints it; seeds 002:230 and 004:297 give them). */
    "ALTER TABLE plans ADD COLUMN deadline TEXT;"
    "ALTER TABLE plan_history ADD COLUMN deadline TEXT;"
    "DROP TRIGGER plans_keep_history;"
    "CREATE TRIGGER plans_keep_history AFTER UPDATE ON plans"
    "  WHEN old.name IS NOT new.name OR old.document IS NOT new.document OR old.issued IS NOT new.issued"
    "    OR old.deadline IS NOT new.deadline BEGIN"
    "  INSERT INTO plan_history(plan, name, document, issued, deadline, batch, replaced_by)"
    "  VALUES(old.id, old.name, old.document, old.issued, old.deadline, old.batch, new.batch); END;",
    /* 6: a plan's English name (the pack in English, `--lang en`), kept in plan_history like the others. */
    "ALTER TABLE plans ADD COLUMN name_en TEXT;"
    "ALTER TABLE plan_history ADD COLUMN name_en TEXT;"
    "DROP TRIGGER plans_keep_history;"
    "CREATE TRIGGER plans_keep_history AFTER UPDATE ON plans"
    "  WHEN old.name IS NOT new.name OR old.document IS NOT new.document OR old.issued IS NOT new.issued"
    "    OR old.deadline IS NOT new.deadline OR old.name_en IS NOT new.name_en BEGIN"
    "  INSERT INTO plan_history(plan, name, document, issued, deadline, name_en, batch, replaced_by)"
    "  VALUES(old.id, old.name, old.document, old.issued, old.deadline, old.name_en, old.batch, new.batch); END;",
    /* 7: an area's English name and a plan's document in English (the pack in English, `--lang en`), kept in
     * the history tables like the other columns. */
    "ALTER TABLE areas ADD COLUMN name_en TEXT;"
    "ALTER TABLE area_history ADD COLUMN name_en TEXT;"
    "DROP TRIGGER areas_keep_history;"
    "CREATE TRIGGER areas_keep_history AFTER UPDATE ON areas"
    "  WHEN old.name IS NOT new.name OR old.level IS NOT new.level OR old.parent IS NOT new.parent"
    "    OR old.valid_from IS NOT new.valid_from OR old.valid_to IS NOT new.valid_to"
    "    OR old.gso_code IS NOT new.gso_code OR old.name_en IS NOT new.name_en BEGIN"
    "  INSERT INTO area_history(area, name, level, parent, valid_from, valid_to, gso_code, name_en, batch,"
    "    replaced_by) VALUES(old.id, old.name, old.level, old.parent, old.valid_from, old.valid_to, old.gso_code,"
    "    old.name_en, old.batch, new.batch); END;"
    "ALTER TABLE plans ADD COLUMN document_en TEXT;"
    "ALTER TABLE plan_history ADD COLUMN document_en TEXT;"
    "DROP TRIGGER plans_keep_history;"
    "CREATE TRIGGER plans_keep_history AFTER UPDATE ON plans"
    "  WHEN old.name IS NOT new.name OR old.document IS NOT new.document OR old.issued IS NOT new.issued"
    "    OR old.deadline IS NOT new.deadline OR old.name_en IS NOT new.name_en"
    "    OR old.document_en IS NOT new.document_en BEGIN"
    "  INSERT INTO plan_history(plan, name, document, issued, deadline, name_en, document_en, batch, replaced_by)"
    "  VALUES(old.id, old.name, old.document, old.issued, old.deadline, old.name_en, old.document_en, old.batch,"
    "    new.batch); END;",
    /* 8: an indicator's caveat for readers of the pack, in Vietnamese and in English (note, note_en: a series
     * that measures something else than the plans' indicator), kept in indicator_history like its other
     * columns. */
    "ALTER TABLE indicators ADD COLUMN note TEXT;"
    "ALTER TABLE indicators ADD COLUMN note_en TEXT;"
    "ALTER TABLE indicator_history ADD COLUMN note TEXT;"
    "ALTER TABLE indicator_history ADD COLUMN note_en TEXT;"
    "DROP TRIGGER indicators_keep_history;"
    "CREATE TRIGGER indicators_keep_history AFTER UPDATE ON indicators"
    "  WHEN old.name IS NOT new.name OR old.name_en IS NOT new.name_en OR old.unit IS NOT new.unit"
    "    OR old.direction IS NOT new.direction OR old.min IS NOT new.min OR old.max IS NOT new.max"
    "    OR old.goal IS NOT new.goal OR old.agency IS NOT new.agency OR old.aggregate IS NOT new.aggregate"
    "    OR old.note IS NOT new.note OR old.note_en IS NOT new.note_en BEGIN"
    "  INSERT INTO indicator_history(indicator, name, name_en, unit, direction, min, max, goal, agency, aggregate,"
    "    note, note_en, batch, replaced_by) VALUES(old.id, old.name, old.name_en, old.unit, old.direction, old.min,"
    "    old.max, old.goal, old.agency, old.aggregate, old.note, old.note_en, old.batch, new.batch); END;",
};

#define NMIGRATIONS (sizeof migrations / sizeof migrations[0])

int chitieu_store_schema_version(void) { return (int)NMIGRATIONS; }

sqlite3 *chitieu__store_db(chitieu_store *st) { return st->db; }

int chitieu__db_fail(chitieu_store *st, const char *what)
{
    int ec = sqlite3_errcode(st->db);
    int code = (ec == SQLITE_BUSY || ec == SQLITE_LOCKED) ? CHITIEU_EBUSY : CHITIEU_EDB;
    if (code == CHITIEU_EBUSY)
        return chitieu__fail(code, "%s: %s: the store is busy (another process is writing); try again", st->path,
                             what);
    if (ec == SQLITE_READONLY)
        return chitieu__fail(code, "%s: %s: the store is read-only (no write permission on the file or its folder)",
                             st->path, what);
    return chitieu__fail(code, "%s: %s: %s", st->path, what, sqlite3_errmsg(st->db));
}

/* Run SQL without results (schema, pragmas, transactions); a failure names
 * what was being done, not the SQL text. */
int chitieu__exec(chitieu_store *st, const char *sql)
{
    if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) == SQLITE_OK)
        return CHITIEU_OK;
    const char *what = !strncmp(sql, "BEGIN", 5)    ? "starting a write"
                       : !strncmp(sql, "COMMIT", 6) ? "committing"
                       : !strncmp(sql, "PRAGMA", 6) ? "setting up the connection"
                                                    : "updating the schema";
    int rc = chitieu__db_fail(st, what);
    if (!strncmp(sql, "BEGIN", 5))
        chitieu__rollback(st);
    return rc;
}

void chitieu__rollback(chitieu_store *st)
{
    for (int i = 0; i < 3 && !sqlite3_get_autocommit(st->db); i++)
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

int chitieu__prepare(sqlite3_stmt **out, chitieu_store *st, const char *sql)
{
    if (sqlite3_prepare_v2(st->db, sql, -1, out, NULL) != SQLITE_OK)
        return chitieu__db_fail(st, "prepare");
    return CHITIEU_OK;
}

int chitieu__prepare_cached(sqlite3_stmt **out, chitieu_store *st, int slot, const char *sql)
{
    assert(slot >= 0 && slot < CHITIEU__STMT_COUNT); /* a slot of internal.h's list */
    if (st->cached[slot]) {
        sqlite3_reset(st->cached[slot]);
        sqlite3_clear_bindings(st->cached[slot]);
    } else if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st->cached[slot], NULL) != SQLITE_OK) {
        st->cached[slot] = NULL;
        return chitieu__db_fail(st, "prepare");
    }
    *out = st->cached[slot];
    return CHITIEU_OK;
}

char *chitieu__col_strdup(sqlite3_stmt *s, int i)
{
    const unsigned char *t = sqlite3_column_text(s, i);
    return t ? chitieu__strdup((const char *)t) : NULL;
}

double chitieu__col_num(sqlite3_stmt *s, int i)
{
    return sqlite3_column_type(s, i) == SQLITE_NULL ? NAN : sqlite3_column_double(s, i);
}

void chitieu__bind_text(sqlite3_stmt *s, int i, const char *t)
{
    if (t && *t)
        sqlite3_bind_text(s, i, t, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(s, i);
}

void chitieu__bind_num(sqlite3_stmt *s, int i, double v)
{
    if (isnan(v))
        sqlite3_bind_null(s, i);
    else
        sqlite3_bind_double(s, i, v);
}

/* A store written by chitieu between the merges of issues 12 and 11 is at version 4 with the revert migration
 * (now the fifth entry) as its fourth, and has no areas over time: give it migration 3 and call it version 5.
 * *version is updated.  A store that has the table `successions` is left alone. */
static int interim_store(chitieu_store *st, int *version)
{
    if (*version != 4)
        return CHITIEU_OK;
    sqlite3_stmt *q;
    int rc = chitieu__prepare(&q, st,
                              "SELECT (SELECT count(*) FROM sqlite_master WHERE name = 'successions'),"
                              " (SELECT count(*) FROM pragma_table_info('observations') WHERE name = 'withdrawn')");
    if (rc)
        return rc;
    int interim = sqlite3_step(q) == SQLITE_ROW && sqlite3_column_int(q, 0) == 0 && sqlite3_column_int(q, 1) == 1;
    sqlite3_finalize(q);
    if (!interim)
        return CHITIEU_OK;
    if (sqlite3_db_readonly(st->db, "main") == 1)
        return chitieu__fail(CHITIEU_EDB, "%s: the store is read-only and its schema (version 4, without areas over "
                             "time) must first be upgraded by chitieu with write access", st->path);
    if ((rc = chitieu__exec(st, "BEGIN IMMEDIATE")))
        return rc;
    if ((rc = chitieu__exec(st, migrations[3])) || (rc = chitieu__exec(st, "PRAGMA user_version = 5")) ||
        (rc = chitieu__exec(st, "COMMIT"))) {
        chitieu__rollback(st);
        return rc;
    }
    *version = 5;
    return CHITIEU_OK;
}

/* Bring the schema to the newest version, one migration per transaction. */
static int migrate(chitieu_store *st)
{
    sqlite3_stmt *s;
    int rc = chitieu__prepare(&s, st, "PRAGMA user_version");
    if (rc)
        return rc;
    int version = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int(s, 0) : -1;
    sqlite3_finalize(s);
    if (version < 0)
        return chitieu__db_fail(st, "reading the schema version");
    if ((rc = interim_store(st, &version)))
        return rc;
    if ((size_t)version > NMIGRATIONS)
        return chitieu__fail(CHITIEU_EDB, "%s: schema version %d is newer than this chitieu (%zu)", st->path,
                             version, NMIGRATIONS);
    if ((size_t)version < NMIGRATIONS && sqlite3_db_readonly(st->db, "main") == 1)
        return chitieu__fail(CHITIEU_EDB,
                             "%s: the store is read-only and its schema (version %d) must first be upgraded to "
                             "version %zu by chitieu with write access",
                             st->path, version, NMIGRATIONS);
    for (size_t v = (size_t)version; v < NMIGRATIONS; v++) {
        char pragma[64];
        snprintf(pragma, sizeof pragma, "PRAGMA user_version = %zu", v + 1);
        if ((rc = chitieu__exec(st, "BEGIN IMMEDIATE")))
            return rc;
        if ((rc = chitieu__exec(st, migrations[v])) || (rc = chitieu__exec(st, pragma)) ||
            (rc = chitieu__exec(st, "COMMIT"))) {
            chitieu__rollback(st);
            return rc;
        }
    }
    return CHITIEU_OK;
}

/* Connection settings and schema migration, run on every open. */
static int store_setup(chitieu_store *st)
{
    sqlite3_busy_timeout(st->db, 10000);
    sqlite3_extended_result_codes(st->db, 0);
    /* journal_mode returns a row; WAL cannot be set on a read-only file, which is fine for readers. */
    sqlite3_exec(st->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
    int rc = chitieu__exec(st, "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -16000");
    return rc ? rc : migrate(st);
}

/* "file:" URI for path with SQLite's immutable flag; every byte outside
 * [A-Za-z0-9/._-] is %-escaped so '?', '#' and '%' in a name stay a name.
 * Returns NULL when out of memory; free with free(). */
static char *immutable_uri(const char *path)
{
    static const char tail[] = "?immutable=1";
    size_t n = strlen(path);
    char *u = malloc(5 + 3 * n + sizeof tail), *p = u;
    if (!u)
        return NULL;
    p += sprintf(p, "file:");
    for (const unsigned char *c = (const unsigned char *)path; *c; c++) {
        int plain = (*c >= '0' && *c <= '9') || (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
                    strchr("/._-", *c);
        p += plain ? sprintf(p, "%c", *c) : sprintf(p, "%%%02X", *c);
    }
    memcpy(p, tail, sizeof tail);
    return u;
}

/* A store whose file and folder we cannot write (an archived copy, a
 * read-only share): SQLite cannot create the WAL index beside it, so reading
 * fails.  Reopen it immutable (no locks, no WAL index) -- only when no
 * write-ahead log holds writes that are not yet in the file, as that log
 * would be ignored.  Called after store_setup failed on such a file. */
static int reopen_immutable(chitieu_store *st)
{
    size_t n = strlen(st->path);
    char *wal = malloc(n + 5);
    if (!wal)
        return chitieu__fail(CHITIEU_ENOMEM, "out of memory");
    memcpy(wal, st->path, n);
    memcpy(wal + n, "-wal", 5);
    struct stat sb;
    int pending = stat(wal, &sb) == 0 && sb.st_size > 0;
    free(wal);
    if (pending)
        return chitieu__fail(CHITIEU_EDB,
                             "%s: the store is read-only and its write-ahead log (%s-wal) holds writes not yet in "
                             "the file: open it once with write access",
                             st->path, st->path);
    char *uri = immutable_uri(st->path);
    if (!uri)
        return chitieu__fail(CHITIEU_ENOMEM, "out of memory");
    sqlite3_close_v2(st->db);
    int orc = sqlite3_open_v2(uri, &st->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);
    free(uri);
    if (orc != SQLITE_OK)
        return chitieu__fail(CHITIEU_EIO, "%s: cannot open: %s", st->path,
                             st->db ? sqlite3_errmsg(st->db) : "out of memory");
    return store_setup(st);
}

/* Open and migrate the store at path; create the file only when `create`.
 * An existing store we may not write is opened read-only (writes then fail
 * with "the store is read-only"). */
static int store_open(chitieu_store **out, const char *path, int create)
{
    *out = NULL;
    if (!create) {
        struct stat sb;
        if (stat(path, &sb) != 0 && errno == ENOENT)
            return chitieu__fail(CHITIEU_ENOTFOUND, "%s: no such store (run chitieu init)", path);
    }
    chitieu_store *st = calloc(1, sizeof *st);
    if (!st || !(st->path = chitieu__strdup(path))) {
        free(st);
        return chitieu__fail(CHITIEU_ENOMEM, "out of memory");
    }
    /* READWRITE falls back to read-only by itself when the file is not writable */
    if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX,
                        NULL) != SQLITE_OK) {
        int rc = chitieu__fail(CHITIEU_EIO, "%s: cannot open: %s", path,
                               st->db ? sqlite3_errmsg(st->db) : "out of memory");
        chitieu_store_close(st);
        return rc;
    }
    int rc = store_setup(st);
    if (rc && !create && sqlite3_db_readonly(st->db, "main") == 1 &&
        (sqlite3_errcode(st->db) == SQLITE_READONLY || sqlite3_errcode(st->db) == SQLITE_CANTOPEN))
        rc = reopen_immutable(st);
    if (rc) {
        if (sqlite3_errcode(st->db) == SQLITE_NOTADB)
            rc = chitieu__fail(CHITIEU_EDB, "%s: not a chitieu database (not an SQLite file)", path);
        chitieu_store_close(st);
        return rc;
    }
    *out = st;
    return CHITIEU_OK;
}

int chitieu_store_open(chitieu_store **out, const char *path) { return store_open(out, path, 1); }

int chitieu_store_open_existing(chitieu_store **out, const char *path) { return store_open(out, path, 0); }

void chitieu_store_close(chitieu_store *st)
{
    if (!st)
        return;
    for (int i = 0; i < CHITIEU__STMT_COUNT; i++)
        sqlite3_finalize(st->cached[i]);
    chitieu__store_cache_set(st, NULL, NULL);
    sqlite3_close_v2(st->db);
    free(st->path);
    free(st);
}

const char *chitieu_store_path(const chitieu_store *st) { return st->path; }

/* What identifies the store's content: PRAGMA data_version (changes when another connection commits) and
 * this connection's own change count.  {-1, -1} when it cannot be read (nothing is then cached). */
static void content_stamp(chitieu_store *st, sqlite3_int64 out[2])
{
    out[0] = out[1] = -1;
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(st->db, "PRAGMA data_version", -1, &q, NULL) != SQLITE_OK)
        return;
    if (sqlite3_step(q) == SQLITE_ROW) {
        out[0] = sqlite3_column_int64(q, 0);
        out[1] = sqlite3_total_changes64(st->db);
    }
    sqlite3_finalize(q);
}

void *chitieu__store_cache(chitieu_store *st)
{
    if (!st->cache)
        return NULL;
    sqlite3_int64 now[2];
    content_stamp(st, now);
    if (now[0] < 0 || now[0] != st->cache_stamp[0] || now[1] != st->cache_stamp[1])
        chitieu__store_cache_set(st, NULL, NULL);
    return st->cache;
}

void chitieu__store_cache_set(chitieu_store *st, void *cache, void (*free_fn)(void *))
{
    if (st->cache && st->cache_free)
        st->cache_free(st->cache);
    st->cache = cache;
    st->cache_free = free_fn;
    content_stamp(st, st->cache_stamp);
}

static const char *const shape_names[CHITIEU_SHAPE_COUNT_] = {
    "at_least", "at_most", "range", "each_year", "avg_growth",
    "avg_rate", "avg_change", "ratio_to_base", "cumulative", "exceeds",
};

const char *chitieu_shape_name(chitieu_shape shape)
{
    return (unsigned)shape < CHITIEU_SHAPE_COUNT_ ? shape_names[shape] : "?";
}

int chitieu_shape_parse(chitieu_shape *out, const char *name)
{
    for (int i = 0; i < CHITIEU_SHAPE_COUNT_; i++)
        if (strcmp(name, shape_names[i]) == 0) {
            *out = (chitieu_shape)i;
            return CHITIEU_OK;
        }
    return chitieu__fail(CHITIEU_EINVALID, "unknown shape '%s'", name);
}

#define INDICATOR_COLS                                                                                             \
    "code, name, name_en, unit, direction, min, max, goal, agency, aggregate, note, note_en, EXISTS(SELECT 1 FROM " \
    "targets t WHERE t.indicator = indicators.id AND t.shape = 'avg_rate' AND t.withdrawn = 0)"

static int indicator_row(chitieu_indicator *ind, sqlite3_stmt *s)
{
    memset(ind, 0, sizeof *ind);
    ind->code = chitieu__col_strdup(s, 0);
    ind->name = chitieu__col_strdup(s, 1);
    ind->name_en = chitieu__col_strdup(s, 2);
    ind->unit = chitieu__col_strdup(s, 3);
    ind->direction = sqlite3_column_int(s, 4) < 0 ? CHITIEU_DIR_DOWN : CHITIEU_DIR_UP;
    ind->min = chitieu__col_num(s, 5);
    ind->max = chitieu__col_num(s, 6);
    ind->goal = chitieu__col_strdup(s, 7);
    ind->agency = chitieu__col_strdup(s, 8);
    ind->aggregate = chitieu__col_strdup(s, 9);
    ind->note = chitieu__col_strdup(s, 10);
    ind->note_en = chitieu__col_strdup(s, 11);
    ind->rate = sqlite3_column_int(s, 12);
    if (!ind->code || !ind->name || !ind->unit || (sqlite3_column_type(s, 10) != SQLITE_NULL && !ind->note) ||
        (sqlite3_column_type(s, 11) != SQLITE_NULL && !ind->note_en)) {
        chitieu_store_indicator_clear(ind);
        return chitieu__fail(CHITIEU_ENOMEM, "out of memory");
    }
    return CHITIEU_OK;
}

int chitieu_store_indicator_get(chitieu_indicator *out, chitieu_store *st, const char *code)
{
    sqlite3_stmt *s;
    int rc = chitieu__prepare(&s, st, "SELECT " INDICATOR_COLS " FROM indicators WHERE code = ?1");
    if (rc)
        return rc;
    sqlite3_bind_text(s, 1, code, -1, SQLITE_STATIC);
    int r = sqlite3_step(s);
    if (r == SQLITE_ROW)
        rc = indicator_row(out, s);
    else if (r == SQLITE_DONE)
        rc = chitieu__fail(CHITIEU_ENOTFOUND, "unknown indicator '%s'", code);
    else
        rc = chitieu__db_fail(st, "reading an indicator");
    sqlite3_finalize(s);
    return rc;
}

/* Grow *arr (of element size `size`) to hold at least n+1 elements. */
int chitieu__grow(void *arrp, size_t *cap, size_t n, size_t size)
{
    void **arr = arrp;
    if (n < *cap)
        return CHITIEU_OK;
    size_t nc = *cap ? *cap * 2 : 16;
    void *p = realloc(*arr, nc * size);
    if (!p)
        return chitieu__fail(CHITIEU_ENOMEM, "out of memory");
    *arr = p;
    *cap = nc;
    return CHITIEU_OK;
}

int chitieu__rows_collect(void *arrp, size_t *n, size_t size, sqlite3_stmt *s, chitieu_store *st, const char *what,
                          int (*fill)(void *elem, sqlite3_stmt *s), void (*free_all)(void *arr, size_t n))
{
    char **arr = arrp; /* bytes, so that element i is at *arr + i * size */
    size_t cap = 0;
    int r, rc = CHITIEU_OK;
    *arr = NULL;
    *n = 0;
    while ((r = sqlite3_step(s)) == SQLITE_ROW) {
        if ((rc = chitieu__grow(arr, &cap, *n, size)))
            break;
        void *elem = *arr + *n * size;
        memset(elem, 0, size);
        (*n)++; /* counted before it is filled, so that free_all releases what fill set before failing */
        if ((rc = fill(elem, s)))
            break;
    }
    if (!rc && r != SQLITE_DONE)
        rc = chitieu__db_fail(st, what);
    sqlite3_finalize(s);
    if (rc) {
        free_all(*arr, *n);
        *arr = NULL;
        *n = 0;
    }
    return rc;
}

/* indicator_row for chitieu__rows_collect. */
static int indicator_elem(void *elem, sqlite3_stmt *s) { return indicator_row(elem, s); }

/* chitieu_store_indicators_free for chitieu__rows_collect. */
static void indicators_free(void *arr, size_t n) { chitieu_store_indicators_free(arr, n); }

int chitieu_store_indicators(chitieu_indicator **out, size_t *n, chitieu_store *st)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *s;
    int rc = chitieu__prepare(&s, st, "SELECT " INDICATOR_COLS " FROM indicators ORDER BY goal, code");
    if (rc)
        return rc;
    return chitieu__rows_collect(out, n, sizeof **out, s, st, "listing indicators", indicator_elem, indicators_free);
}

void chitieu_store_indicator_clear(chitieu_indicator *ind)
{
    if (!ind)
        return;
    free(ind->code);
    free(ind->name);
    free(ind->name_en);
    free(ind->unit);
    free(ind->goal);
    free(ind->agency);
    free(ind->aggregate);
    free(ind->note);
    free(ind->note_en);
    memset(ind, 0, sizeof *ind);
}

void chitieu_store_indicators_free(chitieu_indicator *arr, size_t n)
{
    for (size_t i = 0; arr && i < n; i++)
        chitieu_store_indicator_clear(&arr[i]);
    free(arr);
}

int chitieu__area_row(chitieu_area *out, sqlite3_stmt *s)
{
    memset(out, 0, sizeof *out);
    out->code = chitieu__col_strdup(s, 0);
    out->name = chitieu__col_strdup(s, 1);
    out->level = chitieu__col_strdup(s, 2);
    out->parent = chitieu__col_strdup(s, 3);
    out->valid_from = chitieu__col_strdup(s, 4);
    out->valid_to = chitieu__col_strdup(s, 5);
    out->gso_code = chitieu__col_strdup(s, 6);
    out->name_en = chitieu__col_strdup(s, 7);
    if (!out->code || !out->name || !out->level || (sqlite3_column_type(s, 7) != SQLITE_NULL && !out->name_en)) {
        chitieu_store_area_clear(out);
        return chitieu__fail(CHITIEU_ENOMEM, "out of memory");
    }
    return CHITIEU_OK;
}

int chitieu_store_area_get(chitieu_area *out, chitieu_store *st, const char *code)
{
    sqlite3_stmt *s;
    int rc = chitieu__prepare(&s, st, "SELECT " CHITIEU__AREA_COLS " WHERE a.code = ?1");
    if (rc)
        return rc;
    sqlite3_bind_text(s, 1, code, -1, SQLITE_STATIC);
    int r = sqlite3_step(s);
    memset(out, 0, sizeof *out);
    if (r == SQLITE_ROW)
        rc = chitieu__area_row(out, s);
    else if (r == SQLITE_DONE)
        rc = chitieu__fail(CHITIEU_ENOTFOUND, "unknown area '%s'", code);
    else
        rc = chitieu__db_fail(st, "reading an area");
    sqlite3_finalize(s);
    return rc;
}

void chitieu_store_area_clear(chitieu_area *a)
{
    if (!a)
        return;
    free(a->code);
    free(a->name);
    free(a->level);
    free(a->parent);
    free(a->valid_from);
    free(a->valid_to);
    free(a->gso_code);
    free(a->name_en);
    memset(a, 0, sizeof *a);
}

/* One chitieu_target from a row of chitieu_store_targets's query (chitieu__rows_collect's fill). */
static int target_row(void *elem, sqlite3_stmt *s)
{
    chitieu_target *t = elem;
    t->plan = chitieu__col_strdup(s, 0);
    t->indicator = chitieu__col_strdup(s, 1);
    t->area = chitieu__col_strdup(s, 2);
    if (chitieu_shape_parse(&t->shape, (const char *)sqlite3_column_text(s, 3)))
        t->shape = CHITIEU_SHAPE_COUNT_; /* asserted impossible: the loader only stores known shapes */
    t->year = sqlite3_column_int(s, 4);
    t->from = sqlite3_column_int(s, 5);
    t->low = chitieu__col_num(s, 6);
    t->high = chitieu__col_num(s, 7);
    t->versus = chitieu__col_strdup(s, 8);
    t->source = chitieu__col_strdup(s, 9);
    t->note = chitieu__col_strdup(s, 10);
    t->versus_area = chitieu__col_strdup(s, 11);
    if (!t->plan || !t->indicator || !t->area)
        return chitieu__fail(CHITIEU_ENOMEM, "out of memory");
    return CHITIEU_OK;
}

/* chitieu_store_targets_free for chitieu__rows_collect. */
static void targets_free(void *arr, size_t n) { chitieu_store_targets_free(arr, n); }

int chitieu_store_targets(chitieu_target **out, size_t *n, chitieu_store *st, const char *plan, const char *area)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *s;
    int rc = chitieu__prepare(&s, st,
                              "SELECT p.code, i.code, a.code, t.shape, t.year, t.from_year, t.low, t.high, v.code,"
                              " t.source, t.note, va.code FROM targets t JOIN plans p ON p.id = t.plan"
                              " JOIN indicators i ON i.id = t.indicator JOIN areas a ON a.id = t.area"
                              " LEFT JOIN indicators v ON v.id = t.versus LEFT JOIN areas va ON va.id = t.versus_area"
                              " WHERE t.withdrawn = 0 AND (?1 IS NULL OR p.code = ?1) AND (?2 IS NULL OR a.code = ?2)"
                              " ORDER BY p.id, t.batch, t.line, t.id");
    if (rc)
        return rc;
    sqlite3_bind_text(s, 1, plan, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, area, -1, SQLITE_STATIC);
    return chitieu__rows_collect(out, n, sizeof **out, s, st, "listing targets", target_row, targets_free);
}

void chitieu__target_clear(chitieu_target *t)
{
    free(t->plan);
    free(t->indicator);
    free(t->area);
    free(t->versus);
    free(t->versus_area);
    free(t->source);
    free(t->note);
}

void chitieu_store_targets_free(chitieu_target *arr, size_t n)
{
    for (size_t i = 0; arr && i < n; i++)
        chitieu__target_clear(&arr[i]);
    free(arr);
}

int chitieu_store_plan_name(char **out, chitieu_store *st, const char *plan)
{
    sqlite3_stmt *s;
    int rc = chitieu__prepare(&s, st, "SELECT name FROM plans WHERE code = ?1");
    if (rc)
        return rc;
    sqlite3_bind_text(s, 1, plan, -1, SQLITE_STATIC);
    int r = sqlite3_step(s);
    if (r == SQLITE_ROW)
        rc = (*out = chitieu__col_strdup(s, 0)) ? CHITIEU_OK : CHITIEU_ENOMEM;
    else if (r == SQLITE_DONE)
        rc = chitieu__fail(CHITIEU_ENOTFOUND, "unknown plan '%s'", plan);
    else
        rc = chitieu__db_fail(st, "reading a plan");
    sqlite3_finalize(s);
    return rc;
}

void chitieu_store_plan_clear(chitieu_plan *p)
{
    if (!p)
        return;
    free(p->code);
    free(p->name);
    free(p->document);
    free(p->issued);
    free(p->deadline);
    free(p->name_en);
    free(p->document_en);
    memset(p, 0, sizeof *p);
}

int chitieu_store_plan_get(chitieu_plan *out, chitieu_store *st, const char *plan)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *s;
    int rc = chitieu__prepare(&s, st, "SELECT code, name, document, issued, deadline, name_en, document_en FROM plans WHERE code = ?1");
    if (rc)
        return rc;
    sqlite3_bind_text(s, 1, plan, -1, SQLITE_STATIC);
    int r = sqlite3_step(s);
    if (r == SQLITE_ROW) {
        out->code = chitieu__col_strdup(s, 0);
        out->name = chitieu__col_strdup(s, 1);
        out->document = chitieu__col_strdup(s, 2);
        out->issued = chitieu__col_strdup(s, 3);
        out->deadline = chitieu__col_strdup(s, 4);
        out->name_en = chitieu__col_strdup(s, 5);
        out->document_en = chitieu__col_strdup(s, 6);
        if (!out->code || !out->name || (sqlite3_column_type(s, 2) != SQLITE_NULL && !out->document) ||
            (sqlite3_column_type(s, 3) != SQLITE_NULL && !out->issued) ||
            (sqlite3_column_type(s, 4) != SQLITE_NULL && !out->deadline) ||
            (sqlite3_column_type(s, 5) != SQLITE_NULL && !out->name_en) ||
            (sqlite3_column_type(s, 6) != SQLITE_NULL && !out->document_en)) {
            chitieu_store_plan_clear(out);
            rc = chitieu__fail(CHITIEU_ENOMEM, "out of memory");
        }
    } else if (r == SQLITE_DONE) {
        rc = chitieu__fail(CHITIEU_ENOTFOUND, "unknown plan '%s'", plan);
    } else {
        rc = chitieu__db_fail(st, "reading a plan");
    }
    sqlite3_finalize(s);
    return rc;
}

/* One code from a row of chitieu_store_codes' query (chitieu__rows_collect's fill). */
static int code_row(void *elem, sqlite3_stmt *s)
{
    char **code = elem;
    return (*code = chitieu__col_strdup(s, 0)) ? CHITIEU_OK : chitieu__fail(CHITIEU_ENOMEM, "out of memory");
}

/* chitieu_store_codes_free for chitieu__rows_collect. */
static void codes_free(void *arr, size_t n) { chitieu_store_codes_free(arr, n); }

int chitieu_store_codes(char ***out, size_t *n, chitieu_store *st, chitieu_code_kind kind)
{
    static const char *const sql[] = {"SELECT code FROM plans ORDER BY id", "SELECT code FROM areas ORDER BY id",
                                      "SELECT code FROM indicators ORDER BY id",
                                      "SELECT agency FROM indicators WHERE agency IS NOT NULL AND agency <> '' "
                                      "GROUP BY agency ORDER BY min(id)"};
    *out = NULL;
    *n = 0;
    if (kind < 0 || kind > CHITIEU_CODE_AGENCY)
        return chitieu__fail(CHITIEU_EINVALID, "unknown kind of code");
    sqlite3_stmt *s;
    int rc = chitieu__prepare(&s, st, sql[kind]);
    if (rc)
        return rc;
    return chitieu__rows_collect(out, n, sizeof **out, s, st, "listing codes", code_row, codes_free);
}

void chitieu_store_codes_free(char **codes, size_t n)
{
    for (size_t i = 0; codes && i < n; i++)
        free(codes[i]);
    free(codes);
}

int chitieu_store_last_load(char **out, chitieu_store *st)
{
    *out = NULL;
    sqlite3_stmt *s;
    int rc = chitieu__prepare(&s, st, "SELECT max(loaded_at) FROM batches WHERE kind = 'observations'");
    if (rc)
        return rc;
    int r = sqlite3_step(s);
    if (r == SQLITE_ROW) {
        if (sqlite3_column_type(s, 0) != SQLITE_NULL && !(*out = chitieu__col_strdup(s, 0)))
            rc = CHITIEU_ENOMEM;
    } else {
        rc = chitieu__db_fail(st, "reading the batches");
    }
    sqlite3_finalize(s);
    return rc;
}

/* One chitieu_revision from a row of chitieu_store_history's query (chitieu__rows_collect's fill). */
static int revision_row(void *elem, sqlite3_stmt *s)
{
    chitieu_revision *v = elem;
    v->indicator = chitieu__col_strdup(s, 0);
    v->area = chitieu__col_strdup(s, 1);
    v->year = sqlite3_column_int(s, 2);
    v->revision = sqlite3_column_int(s, 3);
    v->value = sqlite3_column_double(s, 4);
    v->status = *(const char *)sqlite3_column_text(s, 5);
    v->source = chitieu__col_strdup(s, 6);
    v->note = chitieu__col_strdup(s, 7);
    v->batch = (long)sqlite3_column_int64(s, 8);
    v->file = chitieu__col_strdup(s, 9);
    v->sha256 = chitieu__col_strdup(s, 10);
    v->loaded_at = chitieu__col_strdup(s, 11);
    v->agency = chitieu__col_strdup(s, 12);
    v->line = (unsigned long)sqlite3_column_int64(s, 13);
    v->withdrawn = sqlite3_column_int(s, 14);
    v->restores = sqlite3_column_int(s, 15);
    v->batch_note = chitieu__col_strdup(s, 16);
    if (!v->indicator || !v->area || !v->file || !v->sha256 || !v->loaded_at)
        return chitieu__fail(CHITIEU_ENOMEM, "out of memory");
    return CHITIEU_OK;
}

/* chitieu_store_revisions_free for chitieu__rows_collect. */
static void revisions_free(void *arr, size_t n) { chitieu_store_revisions_free(arr, n); }

int chitieu_store_history(chitieu_revision **out, size_t *n, chitieu_store *st, const char *indicator,
                          const char *area, int year)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *s;
    int rc = chitieu__prepare(&s, st,
                              "SELECT i.code, a.code, o.year, o.revision, o.value, o.status, o.source, o.note,"
                              " b.id, b.file, b.sha256, b.loaded_at, b.agency, o.line, o.withdrawn, o.restores,"
                              " b.note FROM observations o JOIN indicators i ON i.id = o.indicator"
                              " JOIN areas a ON a.id = o.area JOIN batches b ON b.id = o.batch"
                              " WHERE i.code = ?1 AND a.code = ?2 AND (?3 = 0 OR o.year = ?3)"
                              " ORDER BY o.year, o.revision");
    if (rc)
        return rc;
    sqlite3_bind_text(s, 1, indicator, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, area, -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 3, year);
    return chitieu__rows_collect(out, n, sizeof **out, s, st, "reading history", revision_row, revisions_free);
}

void chitieu_store_revisions_free(chitieu_revision *arr, size_t n)
{
    for (size_t i = 0; arr && i < n; i++) {
        chitieu_revision *v = &arr[i];
        free(v->indicator);
        free(v->area);
        free(v->source);
        free(v->note);
        free(v->file);
        free(v->sha256);
        free(v->loaded_at);
        free(v->agency);
        free(v->batch_note);
    }
    free(arr);
}

/* One chitieu_missing from a row of chitieu_store_missing's query (chitieu__rows_collect's fill). */
static int missing_row(void *elem, sqlite3_stmt *s)
{
    chitieu_missing *m = elem;
    m->agency = chitieu__col_strdup(s, 0);
    m->indicator = chitieu__col_strdup(s, 1);
    m->name = chitieu__col_strdup(s, 2);
    m->area = chitieu__col_strdup(s, 3);
    m->last_year = sqlite3_column_int(s, 4);
    return m->indicator && m->name && m->area ? CHITIEU_OK : chitieu__fail(CHITIEU_ENOMEM, "out of memory");
}

/* chitieu_store_missing_free for chitieu__rows_collect. */
static void missing_free(void *arr, size_t n) { chitieu_store_missing_free(arr, n); }

int chitieu_store_missing(chitieu_missing **out, size_t *n, chitieu_store *st, int year)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *s;
    /* Expected pairs: those a target names for a year on or after `year` (or its period covers it),
     * and those with a figure in an earlier year.  Withdrawn figures (a reverted load) do not count. */
    int rc = chitieu__prepare(&s, st,
                              "WITH expected(ind, area) AS ("
                              "  SELECT indicator, area FROM targets WHERE year >= ?1 AND withdrawn = 0"
                              "  UNION SELECT indicator, area FROM current_obs WHERE year < ?1)"
                              " SELECT i.agency, i.code, i.name, a.code,"
                              "  (SELECT max(year) FROM current_obs o WHERE o.indicator = e.ind AND o.area = e.area)"
                              " FROM expected e JOIN indicators i ON i.id = e.ind JOIN areas a ON a.id = e.area"
                              " WHERE NOT EXISTS (SELECT 1 FROM current_obs o"
                              "   WHERE o.indicator = e.ind AND o.area = e.area AND o.year = ?1)"
                              " ORDER BY i.agency IS NULL, i.agency, i.code, a.code");
    if (rc)
        return rc;
    sqlite3_bind_int(s, 1, year);
    return chitieu__rows_collect(out, n, sizeof **out, s, st, "listing missing figures", missing_row, missing_free);
}

void chitieu_store_missing_free(chitieu_missing *arr, size_t n)
{
    for (size_t i = 0; arr && i < n; i++) {
        free(arr[i].agency);
        free(arr[i].indicator);
        free(arr[i].name);
        free(arr[i].area);
    }
    free(arr);
}

int chitieu_store_foreach_current(chitieu_store *st, chitieu_obs_fn fn, void *ctx)
{
    sqlite3_stmt *s;
    int rc = chitieu__prepare(&s, st,
                              "SELECT i.code, a.code, o.year, o.value, o.status, o.source, o.note"
                              " FROM current_obs o JOIN indicators i ON i.id = o.indicator"
                              " JOIN areas a ON a.id = o.area ORDER BY i.code, a.code, o.year");
    if (rc)
        return rc;
    int r;
    while ((r = sqlite3_step(s)) == SQLITE_ROW) {
        rc = fn(ctx, (const char *)sqlite3_column_text(s, 0), (const char *)sqlite3_column_text(s, 1),
                sqlite3_column_int(s, 2), sqlite3_column_double(s, 3), *(const char *)sqlite3_column_text(s, 4),
                (const char *)sqlite3_column_text(s, 5), (const char *)sqlite3_column_text(s, 6));
        if (rc)
            break;
    }
    if (!rc && r != SQLITE_DONE)
        rc = chitieu__db_fail(st, "reading observations");
    sqlite3_finalize(s);
    return rc;
}

int chitieu_store_count(chitieu_store_counts *out, chitieu_store *st)
{
    sqlite3_stmt *s;
    int rc = chitieu__prepare(&s, st,
                              "SELECT (SELECT count(*) FROM plans), (SELECT count(*) FROM areas),"
                              " (SELECT count(*) FROM indicators), (SELECT count(*) FROM targets WHERE withdrawn = 0),"
                              " (SELECT count(*) FROM current_obs), (SELECT count(*) FROM observations),"
                              " (SELECT count(*) FROM batches)");
    if (rc)
        return rc;
    if (sqlite3_step(s) == SQLITE_ROW) {
        long *f[] = {&out->plans, &out->areas, &out->indicators, &out->targets,
                     &out->observations, &out->revisions, &out->batches};
        for (int i = 0; i < 7; i++)
            *f[i] = (long)sqlite3_column_int64(s, i);
    } else
        rc = chitieu__db_fail(st, "counting");
    sqlite3_finalize(s);
    return rc;
}
