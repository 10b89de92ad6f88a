"""Plain HTML pieces shared by pages and views: style, notices, readings of a check-in.
Never imports ipywidgets."""
