"""Stage 4, the reports for leadership: which units have which SOPs, in force, due for
review (`sopgen status`), and the recap as .docx and .xlsx."""
