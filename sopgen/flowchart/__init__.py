"""Stage 2, the flowchart: lay a SOP's steps out on pages (columns, rows, symbols, arrows,
labels) as pure geometry, then draw that geometry as DrawingML shapes for Word."""
