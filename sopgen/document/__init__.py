"""Stage 3, the documents: one SOP (identity page and flowchart pages) and a unit's whole
book (cover, decree, daftar isi, SOPs, forms) as .docx, from the docxtpl templates."""
