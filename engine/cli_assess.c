/* cli_assess.c — placeholder until the assessment module lands (owned by the assess work). */
#include "cli.h"
int cli_cmd_project(int argc, char **argv, const cli_env *env)
{ (void)argc; (void)argv; (void)env; return cli_fail("project", "not built yet"); }
int cli_cmd_assess(int argc, char **argv, const cli_env *env)
{ (void)argc; (void)argv; (void)env; return cli_fail("assess", "not built yet"); }
