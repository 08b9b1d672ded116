/*
 * tests/sql_int.h — for the cmocka tests that look at a store file directly
 * (not through the library): one integer from SQL, on a read-only connection
 * of its own.  Include after <cmocka.h> and <sqlite3.h>.
 */
#ifndef CHITIEU_TESTS_SQL_INT_H
#define CHITIEU_TESTS_SQL_INT_H

/* The first column of the first row of sql run on the database at path; -1 when there is no row. */
static inline int sql_int(const char *path, const char *sql)
{
    sqlite3 *db;
    sqlite3_stmt *q;
    int v = -1;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &q, NULL), SQLITE_OK);
    if (sqlite3_step(q) == SQLITE_ROW)
        v = sqlite3_column_int(q, 0);
    sqlite3_finalize(q);
    sqlite3_close(db);
    return v;
}

#endif
