/* cli_forecast.c — placeholder until the trend module lands (owned by the trend work). */
#include "cli.h"
int cli_cmd_forecast(int argc, char **argv, const cli_env *env)
{ (void)argc; (void)argv; (void)env; return cli_fail("forecast", "not built yet"); }
