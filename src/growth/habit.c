/*
 * habit.c — how strong an ongoing practice has become (see growth.h).
 *
 * Loop Habit Tracker's score, for a daily habit: each day the strength
 * keeps a share m of itself and moves the rest toward 1 when the practice
 * was done, toward 0 when it was not.  With m = 0.5^(1/13) a missed day
 * costs about five per cent of the strength, and thirteen days apart halve
 * it, so nothing a person built is lost in one day, the way a streak is.
 */
#include "growth.h"

#include <math.h>

double hv_habit_multiplier(void)
{
	return pow(0.5, 1.0 / 13.0);
}

double hv_habit_score(const unsigned char *done, size_t days)
{
	double m = hv_habit_multiplier(), score = 0;
	for (size_t i = 0; i < days; i++)
		score = score * m + (done[i] ? 1.0 - m : 0.0);
	return score;
}
