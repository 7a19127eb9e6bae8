"""`sopgen preview`: a local web page per SOP that redraws its flowchart, from the same
layout as the book, within a second of the author saving the YAML."""
