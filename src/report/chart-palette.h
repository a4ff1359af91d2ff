/*
 * chart-palette.h — the colours and the type size every chart is drawn in
 * (the web app's style sheet swaps the colours for the theme's, by each
 * shape's class), and short names for where text is anchored.  For the
 * chart files of this module only.
 */
#ifndef HAVEN_CHART_PALETTE_H
#define HAVEN_CHART_PALETTE_H

#include "chart-model.h"
#include "chart.h"

#define INK    "#1d2b2f"
#define SOFT   "#4a5b60"
#define ACCENT "#2f6f7e"
#define LINE   "#d5dfdd"
#define WARN   "#8a3b12"
#define FONT   HV_CHART_FONT

enum { START = HV_ANCHOR_START, MIDDLE = HV_ANCHOR_MIDDLE, END = HV_ANCHOR_END };

#endif
