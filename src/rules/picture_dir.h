/*
 * picture_dir.h - where pictures may come from: the one folder a caller
 * named (kg_graph_set_images), read by the image rule (image.h), the
 * presentation columns (presentation.h) and the SVG gate (svgcheck.h).
 */
#ifndef KG_PICTURE_DIR_H
#define KG_PICTURE_DIR_H

/* The real path of the folder (NULL: none, so no picture may be drawn),
 * and what messages call that setting (kg_setting_name:
 * "kg_graph_set_images", or the caller's own name). */
typedef struct kg_picture_dir {
    const char *path;
    const char *setting;
} kg_picture_dir;

#endif
