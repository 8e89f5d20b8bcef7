"""Developer scripts; screenshot.py's browser helpers are shared with the browser test and the page benchmark."""
