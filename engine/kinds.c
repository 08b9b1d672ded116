/*
 * kinds.c — every column and every file kind the loader knows (loader.h).
 *
 * A file's kind is the one whose required columns its header covers best
 * (header.c); its rows then go to the kind's row function.  To add a kind:
 * a name in enum kind (loader.h; the enum order is the order a load
 * applies kinds in), a line in chitieu__kinds and its row function.  To add
 * a column: a name in enum col and chitieu__col_names, and the kinds that
 * take it.
 */
#include "loader.h"

const char *const chitieu__col_names[NCOL] = {
    "plan",    "name", "document", "issued", "code",        "level",     "parent", "unit",  "direction",
    "name_en", "min",  "max",      "goal",   "agency",      "indicator", "area",   "shape", "year",
    "from",    "low",  "high",     "versus", "versus_area", "source",    "note",   "value", "status",
    "valid_from", "valid_to", "gso_code", "aggregate", "from_area", "to_area", "date", "share", "deadline",
    "document_en", "note_en",
};

#define B COLBIT
const chitieu__kind chitieu__kinds[NKIND] = {
    [K_PLANS] = {"plans", "plan,name", B(C_PLAN) | B(C_NAME), B(C_DOCUMENT) | B(C_ISSUED) | B(C_DEADLINE) | B(C_NAME_EN) | B(C_DOCUMENT_EN),
                 chitieu__row_plan},
    [K_AREAS] = {"areas", "code,name,level", B(C_CODE) | B(C_NAME) | B(C_LEVEL),
                 B(C_PARENT) | B(C_VALID_FROM) | B(C_VALID_TO) | B(C_GSO_CODE) | B(C_NAME_EN), chitieu__row_area},
    [K_SUCCESSIONS] = {"successions", "from_area,to_area,date", B(C_FROM_AREA) | B(C_TO_AREA) | B(C_DATE),
                       B(C_SHARE) | B(C_SOURCE) | B(C_NOTE), chitieu__row_succession},
    [K_INDICATORS] = {"indicators", "code,name,unit,direction", B(C_CODE) | B(C_NAME) | B(C_UNIT) | B(C_DIRECTION),
                      B(C_NAME_EN) | B(C_MIN) | B(C_MAX) | B(C_GOAL) | B(C_AGENCY) | B(C_AGGREGATE) | B(C_NOTE) |
                          B(C_NOTE_EN),
                      chitieu__row_indicator},
    [K_TARGETS] = {"targets", "plan,indicator,area,shape,year",
                   B(C_PLAN) | B(C_INDICATOR) | B(C_AREA) | B(C_SHAPE) | B(C_YEAR),
                   B(C_FROM) | B(C_LOW) | B(C_HIGH) | B(C_VERSUS) | B(C_VERSUS_AREA) | B(C_SOURCE) | B(C_NOTE),
                   chitieu__row_target},
    [K_OBS] = {"observations", "indicator,area,year,value", B(C_INDICATOR) | B(C_AREA) | B(C_YEAR) | B(C_VALUE),
               B(C_STATUS) | B(C_SOURCE) | B(C_NOTE), chitieu__row_observation},
};
