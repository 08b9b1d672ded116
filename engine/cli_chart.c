/* cli_chart.c — placeholder until the chart module lands (owned by the chart work). */
#include "cli.h"
int cli_cmd_chart(int argc, char **argv, const cli_env *env)
{ (void)argc; (void)argv; (void)env; return cli_fail("chart", "not built yet"); }
int cli_cmd_report(int argc, char **argv, const cli_env *env)
{ (void)argc; (void)argv; (void)env; return cli_fail("report", "not built yet"); }
