/*
 * cairo-lib.h — cairo and pango, loaded when a report or card is first
 * drawn as PDF (see core/dlopen.h for why: linked, they and the two dozen
 * libraries they bring cost every command, check and coach included,
 * several milliseconds at start).  The drawing code includes this instead
 * of the libraries' headers and reads as plain cairo and pango: each name
 * below stands for a pointer filled by hv_cairo_load, typed by the
 * libraries' own declarations, so every call is checked as a direct one is.
 */
#ifndef HAVEN_CAIRO_LIB_H
#define HAVEN_CAIRO_LIB_H

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include "core/error.h"

/* Load them (once); 0, or -1 with err saying what to install.  Nothing
 * below may be called before it has answered 0. */
int hv_cairo_load(struct hv_error *err);

extern __typeof__(cairo_arc) *sym_cairo_arc;
extern __typeof__(cairo_clip) *sym_cairo_clip;
extern __typeof__(cairo_close_path) *sym_cairo_close_path;
extern __typeof__(cairo_create) *sym_cairo_create;
extern __typeof__(cairo_destroy) *sym_cairo_destroy;
extern __typeof__(cairo_fill) *sym_cairo_fill;
extern __typeof__(cairo_line_to) *sym_cairo_line_to;
extern __typeof__(cairo_move_to) *sym_cairo_move_to;
extern __typeof__(cairo_new_sub_path) *sym_cairo_new_sub_path;
extern __typeof__(cairo_pdf_surface_create_for_stream) *sym_cairo_pdf_surface_create_for_stream;
extern __typeof__(cairo_pdf_surface_set_metadata) *sym_cairo_pdf_surface_set_metadata;
extern __typeof__(cairo_rectangle) *sym_cairo_rectangle;
extern __typeof__(cairo_restore) *sym_cairo_restore;
extern __typeof__(cairo_save) *sym_cairo_save;
extern __typeof__(cairo_scale) *sym_cairo_scale;
extern __typeof__(cairo_set_line_cap) *sym_cairo_set_line_cap;
extern __typeof__(cairo_set_line_join) *sym_cairo_set_line_join;
extern __typeof__(cairo_set_line_width) *sym_cairo_set_line_width;
extern __typeof__(cairo_set_source_rgb) *sym_cairo_set_source_rgb;
extern __typeof__(cairo_show_page) *sym_cairo_show_page;
extern __typeof__(cairo_status_to_string) *sym_cairo_status_to_string;
extern __typeof__(cairo_stroke) *sym_cairo_stroke;
extern __typeof__(cairo_surface_destroy) *sym_cairo_surface_destroy;
extern __typeof__(cairo_surface_finish) *sym_cairo_surface_finish;
extern __typeof__(cairo_surface_status) *sym_cairo_surface_status;
extern __typeof__(cairo_translate) *sym_cairo_translate;
extern __typeof__(pango_font_description_free) *sym_pango_font_description_free;
extern __typeof__(pango_font_description_from_string) *sym_pango_font_description_from_string;
extern __typeof__(pango_font_description_set_absolute_size)
    *sym_pango_font_description_set_absolute_size;
extern __typeof__(pango_font_description_set_style) *sym_pango_font_description_set_style;
extern __typeof__(pango_font_description_set_weight) *sym_pango_font_description_set_weight;
extern __typeof__(pango_layout_get_baseline) *sym_pango_layout_get_baseline;
extern __typeof__(pango_layout_get_size) *sym_pango_layout_get_size;
extern __typeof__(pango_layout_set_alignment) *sym_pango_layout_set_alignment;
extern __typeof__(pango_layout_set_font_description) *sym_pango_layout_set_font_description;
extern __typeof__(pango_layout_set_text) *sym_pango_layout_set_text;
extern __typeof__(pango_layout_set_width) *sym_pango_layout_set_width;
extern __typeof__(pango_layout_set_wrap) *sym_pango_layout_set_wrap;
extern __typeof__(pango_cairo_create_layout) *sym_pango_cairo_create_layout;
extern __typeof__(pango_cairo_show_layout) *sym_pango_cairo_show_layout;
extern __typeof__(g_object_unref) *sym_g_object_unref;

#define cairo_arc                                sym_cairo_arc
#define cairo_clip                               sym_cairo_clip
#define cairo_close_path                         sym_cairo_close_path
#define cairo_create                             sym_cairo_create
#define cairo_destroy                            sym_cairo_destroy
#define cairo_fill                               sym_cairo_fill
#define cairo_line_to                            sym_cairo_line_to
#define cairo_move_to                            sym_cairo_move_to
#define cairo_new_sub_path                       sym_cairo_new_sub_path
#define cairo_pdf_surface_create_for_stream      sym_cairo_pdf_surface_create_for_stream
#define cairo_pdf_surface_set_metadata           sym_cairo_pdf_surface_set_metadata
#define cairo_rectangle                          sym_cairo_rectangle
#define cairo_restore                            sym_cairo_restore
#define cairo_save                               sym_cairo_save
#define cairo_scale                              sym_cairo_scale
#define cairo_set_line_cap                       sym_cairo_set_line_cap
#define cairo_set_line_join                      sym_cairo_set_line_join
#define cairo_set_line_width                     sym_cairo_set_line_width
#define cairo_set_source_rgb                     sym_cairo_set_source_rgb
#define cairo_show_page                          sym_cairo_show_page
#define cairo_status_to_string                   sym_cairo_status_to_string
#define cairo_stroke                             sym_cairo_stroke
#define cairo_surface_destroy                    sym_cairo_surface_destroy
#define cairo_surface_finish                     sym_cairo_surface_finish
#define cairo_surface_status                     sym_cairo_surface_status
#define cairo_translate                          sym_cairo_translate
#define pango_font_description_free              sym_pango_font_description_free
#define pango_font_description_from_string       sym_pango_font_description_from_string
#define pango_font_description_set_absolute_size sym_pango_font_description_set_absolute_size
#define pango_font_description_set_style         sym_pango_font_description_set_style
#define pango_font_description_set_weight        sym_pango_font_description_set_weight
#define pango_layout_get_baseline                sym_pango_layout_get_baseline
#define pango_layout_get_size                    sym_pango_layout_get_size
#define pango_layout_set_alignment               sym_pango_layout_set_alignment
#define pango_layout_set_font_description        sym_pango_layout_set_font_description
#define pango_layout_set_text                    sym_pango_layout_set_text
#define pango_layout_set_width                   sym_pango_layout_set_width
#define pango_layout_set_wrap                    sym_pango_layout_set_wrap
#define pango_cairo_create_layout                sym_pango_cairo_create_layout
#define pango_cairo_show_layout                  sym_pango_cairo_show_layout
#define g_object_unref                           sym_g_object_unref

#endif
