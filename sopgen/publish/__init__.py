"""Publishing: the static site of every SOP (`sopgen situs`)."""
