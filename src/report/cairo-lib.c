/*
 * cairo-lib.c — the cairo and pango functions the report draws with, found
 * at run time.  HV_CAIRO_SONAME, HV_PANGO_SONAME, HV_PANGOCAIRO_SONAME and
 * HV_GOBJECT_SONAME (the libraries' files, e.g. libcairo.so.2) come from
 * the Makefile, which reads them from the installed libraries.
 */
#include "cairo-lib.h"

#include "core/dlopen.h"

#ifndef HV_CAIRO_SONAME
#define HV_CAIRO_SONAME ""
#endif
#ifndef HV_PANGO_SONAME
#define HV_PANGO_SONAME ""
#endif
#ifndef HV_PANGOCAIRO_SONAME
#define HV_PANGOCAIRO_SONAME ""
#endif
#ifndef HV_GOBJECT_SONAME
#define HV_GOBJECT_SONAME ""
#endif

/* The names are the header's macros: undo them to name the pointers and
 * the libraries' symbols. */
#undef cairo_arc
#undef cairo_clip
#undef cairo_close_path
#undef cairo_create
#undef cairo_destroy
#undef cairo_fill
#undef cairo_line_to
#undef cairo_move_to
#undef cairo_new_sub_path
#undef cairo_pdf_surface_create_for_stream
#undef cairo_pdf_surface_set_metadata
#undef cairo_rectangle
#undef cairo_restore
#undef cairo_save
#undef cairo_scale
#undef cairo_set_line_cap
#undef cairo_set_line_join
#undef cairo_set_line_width
#undef cairo_set_source_rgb
#undef cairo_show_page
#undef cairo_status_to_string
#undef cairo_stroke
#undef cairo_surface_destroy
#undef cairo_surface_finish
#undef cairo_surface_status
#undef cairo_translate
#undef pango_font_description_free
#undef pango_font_description_from_string
#undef pango_font_description_set_absolute_size
#undef pango_font_description_set_style
#undef pango_font_description_set_weight
#undef pango_layout_get_baseline
#undef pango_layout_get_size
#undef pango_layout_set_alignment
#undef pango_layout_set_font_description
#undef pango_layout_set_text
#undef pango_layout_set_width
#undef pango_layout_set_wrap
#undef pango_cairo_create_layout
#undef pango_cairo_show_layout
#undef g_object_unref

__typeof__(cairo_arc) *sym_cairo_arc;
__typeof__(cairo_clip) *sym_cairo_clip;
__typeof__(cairo_close_path) *sym_cairo_close_path;
__typeof__(cairo_create) *sym_cairo_create;
__typeof__(cairo_destroy) *sym_cairo_destroy;
__typeof__(cairo_fill) *sym_cairo_fill;
__typeof__(cairo_line_to) *sym_cairo_line_to;
__typeof__(cairo_move_to) *sym_cairo_move_to;
__typeof__(cairo_new_sub_path) *sym_cairo_new_sub_path;
__typeof__(cairo_pdf_surface_create_for_stream) *sym_cairo_pdf_surface_create_for_stream;
__typeof__(cairo_pdf_surface_set_metadata) *sym_cairo_pdf_surface_set_metadata;
__typeof__(cairo_rectangle) *sym_cairo_rectangle;
__typeof__(cairo_restore) *sym_cairo_restore;
__typeof__(cairo_save) *sym_cairo_save;
__typeof__(cairo_scale) *sym_cairo_scale;
__typeof__(cairo_set_line_cap) *sym_cairo_set_line_cap;
__typeof__(cairo_set_line_join) *sym_cairo_set_line_join;
__typeof__(cairo_set_line_width) *sym_cairo_set_line_width;
__typeof__(cairo_set_source_rgb) *sym_cairo_set_source_rgb;
__typeof__(cairo_show_page) *sym_cairo_show_page;
__typeof__(cairo_status_to_string) *sym_cairo_status_to_string;
__typeof__(cairo_stroke) *sym_cairo_stroke;
__typeof__(cairo_surface_destroy) *sym_cairo_surface_destroy;
__typeof__(cairo_surface_finish) *sym_cairo_surface_finish;
__typeof__(cairo_surface_status) *sym_cairo_surface_status;
__typeof__(cairo_translate) *sym_cairo_translate;
__typeof__(pango_font_description_free) *sym_pango_font_description_free;
__typeof__(pango_font_description_from_string) *sym_pango_font_description_from_string;
__typeof__(pango_font_description_set_absolute_size) *sym_pango_font_description_set_absolute_size;
__typeof__(pango_font_description_set_style) *sym_pango_font_description_set_style;
__typeof__(pango_font_description_set_weight) *sym_pango_font_description_set_weight;
__typeof__(pango_layout_get_baseline) *sym_pango_layout_get_baseline;
__typeof__(pango_layout_get_size) *sym_pango_layout_get_size;
__typeof__(pango_layout_set_alignment) *sym_pango_layout_set_alignment;
__typeof__(pango_layout_set_font_description) *sym_pango_layout_set_font_description;
__typeof__(pango_layout_set_text) *sym_pango_layout_set_text;
__typeof__(pango_layout_set_width) *sym_pango_layout_set_width;
__typeof__(pango_layout_set_wrap) *sym_pango_layout_set_wrap;
__typeof__(pango_cairo_create_layout) *sym_pango_cairo_create_layout;
__typeof__(pango_cairo_show_layout) *sym_pango_cairo_show_layout;
__typeof__(g_object_unref) *sym_g_object_unref;

int hv_cairo_load(struct hv_error *err)
{
	static void *cairo, *pango, *pangocairo, *gobject;
	static const struct hv_dlsym cairo_syms[] = {
	    HV_DLSYM(cairo_arc),
	    HV_DLSYM(cairo_clip),
	    HV_DLSYM(cairo_close_path),
	    HV_DLSYM(cairo_create),
	    HV_DLSYM(cairo_destroy),
	    HV_DLSYM(cairo_fill),
	    HV_DLSYM(cairo_line_to),
	    HV_DLSYM(cairo_move_to),
	    HV_DLSYM(cairo_new_sub_path),
	    HV_DLSYM(cairo_pdf_surface_create_for_stream),
	    HV_DLSYM(cairo_pdf_surface_set_metadata),
	    HV_DLSYM(cairo_rectangle),
	    HV_DLSYM(cairo_restore),
	    HV_DLSYM(cairo_save),
	    HV_DLSYM(cairo_scale),
	    HV_DLSYM(cairo_set_line_cap),
	    HV_DLSYM(cairo_set_line_join),
	    HV_DLSYM(cairo_set_line_width),
	    HV_DLSYM(cairo_set_source_rgb),
	    HV_DLSYM(cairo_show_page),
	    HV_DLSYM(cairo_status_to_string),
	    HV_DLSYM(cairo_stroke),
	    HV_DLSYM(cairo_surface_destroy),
	    HV_DLSYM(cairo_surface_finish),
	    HV_DLSYM(cairo_surface_status),
	    HV_DLSYM(cairo_translate),
	};
	static const struct hv_dlsym pango_syms[] = {
	    HV_DLSYM(pango_font_description_free),
	    HV_DLSYM(pango_font_description_from_string),
	    HV_DLSYM(pango_font_description_set_absolute_size),
	    HV_DLSYM(pango_font_description_set_style),
	    HV_DLSYM(pango_font_description_set_weight),
	    HV_DLSYM(pango_layout_get_baseline),
	    HV_DLSYM(pango_layout_get_size),
	    HV_DLSYM(pango_layout_set_alignment),
	    HV_DLSYM(pango_layout_set_font_description),
	    HV_DLSYM(pango_layout_set_text),
	    HV_DLSYM(pango_layout_set_width),
	    HV_DLSYM(pango_layout_set_wrap),
	};
	static const struct hv_dlsym pangocairo_syms[] = {
	    HV_DLSYM(pango_cairo_create_layout),
	    HV_DLSYM(pango_cairo_show_layout),
	};
	static const struct hv_dlsym gobject_syms[] = {
	    HV_DLSYM(g_object_unref),
	};
#define N(a) (sizeof(a) / sizeof *(a))
	return hv_dlopen(&cairo, HV_CAIRO_SONAME, "cairo", "libcairo2", cairo_syms, N(cairo_syms),
	                 err) < 0 ||
	               hv_dlopen(&pango, HV_PANGO_SONAME, "pango", "libpango-1.0-0", pango_syms,
	                         N(pango_syms), err) < 0 ||
	               hv_dlopen(&pangocairo, HV_PANGOCAIRO_SONAME, "pangocairo",
	                         "libpangocairo-1.0-0", pangocairo_syms, N(pangocairo_syms),
	                         err) < 0 ||
	               hv_dlopen(&gobject, HV_GOBJECT_SONAME, "GObject", "libglib2.0-0",
	                         gobject_syms, N(gobject_syms), err) < 0
	           ? -1
	           : 0;
#undef N
}
