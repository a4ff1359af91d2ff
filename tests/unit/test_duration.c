/*
 * test_duration.c — the one grammar of lengths of time (core/duration.h):
 * what coach --hold, chat wait --for and the web app's hold all read.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/duration.h"

#define MIN  60000LL
#define HOUR (60 * MIN)
#define DAY  (24 * HOUR)

static void expect_ms(const char *text, int64_t want)
{
	int64_t ms = -7;
	if (hv_duration_read(text, HV_DURATION_YEAR_MS, &ms) < 0)
		fail_msg("\"%s\" was refused", text);
	assert_int_equal(ms, want);
}

static void expect_refused(const char *text)
{
	int64_t ms = -7;
	if (hv_duration_read(text, HV_DURATION_YEAR_MS, &ms) == 0)
		fail_msg("\"%s\" was read as %lld ms", text, (long long)ms);
	assert_int_equal(ms, -7);
}

static void test_units(void **state)
{
	(void)state;
	expect_ms("90s", 90000);
	expect_ms("15m", 15 * MIN);
	expect_ms("2h", 2 * HOUR);
	expect_ms("1d", DAY);
	expect_ms("1 hour", HOUR);
	expect_ms("25 mins", 25 * MIN);
	expect_ms("3 Days", 3 * DAY);
	expect_ms("10 sec", 10000);
	expect_ms("2 hrs", 2 * HOUR);
}

static void test_fractions_and_groups(void **state)
{
	(void)state;
	expect_ms("1.5h", 90 * MIN); /* coach --hold 1.5h used to fail */
	expect_ms("0.5m", 30000);
	expect_ms("1.25d", 30 * HOUR);
	expect_ms("2h30m", 150 * MIN);
	expect_ms("1h 30m", 90 * MIN);
	expect_ms("1 hour 20 min", 80 * MIN);
	expect_ms("1d2h3m4s", DAY + 2 * HOUR + 3 * MIN + 4000);
	expect_ms("  20m  ", 20 * MIN);
}

static void test_bare_number_is_minutes(void **state)
{
	(void)state;
	expect_ms("25", 25 * MIN);
	expect_ms("2h30", 150 * MIN);
	expect_ms("1.5", 90000);
}

static void test_refused(void **state)
{
	(void)state;
	const char *bad[] = {"",        "   ",     "soon", "h",    "-5m",   "+5m",  "5mm",
	                     "5 weeks", "1e3m",    "inf",  "nan",  "0x10m", "1,5h", "1.h",
	                     ".5h",     "1.2345h", "0",    "0m0s", "5m-",   "5m!",  "1234567m"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		expect_refused(bad[i]);
	int64_t ms = -7;
	assert_int_equal(hv_duration_read(NULL, HV_DURATION_YEAR_MS, &ms), -1);
}

static void test_limits(void **state)
{
	(void)state;
	expect_ms("365d", 365 * DAY);
	expect_refused("366d");
	assert_int_equal(hv_duration_week("7d"), 7 * DAY);
	assert_int_equal(hv_duration_week("20m"), 20 * MIN);
	assert_int_equal(hv_duration_week("1.5h"), 90 * MIN);
	assert_int_equal(hv_duration_week("8d"), -1);
	assert_int_equal(hv_duration_week("7d1s"), -1);
	assert_int_equal(hv_duration_week("soon"), -1);
	/* what test_coach.c held of the hold's old parser, moved here */
	assert_int_equal(hv_duration_week("2h30m"), 150 * MIN);
	assert_int_equal(hv_duration_week("90s"), 90000);
	assert_int_equal(hv_duration_week("1d"), DAY);
	assert_int_equal(hv_duration_week(""), -1);
	assert_int_equal(hv_duration_week("0m"), -1);
	assert_int_equal(hv_duration_week("20"), 20 * MIN); /* was refused; chat wait took it */
	/* Many groups cannot overflow: the sum stops at the limit. */
	char many[4000] = "";
	for (int i = 0; i < 400; i++)
		strcat(many, "999999d ");
	int64_t ms;
	assert_int_equal(hv_duration_read(many, INT64_MAX, &ms), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_units),
	    cmocka_unit_test(test_fractions_and_groups),
	    cmocka_unit_test(test_bare_number_is_minutes),
	    cmocka_unit_test(test_refused),
	    cmocka_unit_test(test_limits),
	};
	return cmocka_run_group_tests_name("duration", tests, NULL, NULL);
}
